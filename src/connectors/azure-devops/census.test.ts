import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdoApi } from './api.js';
import { IdCensus, wiqlCapOf } from './census.js';

/** A WIQL endpoint of its own: ids 1..count, VS402337 (as Azure DevOps words it) when `$top` exceeds `cap`. */
async function stubWiql(count: number, cap: number, { namesLimit = true } = {}) {
  const tops: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const top = Number(url.searchParams.get('$top') ?? Number.POSITIVE_INFINITY);
      tops.push(top);
      const after = Number(/\[System\.Id\] > (\d+)/.exec(JSON.parse(body).query)?.[1] ?? 0);
      const matches = Array.from({ length: count }, (_, i) => i + 1).filter((id) => id > after);
      res.setHeader('content-type', 'application/json; charset=utf-8');
      if (matches.length > cap && top > cap) {
        res.statusCode = 400;
        const limit = namesLimit ? ` of ${cap}` : '';
        res.end(
          JSON.stringify({
            $id: '1',
            innerException: null,
            message: `VS402337: The number of work items returned exceeds the size limit${limit}. Change the query to return fewer items.`,
            typeName:
              'Microsoft.TeamFoundation.WorkItemTrackingQueryResultSizeLimitExceededException, Microsoft.TeamFoundation.WorkItemTracking.Server',
            typeKey: 'WorkItemTrackingQueryResultSizeLimitExceededException',
            errorCode: 0,
            eventId: 3200,
          }),
        );
        return;
      }
      const ids = matches.slice(0, top);
      res.end(JSON.stringify({ queryType: 'flat', workItems: ids.map((id) => ({ id, url: `x/${id}` })) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const api = new AdoApi(
    {
      organization: 'org',
      projects: ['P'],
      wholeOrganization: false,
      teams: [],
      auth: { kind: 'pat', pat: 'pat' },
      baseUrl: `http://127.0.0.1:${port}`,
      customerField: 'Custom.CustomerName',
    },
    { backoffBaseMs: 1, maxRetries: 0 },
  );
  return { api, tops, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('ADO id census on a WIQL cap below 20,000', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it('adopts the limit VS402337 names, lists every id, and remembers the cap for the next census', async () => {
    const stub = await stubWiql(35, 10);
    close = stub.close;
    const census = new IdCensus(stub.api);
    const ids = await census.ids('P');
    expect([...ids]).toEqual(Array.from({ length: 35 }, (_, i) => i + 1));
    // One refused window of 19,999, then 4 windows of 10 (the last one short).
    expect(stub.tops).toEqual([19_999, 10, 10, 10, 10]);
    expect(census.windowSize).toBe(10);
    stub.tops.length = 0;
    expect((await census.ids('P')).size).toBe(35);
    expect(stub.tops).toEqual([10, 10, 10, 10]);
  });

  it('halves the window when the message names no limit', async () => {
    const stub = await stubWiql(25, 10, { namesLimit: false });
    close = stub.close;
    const census = new IdCensus(stub.api, 80);
    expect((await census.ids('P')).size).toBe(25);
    // 80 → 40 → 20 → 10 fits: windows of 10 from then on.
    expect(stub.tops).toEqual([80, 40, 20, 10, 10, 10]);
  });

  it('passes other errors on', async () => {
    expect(wiqlCapOf(new Error('VS402337'))).toBeUndefined();
    const stub = await stubWiql(5, 0);
    close = stub.close;
    // A cap of 0 refuses every window, even of one id: the census gives up with the service's error.
    await expect(new IdCensus(stub.api, 4).ids('P')).rejects.toThrow(/VS402337/);
  });
});
