/**
 * Access tokens of the simulated Microsoft Entra ID, for the Azure DevOps API: JWT-shaped (header,
 * payload, signature in base64url, as Entra's are, so log masking is tested on the real shape), signed
 * with a key only the simulator holds, and valid for a configurable lifetime on the wall clock (not the
 * SimClock: MSAL and worksync's token cache count expiry in real time).
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/** The Azure DevOps resource id: tokens for it are asked with the scope `${ADO_RESOURCE}/.default`. */
export const ADO_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';

/** Who a token was issued to. */
export interface TokenSubject {
  /** The application (client) id of the service principal or managed identity. */
  clientId: string;
  /** How it signed in: `secret`, `certificate`, `federated` or `managed-identity`. */
  via: string;
}

export type TokenCheck = { ok: true; subject: TokenSubject } | { ok: false; reason: 'expired' | 'unknown' };

export class TokenIssuer {
  private readonly key = randomBytes(32);
  private readonly issued = new Map<string, { subject: TokenSubject; expiresAt: number }>();
  /** Tokens the API accepted at least once (in the order first seen), with whom they were issued to. */
  readonly accepted = new Map<string, TokenSubject>();
  /** Bearer requests the API refused (expired or unknown token). */
  refused = 0;
  /** Tokens issued, revoked ones included. */
  issuedCount = 0;

  constructor(
    readonly tenantId: string,
    /** Seconds a new token is valid. */
    public lifetimeSeconds: number,
  ) {}

  /** A new token for the subject; `expiresAt` is epoch ms. */
  issue(subject: TokenSubject): { token: string; expiresInSeconds: number; expiresAt: number } {
    const now = Date.now();
    const expiresAt = now + this.lifetimeSeconds * 1000;
    const header = b64({ typ: 'JWT', alg: 'RS256', kid: 'sim-entra' });
    const payload = b64({
      aud: ADO_RESOURCE,
      iss: `https://sts.windows.net/${this.tenantId}/`,
      iat: Math.floor(now / 1000),
      nbf: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
      appid: subject.clientId,
      tid: this.tenantId,
      jti: randomUUID(),
    });
    const signature = createHmac('sha256', this.key).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.issued.set(token, { subject, expiresAt });
    this.issuedCount++;
    return { token, expiresInSeconds: this.lifetimeSeconds, expiresAt };
  }

  /** Whether a Bearer token is one of ours and still valid; counts acceptances and refusals. */
  check(token: string): TokenCheck {
    const entry = this.issued.get(token);
    if (!entry || entry.expiresAt <= Date.now()) {
      this.refused++;
      return { ok: false, reason: entry ? 'expired' : 'unknown' };
    }
    this.accepted.set(token, entry.subject);
    return { ok: true, subject: entry.subject };
  }

  /** Every token issued so far stops working (as after a revocation). */
  revokeAll(): void {
    this.issued.clear();
  }
}

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
