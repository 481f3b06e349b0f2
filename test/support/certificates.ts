/**
 * Self-signed certificates made for a test with openssl (node:crypto makes keys, not certificates):
 * the simulated Entra's https server certificate (for 127.0.0.1) and a service principal's certificate
 * credential (key and certificate in one PEM file, as ClientCertificateCredential reads it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  dir: string;
  /** The https server's key and certificate (PEM). */
  server: { key: string; cert: string };
  /** The service principal's certificate (PEM), registered with the simulated tenant. */
  clientCert: string;
  /** Path of the PEM file with the service principal's private key and certificate. */
  clientPemPath: string;
}

function selfSigned(
  dir: string,
  name: string,
  subject: string,
  extra: string[] = [],
): { key: string; cert: string } {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      subject,
      ...extra,
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') };
}

export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'worksync-entra-'));
  const server = selfSigned(dir, 'server', '/CN=127.0.0.1', [
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  const client = selfSigned(dir, 'client', '/CN=worksync-sim-service-principal');
  const clientPemPath = join(dir, 'client.pem');
  writeFileSync(clientPemPath, `${client.key}${client.cert}`);
  return { dir, server, clientCert: client.cert, clientPemPath };
}
