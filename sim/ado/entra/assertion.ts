/**
 * Checks a certificate credential's `client_assertion`, as Entra does: a JWT whose header names the
 * registered certificate by thumbprint (`x5t#S256`, or the older SHA-1 `x5t`), signed with its private
 * key (PS256 or RS256: the signature is verified with node:crypto against the certificate's public key),
 * with `iss` = `sub` = the client id, `aud` the token endpoint, and `exp` not passed.
 */
import { constants, createHash, verify, X509Certificate } from 'node:crypto';

/** The reason an assertion is refused (an AADSTS text), or undefined when it is good. */
export function assertionProblem(
  assertion: string,
  expected: { certificatePem: string; clientId: string; tokenEndpoint: string },
): string | undefined {
  const parts = assertion.split('.');
  if (parts.length !== 3) return 'AADSTS50027: JWT token is invalid or malformed.';
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  let header: { alg?: string; x5t?: string; 'x5t#S256'?: string };
  let payload: { iss?: string; sub?: string; aud?: string; exp?: number };
  try {
    header = JSON.parse(Buffer.from(headerText, 'base64url').toString('utf8')) as typeof header;
    payload = JSON.parse(Buffer.from(payloadText, 'base64url').toString('utf8')) as typeof payload;
  } catch {
    return 'AADSTS50027: JWT token is invalid or malformed.';
  }
  const cert = new X509Certificate(expected.certificatePem);
  const der = cert.raw;
  const sha256 = createHash('sha256').update(der).digest('base64url');
  const sha1 = createHash('sha1').update(der).digest('base64url');
  if (header['x5t#S256'] !== sha256 && header.x5t !== sha1)
    return `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${header['x5t#S256'] ?? header.x5t ?? ''}']`;
  const data = Buffer.from(`${headerText}.${payloadText}`);
  const signature = Buffer.from(signatureText, 'base64url');
  const key = cert.publicKey;
  const good =
    header.alg === 'PS256'
      ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING }, signature)
      : header.alg === 'RS256'
        ? verify('sha256', data, key, signature)
        : false;
  if (!good) return 'AADSTS7000274: Signature verification failed for the client assertion.';
  if (payload.iss !== expected.clientId || payload.sub !== expected.clientId)
    return `AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.`;
  if (payload.aud !== expected.tokenEndpoint)
    return `AADSTS700212: No matching federated identity record found for presented assertion audience '${payload.aud ?? ''}'.`;
  if (typeof payload.exp !== 'number' || payload.exp * 1000 < Date.now())
    return 'AADSTS700024: Client assertion is not within its valid time range.';
  return undefined;
}
