import { expect } from 'vitest';
import type { Connector } from '../../src/connectors/connector.js';
import { Logs } from '../../src/log/logger.js';
import type { MetricsPolicy } from '../../src/metrics/policy.js';
import type { Db } from '../../src/store/db.js';
import { syncPlatform } from '../../src/sync/run-once.js';

/** Loggers that write nothing: for tests that look at data, not at logs. */
export const silentLogs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });

/**
 * One incremental pass of a connector over all its scopes, as `worksync sync` runs it (with `snapshots`,
 * also the snapshots and forecasts after it, as the service does); every scope must succeed.
 */
export async function syncPass(
  db: Db,
  schema: string,
  connector: Connector,
  snapshots?: MetricsPolicy,
): Promise<void> {
  const results = await syncPlatform(db, schema, connector, {
    full: false,
    signal: new AbortController().signal,
    logger: silentLogs.main,
    ...(snapshots ? { snapshots } : {}),
  });
  expect(results.map((r) => `${r.project}: ${r.outcome}${r.error ? ` (${r.error})` : ''}`)).toEqual(
    results.map((r) => `${r.project}: success`),
  );
}
