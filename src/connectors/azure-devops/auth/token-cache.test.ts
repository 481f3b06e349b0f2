import type { AccessToken, TokenCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache.js';

/** A credential handing out numbered tokens valid `lifetimeMs` from the fake clock's now. */
function fakeCredentials(clock: { now: number }, lifetimeMs: number) {
  const made: string[] = [];
  let credentials = 0;
  const newCredential = (): TokenCredential => {
    const id = ++credentials;
    return {
      getToken: async (): Promise<AccessToken> => {
        const token = `token-${id}-${made.length + 1}`;
        made.push(token);
        return { token, expiresOnTimestamp: clock.now + lifetimeMs };
      },
    };
  };
  return { made, newCredential, credentials: () => credentials };
}

describe('the Entra token cache', () => {
  it('keeps a token until the margin before expiry, then fetches one new token for every waiting request', async () => {
    const clock = { now: 1_000_000 };
    const fake = fakeCredentials(clock, 60 * 60_000);
    const cache = new TokenCache(fake.newCredential, 'scope/.default', (e) => e as Error, {
      marginMs: 5 * 60_000,
      now: () => clock.now,
    });
    expect(await cache.header()).toBe('Bearer token-1-1');
    clock.now += 54 * 60_000;
    expect(await cache.header()).toBe('Bearer token-1-1');
    clock.now += 2 * 60_000; // 4 minutes left: inside the margin
    const headers = await Promise.all([cache.header(), cache.header(), cache.header()]);
    expect(headers).toEqual(['Bearer token-1-2', 'Bearer token-1-2', 'Bearer token-1-2']);
    expect(fake.made).toHaveLength(2);
  });

  it('renews a short-lived token at half its lifetime', async () => {
    const clock = { now: 0 };
    const fake = fakeCredentials(clock, 2_000);
    const cache = new TokenCache(fake.newCredential, 's', (e) => e as Error, { now: () => clock.now });
    await cache.header();
    clock.now = 999;
    expect(await cache.header()).toBe('Bearer token-1-1');
    clock.now = 1_000;
    expect(await cache.header()).toBe('Bearer token-1-2');
  });

  it('drops a refused token with its credential, once, however many requests report it', async () => {
    const clock = { now: 0 };
    const fake = fakeCredentials(clock, 3600_000);
    const cache = new TokenCache(fake.newCredential, 's', (e) => e as Error, { now: () => clock.now });
    const refused = await cache.header();
    cache.rejected(refused);
    const fresh = await cache.header();
    cache.rejected(refused); // a second request with the old token: the new one stays
    expect(await cache.header()).toBe(fresh);
    expect(fresh).not.toBe(refused);
    expect(fake.credentials()).toBe(2);
  });

  it('turns a failed token request into the error it is given', async () => {
    const cache = new TokenCache(
      () => ({
        getToken: async () => {
          throw new Error('AADSTS7000215: Invalid client secret provided.');
        },
      }),
      's',
      (error) => new Error(`mapped: ${(error as Error).message}`),
    );
    await expect(cache.header()).rejects.toThrow('mapped: AADSTS7000215');
  });
});
