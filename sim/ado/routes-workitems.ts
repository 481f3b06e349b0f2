/** Work item reads: WIQL, workitems (list and single), workitemsbatch, updates, revisions, delete. */
import type { SimResponse, SimServer } from '../common/server.js';
import { type ApiRequest, jsonBody, list, ok, registerApi, type SimContext } from './api.js';
import { ERR } from './errors.js';
import { adoDate, fieldUrl, orgUrl, workItemUrl } from './format.js';
import { renderRevisions, renderUpdates } from './history.js';
import type { Item } from './model.js';
import {
  isResponse,
  parseAsOf,
  parseCount,
  parseErrorPolicy,
  parseExpand,
  parseFields,
  parseIds,
} from './params.js';
import { type FieldSelection, projectIdOf, renderWorkItem } from './render.js';
import { StoreError } from './store.js';
import { parseWiql, WiqlError } from './wiql.js';
import { runWiql } from './wiql-eval.js';

const LOC = {
  wiql: '1a9c53f7-f243-4447-b110-35ef023636e4',
  workItems: '72c7ddf8-2cdc-4f60-90cd-ab71c14a399b',
  batch: '908509b6-4248-4475-a1cd-829139ba419f',
  updates: '6570bf97-d02c-4a91-8d93-3abe9895b1a9',
  revisions: 'a00c85a5-80fa-4565-99c3-bcd2181434bb',
};

interface ReadArgs {
  ids: unknown;
  fields: unknown;
  expand: unknown;
  asOf: unknown;
  errorPolicy: unknown;
}

/** Shared by GET workitems?ids= and POST workitemsbatch. */
function readMany(sim: SimContext, args: ReadArgs): SimResponse {
  const ids = parseIds(args.ids, sim.limits.maxIds);
  if (isResponse(ids)) return ids;
  const fields = parseFields(args.fields);
  if (isResponse(fields)) return fields;
  const expand = parseExpand(args.expand);
  if (isResponse(expand)) return expand;
  if (fields && expand !== 'none' && expand !== 'links') return ERR.expandWithFields();
  const asOf = parseAsOf(args.asOf);
  if (isResponse(asOf)) return asOf;
  const policy = parseErrorPolicy(args.errorPolicy);
  if (isResponse(policy)) return policy;
  const select: FieldSelection = fields
    ? { kind: 'only', names: fields }
    : expand === 'fields' || expand === 'all'
      ? { kind: 'all' }
      : { kind: 'default' };
  const values: (Record<string, unknown> | null)[] = [];
  for (const id of ids) {
    const item = sim.store.get(id);
    const index =
      item && !item.deleted
        ? asOf === undefined
          ? item.revisions.length - 1
          : sim.store.indexAt(item, asOf)
        : -1;
    if (!item || index < 0) {
      if (policy === 'fail') return ERR.workItemNotFound(id);
      values.push(null);
      continue;
    }
    values.push(
      renderWorkItem(sim, item, {
        index,
        ...(asOf !== undefined ? { viewAt: asOf } : {}),
        select,
        relations: expand === 'relations' || expand === 'all',
        links: expand === 'links' || expand === 'all',
        projectUrl: false,
      }),
    );
  }
  return list(values);
}

function liveItem(sim: SimContext, raw: string | undefined): Item | SimResponse {
  const id = Number(raw);
  const item = Number.isInteger(id) ? sim.store.get(id) : undefined;
  if (!item || item.deleted) return ERR.workItemNotFound(Number.isInteger(id) ? id : 0);
  return item;
}

/** `$top`/`$skip` paging of a per-item history list. */
function page<T>(sim: SimContext, req: ApiRequest, rows: T[]): T[] | SimResponse {
  const top = parseCount(req.query.get('$top'), '$top');
  if (isResponse(top)) return top;
  const skip = parseCount(req.query.get('$skip'), '$skip');
  if (isResponse(skip)) return skip;
  const size = Math.min(top ?? sim.limits.historyPageSize, sim.limits.historyPageSize);
  return rows.slice(skip ?? 0, (skip ?? 0) + size);
}

export function registerWorkItemRoutes(server: SimServer, sim: SimContext): void {
  const both = ['org', 'project'] as const;

  registerApi(
    server,
    sim,
    {
      method: 'POST',
      path: 'wit/wiql',
      scopes: ['org', 'project', 'team'],
      endpoint: 'wit/wiql',
      location: LOC.wiql,
    },
    (req) => {
      const body = jsonBody(req) as { query?: unknown } | undefined;
      if (typeof body?.query !== 'string' || !body.query.trim())
        return ERR.badArgument('Value cannot be null.\r\nParameter name: wiql');
      const top = parseCount(req.query.get('$top'), '$top');
      if (isResponse(top)) return top;
      let result: ReturnType<typeof runWiql>;
      try {
        result = runWiql(parseWiql(body.query), {
          store: sim.store,
          people: sim.people,
          now: sim.clock.now(),
          ...(req.project ? { project: req.project } : {}),
          ...(req.team ? { team: req.team } : {}),
          timePrecision: req.query.get('timePrecision')?.toLowerCase() === 'true',
          patUser: sim.store.org.patUser,
        });
      } catch (error) {
        if (error instanceof WiqlError) return ERR.query(error.message);
        throw error;
      }
      const limit = sim.limits.wiqlMaxResults;
      if (result.ids.length > limit && (top === undefined || top > limit)) return ERR.querySizeLimit(limit);
      const ids = top === undefined ? result.ids : result.ids.slice(0, top);
      const ref = (f: { referenceName: string; name: string }) => ({
        referenceName: f.referenceName,
        name: f.name,
        url: fieldUrl(sim, f.referenceName),
      });
      const body2: Record<string, unknown> = {
        queryType: 'flat',
        queryResultType: 'workItem',
        asOf: adoDate(result.asOf),
        columns: result.columns.map(ref),
      };
      if (result.sort.length > 0)
        body2.sortColumns = result.sort.map((s) => ({ field: ref(s.field), descending: s.desc }));
      body2.workItems = ids.map((id) => ({ id, url: workItemUrl(sim, id, req.project?.id) }));
      return ok(body2);
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitems',
      scopes: both,
      endpoint: 'wit/workitems',
      location: LOC.workItems,
    },
    (req) =>
      readMany(sim, {
        ids: req.query.get('ids') ?? undefined,
        fields: req.query.get('fields') ?? undefined,
        expand: req.query.get('$expand') ?? undefined,
        asOf: req.query.get('asOf') ?? undefined,
        errorPolicy: req.query.get('errorPolicy') ?? undefined,
      }),
  );

  registerApi(
    server,
    sim,
    {
      method: 'POST',
      path: 'wit/workitemsbatch',
      scopes: both,
      endpoint: 'wit/workitemsbatch',
      location: LOC.batch,
    },
    (req) => {
      const body = jsonBody(req) as Record<string, unknown> | undefined;
      if (!body || typeof body !== 'object')
        return ERR.badArgument('Value cannot be null.\r\nParameter name: workItemGetRequest');
      return readMany(sim, {
        ids: body.ids,
        fields: body.fields,
        expand: body.$expand,
        asOf: body.asOf,
        errorPolicy: body.errorPolicy,
      });
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitems/:id',
      scopes: both,
      endpoint: 'wit/workitems/{id}',
      location: LOC.workItems,
    },
    (req) => {
      const item = liveItem(sim, req.params.id);
      if (isResponse(item)) return item;
      const fields = parseFields(req.query.get('fields') ?? undefined);
      if (isResponse(fields)) return fields;
      const expand = parseExpand(req.query.get('$expand') ?? undefined);
      if (isResponse(expand)) return expand;
      if (fields && expand !== 'none' && expand !== 'links') return ERR.expandWithFields();
      const asOf = parseAsOf(req.query.get('asOf') ?? undefined);
      if (isResponse(asOf)) return asOf;
      const index = asOf === undefined ? item.revisions.length - 1 : sim.store.indexAt(item, asOf);
      if (index < 0) return ERR.workItemNotFound(item.id);
      return ok(
        renderWorkItem(sim, item, {
          index,
          ...(asOf !== undefined ? { viewAt: asOf } : {}),
          select: fields
            ? { kind: 'only', names: fields }
            : expand === 'fields' || expand === 'all'
              ? { kind: 'all' }
              : { kind: 'default' },
          relations: expand === 'relations' || expand === 'all',
          links: true,
          projectUrl: true,
          multiline: true,
        }),
      );
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'DELETE',
      path: 'wit/workitems/:id',
      scopes: both,
      endpoint: 'wit/workitems/{id}',
      location: LOC.workItems,
    },
    (req) => {
      const item = liveItem(sim, req.params.id);
      if (isResponse(item)) return item;
      const by = sim.store.org.patUser;
      try {
        if (req.query.get('destroy')?.toLowerCase() === 'true') {
          sim.store.destroy(item.id, by);
          return { status: 204 };
        }
        sim.store.delete(item.id, by);
      } catch (error) {
        if (error instanceof StoreError) return ERR.badArgument(error.message);
        throw error;
      }
      return ok(deleteReference(sim, item));
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitems/:id/updates',
      scopes: both,
      endpoint: 'wit/updates',
      location: LOC.updates,
    },
    (req) => {
      const item = liveItem(sim, req.params.id);
      if (isResponse(item)) return item;
      const rows = page(sim, req, renderUpdates(sim, item));
      return isResponse(rows) ? rows : list(rows);
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitems/:id/updates/:n',
      scopes: both,
      endpoint: 'wit/updates',
      location: LOC.updates,
    },
    (req) => {
      const item = liveItem(sim, req.params.id);
      if (isResponse(item)) return item;
      const update = renderUpdates(sim, item)[Number(req.params.n) - 1];
      return update
        ? ok(update)
        : ERR.badArgument(`TF401302: The update ${req.params.n} does not exist for work item ${item.id}.`);
    },
  );

  const revisionArgs = (req: ApiRequest) => {
    const expand = parseExpand(req.query.get('$expand') ?? undefined);
    if (isResponse(expand)) return expand;
    const select: FieldSelection =
      expand === 'fields' || expand === 'all' ? { kind: 'all' } : { kind: 'default' };
    return { select, relations: expand === 'relations' || expand === 'all' };
  };

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitems/:id/revisions',
      scopes: both,
      endpoint: 'wit/revisions',
      location: LOC.revisions,
    },
    (req) => {
      const item = liveItem(sim, req.params.id);
      if (isResponse(item)) return item;
      const args = revisionArgs(req);
      if (isResponse(args)) return args;
      const indexes = page(
        sim,
        req,
        item.revisions.map((_, i) => i),
      );
      if (isResponse(indexes)) return indexes;
      if (indexes.length === 0) return list([]);
      return list(
        renderRevisions(
          sim,
          item,
          indexes[0]!,
          indexes[indexes.length - 1]! + 1,
          args.select,
          args.relations,
        ),
      );
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitems/:id/revisions/:n',
      scopes: both,
      endpoint: 'wit/revisions',
      location: LOC.revisions,
    },
    (req) => {
      const item = liveItem(sim, req.params.id);
      if (isResponse(item)) return item;
      const args = revisionArgs(req);
      if (isResponse(args)) return args;
      const n = Number(req.params.n);
      if (!Number.isInteger(n) || n < 1 || n > item.revisions.length)
        return ERR.badArgument(
          `TF401303: The revision ${req.params.n} does not exist for work item ${item.id}.`,
        );
      return ok(renderRevisions(sim, item, n - 1, n, args.select, args.relations)[0]);
    },
  );
}

/** WorkItemDeleteReference (+ `resource` when asked): the recycle bin's view of an item. */
export function deleteReference(sim: SimContext, item: Item, withResource = false): Record<string, unknown> {
  const by = item.deleted ? sim.people[item.deleted.by]! : undefined;
  const out: Record<string, unknown> = {
    id: item.id,
    code: 200,
    type: String(item.current['System.WorkItemType']),
    name: String(item.current['System.Title']),
    project: String(item.current['System.TeamProject']),
    deletedDate: item.deleted ? adoDate(item.deleted.at) : undefined,
    deletedBy: by ? `${by.displayName} <${by.email}>` : undefined,
    url: `${orgUrl(sim)}/${projectIdOf(sim, item)}/_apis/wit/recyclebin/${item.id}`,
  };
  if (withResource)
    out.resource = renderWorkItem(sim, item, {
      select: { kind: 'all' },
      relations: false,
      links: true,
      projectUrl: true,
    });
  return out;
}
