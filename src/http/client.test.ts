import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector } from '../../sim/common/faults.js';
import { SimServer } from '../../sim/common/server.js';
import { AuthError, HttpError } from '../errors.js';
import { HttpClient } from './client.js';
import { readJsonStreaming } from './json-stream.js';
import { backoffMs, parseRetryAfter } from './retry-policy.js';

let server: SimServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(setup: (s: SimServer) => void) {
  const faults = new FaultInjector();
  server = new SimServer({
    faults,
    rateLimited: (seconds) => ({
      status: 429,
      headers: { 'retry-after': String(seconds) },
      body: { message: 'slow down' },
    }),
  });
  setup(server);
  const url = await server.listen();
  const waits: number[] = [];
  const client = new HttpClient({
    baseUrl: url,
    headers: { authorization: 'Basic x' },
    authHint: 'check TOKEN_VAR',
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
  });
  return { client, faults, waits };
}

describe('HttpClient', () => {
  it('honours Retry-After on 429 and counts the retry', async () => {
    const { client, faults, waits } = await start((s) =>
      s.route('GET', '/ok', 'ok', () => ({ status: 200, body: { ok: 1 } })),
    );
    faults.add({ kind: 'rate-limit', retryAfterSeconds: 7, count: 2 });
    expect(await client.json({ path: '/ok', endpoint: 'ok' })).toEqual({ ok: 1 });
    expect(waits).toEqual([7000, 7000]);
    expect(client.stats.retries).toBe(2);
    expect(client.stats.byEndpoint.get('ok')).toBe(3);
  });

  it('retries 5xx bursts, dropped connections and truncated bodies with backoff', async () => {
    const { client, faults, waits } = await start((s) =>
      s.route('GET', '/ok', 'ok', () => ({ status: 200, body: { text: 'x'.repeat(500) } })),
    );
    faults.add({ kind: 'server-error', status: 503, count: 1 });
    faults.add({ kind: 'drop-connection', count: 1 });
    faults.add({ kind: 'truncate-body', count: 1 });
    const body = await client.json<{ text: string }>({ path: '/ok', endpoint: 'ok' });
    expect(body.text).toHaveLength(500);
    expect(waits).toEqual([750, 1500, 3000]);
  });

  it('streams a successful answer into a reader, retrying it afresh when the body is cut short', async () => {
    const whole = JSON.stringify({
      logs: Array.from({ length: 300 }, (_, i) => ({ i, text: 'é'.repeat(100) })),
      next: 't',
    });
    const bytes = Buffer.from(whole, 'utf8');
    let served = 0;
    // The first answer stops half-way through its body (after the client has started reading it).
    const raw = createServer((req, res) => {
      if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"no such page"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      if (served++ > 0) {
        res.end(bytes);
        return;
      }
      res.write(bytes.subarray(0, bytes.length / 2));
      setTimeout(() => res.socket?.destroy(), 50);
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const waits: number[] = [];
    const client = new HttpClient({
      baseUrl: `http://127.0.0.1:${(raw.address() as AddressInfo).port}`,
      headers: {},
      authHint: 'check TOKEN_VAR',
      sleep: async (ms) => {
        waits.push(ms);
      },
      random: () => 0.5,
    });
    const tries: number[][] = [];
    const read = async (text: AsyncIterable<string>) => {
      const seen: number[] = [];
      tries.push(seen);
      const rest = await readJsonStreaming(text, 'logs', (e) => seen.push((e as { i: number }).i));
      return { seen, next: rest.next };
    };
    try {
      const body = await client.json({ path: '/ok', endpoint: 'ok' }, read);
      expect(body).toEqual({ seen: Array.from({ length: 300 }, (_, i) => i), next: 't' });
      // The first try read part of the body before the connection was cut; the second started afresh.
      expect(tries).toHaveLength(2);
      expect(tries[0]!.length).toBeGreaterThan(0);
      expect(tries[0]!.length).toBeLessThan(300);
      expect(waits).toEqual([750]);
      // Errors are read whole, as without a reader: the reader never sees them.
      await expect(client.json({ path: '/missing', endpoint: 'missing' }, read)).rejects.toThrow(
        /no such page/,
      );
      expect(tries).toHaveLength(2);
    } finally {
      raw.closeAllConnections();
      await new Promise((resolve) => raw.close(resolve));
    }
  });

  it('gives up after the retry budget with the last error', async () => {
    const { client, faults } = await start((s) =>
      s.route('GET', '/ok', 'ok', () => ({ status: 200, body: {} })),
    );
    faults.add({ kind: 'server-error', status: 502 });
    await expect(client.json({ path: '/ok', endpoint: 'ok' })).rejects.toMatchObject({
      name: 'HttpError',
      details: { status: 502, retryable: true },
    });
    expect(client.stats.byEndpoint.get('ok')).toBe(7);
  });

  it('stops at once on 401, 403 and an HTML sign-in page, naming what to fix', async () => {
    const { client } = await start((s) => {
      s.route('GET', '/401', 'a', () => ({ status: 401, body: { message: 'no' } }));
      s.route('GET', '/403', 'b', () => ({ status: 403, body: {} }));
      s.route('GET', '/203', 'c', () => ({
        status: 203,
        body: '<html>Sign in</html>',
        headers: { 'content-type': 'text/html' },
      }));
    });
    for (const path of ['/401', '/403', '/203']) {
      const error = await client.json({ path, endpoint: path }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as Error).message).toMatch(/check TOKEN_VAR/);
    }
    expect(client.stats.retries).toBe(0);
  });

  it('does not retry a 400 or 404 and reports the body message', async () => {
    const { client } = await start((s) =>
      s.route('GET', '/bad', 'bad', () => ({ status: 400, body: { errorMessages: ['JQL is unbounded'] } })),
    );
    const error = await client.json({ path: '/bad', endpoint: 'bad' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toBe('bad: HTTP 400: JQL is unbounded');
    expect(client.stats.retries).toBe(0);
  });

  it('paces itself when X-RateLimit-Remaining runs low, before any 429', async () => {
    const reset = Math.floor(Date.now() / 1000) + 10;
    const { client, waits } = await start((s) =>
      s.route('GET', '/ok', 'ok', () => ({
        status: 200,
        body: {},
        headers: {
          'x-ratelimit-limit': '100',
          'x-ratelimit-remaining': '4',
          'x-ratelimit-reset': String(reset),
        },
      })),
    );
    await client.json({ path: '/ok', endpoint: 'ok' });
    await client.json({ path: '/ok', endpoint: 'ok' });
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(1000);
  });
});

describe('retry policy', () => {
  it('backs off exponentially with jitter up to a ceiling', () => {
    expect([0, 1, 2, 3].map((a) => backoffMs(a, {}, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffMs(20, {}, () => 1)).toBe(60_000);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('HttpClient with a per-request authorization', () => {
  /** Hands out `Bearer t1`, `Bearer t2`… moving on when told a token was refused (or failing first, if asked). */
  function tokens(failFirst?: HttpError) {
    let n = 1;
    const refused: string[] = [];
    let failure = failFirst;
    return {
      refused,
      header: async () => {
        if (failure) {
          const error = failure;
          failure = undefined;
          throw error;
        }
        return `Bearer t${n}`;
      },
      rejected: (header: string) => {
        refused.push(header);
        if (header === `Bearer t${n}`) n++;
      },
    };
  }

  async function clientAccepting(accepted: string, authorization: ReturnType<typeof tokens>) {
    server = new SimServer({ faults: new FaultInjector(), rateLimited: () => ({ status: 429 }) });
    server.route('GET', '/ok', 'ok', (req) =>
      req.headers.authorization === accepted ? { status: 200, body: { ok: 1 } } : { status: 401, body: {} },
    );
    const url = await server.listen();
    return new HttpClient({
      baseUrl: url,
      headers: {},
      authHint: 'check the token',
      authorization,
      sleep: async () => {},
    });
  }

  it('a refused token is reported and the request tried once more with a fresh one', async () => {
    const auth = tokens();
    const client = await clientAccepting('Bearer t2', auth);
    expect(await client.json({ path: '/ok', endpoint: 'ok' })).toEqual({ ok: 1 });
    expect(auth.refused).toEqual(['Bearer t1']);
    expect(client.stats.byEndpoint.get('ok')).toBe(2);
  });

  it('a second 401 is the answer: AuthError after two tries', async () => {
    const auth = tokens();
    const client = await clientAccepting('Bearer never', auth);
    await expect(client.json({ path: '/ok', endpoint: 'ok' })).rejects.toBeInstanceOf(AuthError);
    expect(auth.refused).toEqual(['Bearer t1', 'Bearer t2']);
    expect(client.stats.byEndpoint.get('ok')).toBe(2);
  });

  it('a token that could not be fetched for now is retried like a failed try; a refusal stops at once', async () => {
    const transient = tokens(new HttpError('token service unreachable', { url: 'x', retryable: true }));
    const client = await clientAccepting('Bearer t1', transient);
    expect(await client.json({ path: '/ok', endpoint: 'ok' })).toEqual({ ok: 1 });
    expect(client.stats.retries).toBe(1);
    await server?.close();

    const refusal = tokens(new AuthError('AADSTS7000215', { url: 'x', retryable: false }));
    const stopped = await clientAccepting('Bearer t1', refusal);
    await expect(stopped.json({ path: '/ok', endpoint: 'ok' })).rejects.toThrow('AADSTS7000215');
    expect(stopped.stats.byEndpoint.get('ok')).toBeUndefined();
  });
});
