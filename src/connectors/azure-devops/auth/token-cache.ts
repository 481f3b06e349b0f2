/**
 * Access tokens for Azure DevOps, one per request from a cache: a token is kept until a few minutes
 * before it expires (REFRESH_MARGIN_MS, or half its lifetime when that is shorter; or the SDK's
 * `refreshAfterTimestamp` when earlier), then a new one is fetched, once, for every request waiting.
 * A token Azure DevOps refused (401) is dropped with its credential, so the next one is really new
 * (the credential's own cache would otherwise hand the same token back until it nears expiry).
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import type { Authorization } from '../../../http/authorization.js';

/** How long before expiry a token is replaced, ms: requests in flight must not carry an expiring token. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

interface Held {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Epoch ms: from then on a new token is fetched. */
  refreshAt: number;
}

export class TokenCache implements Authorization {
  private credential: TokenCredential | undefined;
  private held: Held | undefined;
  private pending: Promise<Held> | undefined;
  /** Tokens fetched so far (for `doctor` and the logs: a count, never a token). */
  fetched = 0;

  constructor(
    private readonly newCredential: () => TokenCredential,
    private readonly scope: string,
    /** Turns a failed token request into the error to throw. */
    private readonly failure: (error: unknown) => Error,
    private readonly options: { marginMs?: number; now?: () => number } = {},
  ) {}

  async header(): Promise<string> {
    return `Bearer ${(await this.current()).token}`;
  }

  rejected(header: string): void {
    if (this.held && header === `Bearer ${this.held.token}`) {
      this.held = undefined;
      this.credential = undefined;
    }
  }

  /** A valid token with its expiry (epoch ms), fetched when none is held or it is due for renewal. */
  async current(): Promise<{ token: string; expiresAt: number }> {
    const now = this.now();
    if (this.held && now < this.held.refreshAt) return this.held;
    this.pending ??= this.fetch().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(): Promise<Held> {
    this.credential ??= this.newCredential();
    let got: AccessToken | null;
    try {
      got = await this.credential.getToken(this.scope);
    } catch (error) {
      throw this.failure(error);
    }
    if (!got) throw this.failure(new Error('the credential returned no token'));
    const now = this.now();
    const lifetime = Math.max(0, got.expiresOnTimestamp - now);
    const margin = Math.min(this.options.marginMs ?? REFRESH_MARGIN_MS, lifetime / 2);
    const refreshAt = Math.min(
      got.expiresOnTimestamp - margin,
      got.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY,
    );
    this.held = { token: got.token, expiresAt: got.expiresOnTimestamp, refreshAt };
    this.fetched++;
    return this.held;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
