import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from './client.js';
import { MAX_PAUSE_MS, pauseAfter } from './retry-policy.js';

/**
 * The rate-limit policy against a stub written here, not the simulators: a plain node:http server whose
 * answers carry the headers Azure DevOps and Jira document (../shared/reference/*\/API-NOTES.md), and
 * which notes when each request arrives.
 */
interface Stub {
  url: string;
  arrivals: number[];
  close(): Promise<void>;
}

const stubs: Stub[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((s) => s.close()));
});

async function stub(answer: (n: number, req: IncomingMessage, res: ServerResponse) => void): Promise<Stub> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    arrivals.push(Date.now());
    answer(arrivals.length, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const s: Stub = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrivals,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  stubs.push(s);
  return s;
}

const json = (res: ServerResponse, status: number, headers: Record<string, string>, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

function client(url: string, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) {
  return new HttpClient({ baseUrl: url, headers: {}, authHint: 'check TOKEN', random: () => 0.5, ...extra });
}

describe('rate-limit pauses (one policy, both platforms)', () => {
  it('Azure DevOps: a delayed 200 with Retry-After holds the next request back that long', async () => {
    const ado = await stub((n, _req, res) =>
      json(
        res,
        200,
        n === 1
          ? {
              'retry-after': '2',
              'x-ratelimit-resource': 'Core',
              'x-ratelimit-delay': '0.400',
              'x-ratelimit-limit': '200',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1),
            }
          : {},
        { count: 0, value: [] },
      ),
    );
    const http = client(ado.url);
    const first = await http.json({ path: '/_apis/wit/wiql', endpoint: 'wiql' });
    expect(first).toEqual({ count: 0, value: [] });
    await http.json({ path: '/_apis/wit/wiql', endpoint: 'wiql' });
    // Real time: the second request reached the server only after the 2 s asked for (a 200, no retry),
    // longer than X-RateLimit-Delay and the reset.
    expect(ado.arrivals[1]! - ado.arrivals[0]!).toBeGreaterThanOrEqual(1950);
    expect(http.stats.retries).toBe(0);
    expect(http.stats.waitedMs).toBeGreaterThanOrEqual(1900);
  });

  it('the pause is client-wide: requests already started by a prefetch wait too', async () => {
    const ado = await stub((n, _req, res) => json(res, 200, n === 1 ? { 'retry-after': '1' } : {}, {}));
    const http = client(ado.url);
    await http.json({ path: '/a', endpoint: 'a' });
    await Promise.all([http.json({ path: '/b', endpoint: 'b' }), http.json({ path: '/c', endpoint: 'c' })]);
    expect(ado.arrivals).toHaveLength(3);
    for (const at of ado.arrivals.slice(1)) expect(at - ado.arrivals[0]!).toBeGreaterThanOrEqual(950);
  });

  it('Jira: a burst 429 waits Retry-After, then the answer comes', async () => {
    const jira = await stub((n, _req, res) =>
      n === 1
        ? json(
            res,
            429,
            {
              'retry-after': '1',
              'x-ratelimit-limit': '350',
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': new Date(Date.now() + 1000).toISOString(),
              'ratelimit-reason': 'jira-burst-based',
            },
            { errorMessages: ['Rate limit exceeded.'] },
          )
        : json(res, 200, {}, { issues: [] }),
    );
    const http = client(jira.url);
    expect(await http.json({ path: '/rest/api/3/search/jql', endpoint: 'search/jql' })).toEqual({
      issues: [],
    });
    expect(jira.arrivals[1]! - jira.arrivals[0]!).toBeGreaterThanOrEqual(950);
    expect(http.stats.retries).toBe(1);
  });

  it('paces on X-RateLimit-Remaining and -Reset before any 429, on both platforms’ reset formats', async () => {
    const reset = Date.now() + 10_000;
    const formats = [String(Math.ceil(reset / 1000)), new Date(reset).toISOString()];
    for (const format of formats) {
      const server = await stub((_n, _req, res) =>
        json(
          res,
          200,
          { 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset': format },
          {},
        ),
      );
      const waits: number[] = [];
      const http = client(server.url, {
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      await http.json({ path: '/x', endpoint: 'x' });
      await http.json({ path: '/x', endpoint: 'x' });
      // 4 left for 10–11 s (epoch seconds round up): one request every ~2 s.
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(1500);
      expect(waits[0]).toBeLessThanOrEqual(2300);
    }
  });

  it('reads every header of the policy, and nothing when there is budget to spare', () => {
    const now = 1_000_000_000_000;
    const h = (headers: Record<string, string>) => pauseAfter(new Headers(headers), now);
    expect(h({}).ms).toBe(0);
    expect(h({ 'retry-after': '3' })).toEqual({ ms: 3000, reason: 'retry-after' });
    expect(h({ 'beta-retry-after': '4' })).toEqual({ ms: 4000, reason: 'retry-after' });
    expect(h({ 'retry-after': new Date(now + 5000).toUTCString() }).ms).toBe(5000);
    expect(h({ 'x-ratelimit-delay': '2.5' })).toEqual({ ms: 2500, reason: 'ratelimit-delay' });
    // Retry-After and X-RateLimit-Delay: the longer. Retry-After is the server's own answer, so a later
    // reset (Azure DevOps: when usage is back to 0, up to 5 minutes) is not waited for as well.
    const reset30 = String(now / 1000 + 30);
    expect(h({ 'x-ratelimit-delay': '0.250', 'retry-after': '1' })).toEqual({
      ms: 1000,
      reason: 'retry-after',
    });
    expect(h({ 'retry-after': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset30 }).ms).toBe(
      2000,
    );
    // Nothing left and no Retry-After: wait for the reset, with or without X-RateLimit-Limit.
    expect(h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset30 })).toEqual({
      ms: 30_000,
      reason: 'ratelimit-remaining',
    });
    const spare = { 'x-ratelimit-limit': '200', 'x-ratelimit-reset': reset30 };
    expect(h({ ...spare, 'x-ratelimit-remaining': '150' }).ms).toBe(0);
    expect(h({ ...spare, 'x-ratelimit-remaining': '9' }).ms).toBe(3000);
    // The reset is read against the server's Date: its clock 1 h ahead of ours changes nothing.
    const ahead = now + 3_600_000;
    expect(
      h({
        date: new Date(ahead).toUTCString(),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': new Date(ahead + 20_000).toISOString(),
      }).ms,
    ).toBe(20_000);
    // A reset in the past, or unreadable values, ask for nothing; an absurd Retry-After is capped.
    expect(h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 - 1) }).ms).toBe(0);
    expect(
      h({ 'x-ratelimit-remaining': 'lots', 'x-ratelimit-reset': 'soon', 'retry-after': 'later' }).ms,
    ).toBe(0);
    expect(h({ 'retry-after': '99999999' }).ms).toBe(MAX_PAUSE_MS);
  });

  it('a stop signal ends a pause and a retry backoff at once', async () => {
    const server = await stub((n, _req, res) =>
      n === 1 ? json(res, 200, { 'retry-after': '3600' }, {}) : json(res, 503, {}, { message: 'busy' }),
    );
    const controller = new AbortController();
    const http = client(server.url, { signal: controller.signal, backoffBaseMs: 60_000 });
    await http.json({ path: '/x', endpoint: 'x' });
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stopping')), 100);
    await expect(http.json({ path: '/x', endpoint: 'x' })).rejects.toThrow('stopping');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.arrivals).toHaveLength(1);

    // Unpaused, now on a server that answers 503: the backoff sleep ends on the signal too.
    const again = new AbortController();
    const retrying = client(server.url, { signal: again.signal, backoffBaseMs: 60_000 });
    const t0 = Date.now();
    setTimeout(() => again.abort(new Error('stopping')), 200);
    await expect(retrying.json({ path: '/x', endpoint: 'x' })).rejects.toThrow('stopping');
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(retrying.stats.retries).toBe(1);
  });

  it('a stop signal ends a request the server is slow to answer', async () => {
    const server = await stub(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const http = client(server.url, { signal: controller.signal });
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stopping')), 100);
    await expect(http.json({ path: '/x', endpoint: 'x' })).rejects.toThrow('stopping');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
