import { expect } from 'vitest';
import type { AdoSim } from '../../sim/ado/index.js';
import { parseConfig } from '../../src/config/schema.js';
import { AdoConnector, type AdoConnectorOptions } from '../../src/connectors/azure-devops/connector.js';
import { Logs } from '../../src/log/logger.js';
import type { Db } from '../../src/store/db.js';
import { syncPlatform } from '../../src/sync/run-once.js';
import { expectedAdoItems, expectedAdoLinks, expectedAdoStates } from '../support/ado-truth.js';

/** What the Azure DevOps end-to-end tests share: a connector on the simulator, a sync, the comparison with the truth. */
export const schema = 'public';
export const logs = new Logs({ logDir: '/tmp', level: 'silent', secrets: [], pretty: false });

export function connectorFor(
  sim: AdoSim,
  env: Record<string, string> = {},
  options: AdoConnectorOptions = {},
) {
  const config = parseConfig({ ...sim.env(), ...env });
  return new AdoConnector(config.ado!, { logger: logs.main, http: { backoffBaseMs: 5 }, ...options });
}

export async function sync(db: Db, sim: AdoSim, options: AdoConnectorOptions = {}) {
  const connector = connectorFor(sim, {}, options);
  const results = await syncPlatform(db, schema, connector, {
    full: false,
    signal: new AbortController().signal,
    logger: logs.main,
  });
  return { results, requests: connector.requests };
}

export async function expectEqualToTruth(db: Db, sim: AdoSim) {
  const truth = sim.control.truthAll({ revisions: true });
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, project, work_item_type, title, state, severity, assigned_to, area_path, iteration_path, tags
       FROM ${schema}.work_items WHERE deleted_at IS NULL ORDER BY numeric_id`,
  );
  expect(rows.map((r) => ({ ...r, tags: [...(r.tags as string[])].sort() }))).toEqual(
    expectedAdoItems(truth),
  );

  // Deleted (recycle bin) and destroyed (gone from every API) items are marked, never removed.
  const deleted = await db.query<{ id: string }>(
    `SELECT id FROM ${schema}.work_items WHERE deleted_at IS NOT NULL`,
  );
  const deletedIds = new Set(deleted.map((d) => Number(d.id)));
  for (const t of truth.filter((t) => t.deleted)) expect(deletedIds.has(t.id), `deleted ${t.id}`).toBe(true);
  const live = new Set(sim.control.ids());
  for (const id of deletedIds) expect(live.has(id), `live ${id}`).toBe(false);

  const history = await db.query<{ item_id: string; to_state: string }>(
    `SELECT item_id, to_state FROM ${schema}.change_history ORDER BY item_id, change_id::int`,
  );
  const states = new Map<string, string[]>();
  for (const row of history) states.set(row.item_id, [...(states.get(row.item_id) ?? []), row.to_state]);
  for (const [id, sequence] of expectedAdoStates(truth)) expect(states.get(id), id).toEqual(sequence);

  const links = await db.query<{ link: string }>(
    `SELECT DISTINCT r.source_id || '>' || r.target_id AS link FROM ${schema}.relations r
       JOIN ${schema}.work_items s ON s.id = r.source_id AND s.deleted_at IS NULL
       JOIN ${schema}.work_items t ON t.id = r.target_id AND t.deleted_at IS NULL ORDER BY 1`,
  );
  expect(links.map((l) => l.link).sort()).toEqual(expectedAdoLinks(truth));
  return truth;
}
