import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AdoSim, type EntraMethod, startAdoSim } from '../../sim/ado/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { AdoApi } from '../../src/connectors/azure-devops/api.js';
import { EntraSignInError } from '../../src/connectors/azure-devops/auth/sign-in-errors.js';
import { AdoConnector } from '../../src/connectors/azure-devops/connector.js';
import { Logs } from '../../src/log/logger.js';
import { syncPlatform } from '../../src/sync/run-once.js';
import { makeCertificates, type TestCertificates } from '../support/certificates.js';
import { backends, simulatorAndDatabase } from '../support/databases.js';
import { runCli } from '../support/run-cli.js';
import { expectEqualToTruth, schema } from './sync-support.js';

const FEDERATED = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6d29ya3N5bmMifQ.c2ln';

let certs: TestCertificates;
beforeAll(() => {
  certs = makeCertificates();
});

/** The simulator with Entra on; the CA of its token endpoint is passed to the SDK in-process. */
function entraSim(items: number, tokenLifetimeSeconds = 3600) {
  return startAdoSim({
    items,
    seed: 17,
    entra: {
      tls: certs.server,
      tokenLifetimeSeconds,
      certificatePem: certs.clientCert,
      federatedToken: FEDERATED,
    },
  });
}
const trust = () => ({ credential: { tlsOptions: { ca: certs.server.cert } } });

function configFor(sim: AdoSim, method: EntraMethod, extra: Record<string, string> = {}) {
  const file =
    method === 'certificate'
      ? certs.clientPemPath
      : method === 'federated'
        ? join(certs.dir, 'federated-token')
        : undefined;
  if (method === 'federated') writeFileSync(file!, FEDERATED);
  return parseConfig({ ...sim.env(), ...sim.entra!.env(method, file), ...extra });
}

describe('Azure DevOps with Microsoft Entra ID', () => {
  const open = simulatorAndDatabase(backends()[0]!);
  // The token-flow tests share one simulator (and no database); each looks at the tokens issued after it began.
  let shared: AdoSim;
  beforeAll(async () => {
    shared = await entraSim(20);
  });
  afterAll(() => shared.close());
  const fresh = () => {
    shared.entra!.issuer.accepted.clear();
    shared.server.resetCounts();
    return shared;
  };
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of ['IDENTITY_ENDPOINT', 'IDENTITY_HEADER']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  it('a service principal sync completes while tokens expire mid-sync: renewed ahead, a 401 retried once with a fresh token, none logged', async () => {
    // Tokens live 1 s; one reporting page is held 1.5 s before the API checks its token, so that
    // token expires in flight whatever the timing of the run.
    const { sim, db } = await open(() => entraSim(150, 1));
    sim.faults.add({ kind: 'slow', delayMs: 1500, path: 'reporting/workitemrevisions', count: 1 });
    const config = configFor(sim, 'secret');
    const logDir = mkdtempSync(join(tmpdir(), 'ws-entra-logs-'));
    const logs = new Logs({ logDir, level: 'debug', secrets: config.secrets, pretty: false });
    const logger = logs.platform('ado');
    const connector = new AdoConnector(config.ado!, {
      logger,
      http: { backoffBaseMs: 5 },
      signIn: trust(),
    });
    const results = await syncPlatform(db, schema, connector, {
      full: false,
      signal: new AbortController().signal,
      logger,
    });
    logs.close();

    expect(results.map((r) => r.outcome)).toEqual(sim.projects.map(() => 'success'));
    await expectEqualToTruth(db, sim);
    const { issuer } = sim.entra!;
    const tokens = [...issuer.accepted.keys()];
    expect(tokens.length).toBeGreaterThanOrEqual(2);
    expect(new Set([...issuer.accepted.values()].map((s) => s.via))).toEqual(new Set(['secret']));
    // The expired token was refused once and replaced; nothing failed for good.
    expect(issuer.refused).toBeGreaterThanOrEqual(1);
    const log = readFileSync(join(logDir, 'ado_export.log'), 'utf8');
    expect(log).toContain('the access token was refused');
    for (const token of tokens) expect(log).not.toContain(token);
    expect(log).not.toContain(sim.entra!.clientSecret);
  });

  it.each(['certificate', 'federated', 'managed-identity'] as const)(
    'signs in with %s: a token from the simulated Entra, accepted as Bearer',
    async (method) => {
      const sim = fresh();
      const config = configFor(sim, method);
      if (method === 'managed-identity') {
        // The SDK reads the App Service variables from the process environment itself.
        const env = sim.entra!.env(method);
        process.env.IDENTITY_ENDPOINT = env.IDENTITY_ENDPOINT;
        process.env.IDENTITY_HEADER = env.IDENTITY_HEADER;
      }
      const api = new AdoApi(config.ado!, { signIn: trust(), maxRetries: 0 });
      const projects = await api.listProjects();
      expect(projects.value.map((p) => p.name).sort()).toEqual([...sim.projects].sort());
      const subjects = [...sim.entra!.issuer.accepted.values()];
      expect(subjects.map((s) => s.via)).toEqual([method]);
      const expectedClient =
        method === 'managed-identity' ? sim.entra!.identity.clientId : sim.entra!.clientId;
      expect(subjects[0]!.clientId).toBe(expectedClient);
      expect(api.signIn.method).toMatch(
        method === 'managed-identity' ? /managed identity/ : /service principal/,
      );
    },
  );

  it('a wrong client secret or certificate stops at once with what to check, never showing the secret', async () => {
    const sim = fresh();
    const wrong = configFor(sim, 'secret', { AZURE_CLIENT_SECRET: 'not-the-secret-value-42' });
    const api = new AdoApi(wrong.ado!, { signIn: trust() });
    const error = await api.listProjects().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EntraSignInError);
    const message = (error as Error).message;
    expect(message).toMatch(/AADSTS7000215: Invalid client secret provided/);
    expect(message).toMatch(/AZURE_TENANT_ID.*AZURE_CLIENT_ID.*AZURE_CLIENT_SECRET/);
    expect(message).toContain(`organisation ${sim.organization}`);
    expect(message).not.toContain('not-the-secret-value-42');
    // Refused at the token endpoint: the API was never asked.
    expect(sim.server.requestCount()).toBe(0);

    // A certificate the app registration does not know (the server's): refused by thumbprint.
    const strangerPem = join(certs.dir, 'stranger.pem');
    writeFileSync(strangerPem, `${certs.server.key}${certs.server.cert}`);
    const stranger = configFor(sim, 'certificate', { AZURE_CLIENT_CERTIFICATE_PATH: strangerPem });
    const refused = await new AdoApi(stranger.ado!, { signIn: trust() }).listProjects().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(EntraSignInError);
    expect((refused as Error).message).toMatch(/AADSTS700027.*AZURE_CLIENT_CERTIFICATE_PATH/);
  });

  it('doctor names the sign-in and whether a token was obtained, never printing it (a child process trusting the simulator through NODE_EXTRA_CA_CERTS)', async () => {
    const sim = fresh();
    const cwd = mkdtempSync(join(tmpdir(), 'ws-entra-doc-'));
    const ca = join(certs.dir, 'server.crt');
    const env = { ...sim.env(), ...sim.entra!.env('secret'), NODE_EXTRA_CA_CERTS: ca };
    const good = await runCli(['doctor'], { cwd, env });
    expect(good.stdout).toMatch(
      /ok\s+Azure DevOps sign-in:\s+Microsoft Entra ID service principal .* with a client secret: token obtained \(valid for 60 min\)/,
    );
    expect(good.stdout).toMatch(new RegExp(`ok\\s+Azure DevOps project ${sim.projects[0]}`));
    const output = good.stdout + good.stderr;
    for (const token of sim.entra!.issuer.accepted.keys()) expect(output).not.toContain(token);
    expect(output).not.toContain(sim.entra!.clientSecret);
    expect(sim.entra!.issuer.accepted.size).toBeGreaterThan(0);

    // A refused secret: the sign-in check fails with what to check, and the API checks do not run.
    const wrong = configFor(sim, 'secret', { AZURE_CLIENT_SECRET: 'expired-secret-77' });
    const checks = await new AdoConnector(wrong.ado!, { signIn: trust() }).doctor();
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ name: 'Azure DevOps sign-in', ok: false });
    expect(checks[0]!.fix).toMatch(/AADSTS7000215[\s\S]*AZURE_CLIENT_SECRET/);
    expect(JSON.stringify(checks)).not.toContain('expired-secret-77');
  });
});
