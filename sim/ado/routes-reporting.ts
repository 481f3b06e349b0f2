/** Reporting revisions (GET and POST), reporting links, and the recycle bin. */
import { JsonText, type SimResponse, type SimServer } from '../common/server.js';
import { type ApiRequest, flag, jsonBody, list, ok, registerApi, type SimContext } from './api.js';
import { ERR } from './errors.js';
import { orgUrl, parseDateParam } from './format.js';
import { isResponse, parseCount, parseFields, parseIds } from './params.js';
import {
  type Batch,
  type LinksQuery,
  parseToken,
  type RevisionsQuery,
  reportingLinks,
  reportingRevisions,
} from './reporting.js';
import { deleteReference } from './routes-workitems.js';

const LOC = {
  revisions: 'f828fe59-dd87-495d-a17c-7a8d6211ca6c',
  links: 'b5b5b6d0-0308-40a1-b3f4-b9bb3c66878f',
  recycleBin: 'b70d8d39-926c-465e-b927-b1bf0e5ca0e0',
};

const csv = (v: string | null | undefined) =>
  v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

/** Where to start: after the token's watermark, or at `startDateTime` (the two cannot be combined). */
function start(req: ApiRequest, firstFrom: (ms: number) => number): number | SimResponse {
  const token = req.query.get('continuationToken');
  const since = req.query.get('startDateTime');
  if (token && since)
    return ERR.badArgument('The startDateTime parameter cannot be used together with continuationToken.');
  if (token) return parseToken(token) ?? ERR.badArgument(`The continuation token '${token}' is not valid.`);
  if (since) {
    const ms = parseDateParam(since);
    if (ms === undefined)
      return ERR.badArgument(`The value '${since}' is not a valid date for parameter startDateTime.`);
    return firstFrom(ms) - 1;
  }
  return 0;
}

/** The body `{values, nextLink, continuationToken, isLastBatch}` whose values `write` puts in `out`. */
function batchBody(
  sim: SimContext,
  req: ApiRequest,
  resource: string,
  write: (out: JsonText) => Batch,
): SimResponse {
  const out = new JsonText().push('{"values":[');
  const batch = write(out);
  const params = new URLSearchParams();
  params.set('continuationToken', batch.token);
  if (req.method === 'GET')
    for (const [k, v] of req.query)
      if (!['continuationToken', 'startDateTime', 'api-version'].includes(k)) params.append(k, v);
  params.set('api-version', req.version);
  const scope = req.project ? `/${req.project.id}` : '';
  const nextLink = `${orgUrl(sim)}${scope}/_apis/wit/reporting/${resource}?${params.toString().replace(/%3B/g, ';')}`;
  out.push(
    `],"nextLink":${JSON.stringify(nextLink)},"continuationToken":${JSON.stringify(batch.token)},` +
      `"isLastBatch":${batch.isLastBatch}}`,
  );
  return ok(out);
}

export function registerReportingRoutes(server: SimServer, sim: SimContext): void {
  const both = ['org', 'project'] as const;

  const revisions = (req: ApiRequest, filter: Record<string, unknown>): SimResponse => {
    const after = start(req, (ms) => sim.store.log.firstWatermarkFrom(ms));
    if (isResponse(after)) return after;
    const fields = parseFields(filter.fields);
    if (isResponse(fields)) return fields;
    const size = parseCount(req.query.get('$maxPageSize'), '$maxPageSize');
    if (isResponse(size)) return size;
    if (size === 0) return ERR.badArgument('The value 0 is not valid for parameter $maxPageSize.');
    const expand = (req.query.get('$expand') ?? 'none').toLowerCase();
    if (expand !== 'none' && expand !== 'fields')
      return ERR.badArgument(`The value '${expand}' is not valid for parameter $expand.`);
    const types = Array.isArray(filter.types)
      ? filter.types.map(String)
      : csv(filter.types as string | undefined);
    const query: RevisionsQuery = {
      ...(req.project ? { project: req.project } : {}),
      ...(fields ? { fields } : {}),
      ...(types ? { types } : {}),
      after,
      includeIdentityRef: filter.includeIdentityRef === true,
      includeDeleted: filter.includeDeleted === true,
      includeLatestOnly: filter.includeLatestOnly === true,
      expandFields: expand === 'fields',
      pageSize: Math.min(size ?? sim.limits.reportingPageSize, sim.limits.reportingPageSize),
    };
    return batchBody(sim, req, 'workItemRevisions', (out) => reportingRevisions(sim, query, out));
  };

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/reporting/workitemrevisions',
      scopes: both,
      endpoint: 'wit/reporting/workitemrevisions',
      location: LOC.revisions,
    },
    (req) =>
      revisions(req, {
        fields: req.query.get('fields') ?? undefined,
        types: req.query.get('types') ?? undefined,
        includeIdentityRef: flag(req, 'includeIdentityRef'),
        includeDeleted: flag(req, 'includeDeleted'),
        includeLatestOnly: flag(req, 'includeLatestOnly'),
      }),
  );

  registerApi(
    server,
    sim,
    {
      method: 'POST',
      path: 'wit/reporting/workitemrevisions',
      scopes: both,
      endpoint: 'wit/reporting/workitemrevisions',
      location: LOC.revisions,
    },
    (req) => {
      const body = jsonBody(req);
      if (!body || typeof body !== 'object')
        return ERR.badArgument('Value cannot be null.\r\nParameter name: filter');
      return revisions(req, body as Record<string, unknown>);
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/reporting/workitemlinks',
      scopes: both,
      endpoint: 'wit/reporting/workitemlinks',
      location: LOC.links,
    },
    (req) => {
      const after = start(req, (ms) => sim.store.log.firstLinkSeqFrom(ms));
      if (isResponse(after)) return after;
      const linkTypes = csv(req.query.get('linkTypes'));
      const types = csv(req.query.get('types'));
      const query: LinksQuery = {
        ...(req.project ? { project: req.project } : {}),
        ...(linkTypes ? { linkTypes } : {}),
        ...(types ? { types } : {}),
        after,
        pageSize: sim.limits.linksPageSize,
      };
      return batchBody(sim, req, 'workItemLinks', (out) => reportingLinks(sim, query, out));
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/recyclebin',
      scopes: both,
      endpoint: 'wit/recyclebin',
      location: LOC.recycleBin,
    },
    (req) => {
      const project = req.project?.name;
      const deleted = [...sim.store.items.values()].filter(
        (i) => i.deleted && (!project || i.current['System.TeamProject'] === project),
      );
      const idsParam = req.query.get('ids');
      if (idsParam) {
        const ids = parseIds(idsParam, sim.limits.maxIds);
        if (isResponse(ids)) return ids;
        const out = [];
        for (const id of ids) {
          const item = deleted.find((i) => i.id === id);
          if (!item) return ERR.workItemNotFound(id);
          out.push(deleteReference(sim, item));
        }
        return list(out);
      }
      if (deleted.length > sim.limits.wiqlMaxResults) return ERR.querySizeLimit(sim.limits.wiqlMaxResults);
      return list(deleted.map((i) => ({ id: i.id, url: `${orgUrl(sim)}/_apis/wit/recycleBin/${i.id}` })));
    },
  );

  const inBin = (raw: string | undefined) => {
    const item = sim.store.get(Number(raw));
    return item?.deleted ? item : ERR.workItemNotFound(Number(raw) || 0);
  };

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/recyclebin/:id',
      scopes: both,
      endpoint: 'wit/recyclebin/{id}',
      location: LOC.recycleBin,
    },
    (req) => {
      const item = inBin(req.params.id);
      return isResponse(item) ? item : ok(deleteReference(sim, item, true));
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'PATCH',
      path: 'wit/recyclebin/:id',
      scopes: both,
      endpoint: 'wit/recyclebin/{id}',
      location: LOC.recycleBin,
    },
    (req) => {
      const item = inBin(req.params.id);
      if (isResponse(item)) return item;
      const body = jsonBody(req) as { isDeleted?: unknown } | undefined;
      if (body?.isDeleted !== false) return ERR.badArgument('The request body must be {"isDeleted": false}.');
      const snapshot = deleteReference(sim, item);
      sim.store.restore(item.id, sim.store.org.patUser);
      return ok({ ...snapshot, resource: deleteReference(sim, item, true).resource });
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'DELETE',
      path: 'wit/recyclebin/:id',
      scopes: both,
      endpoint: 'wit/recyclebin/{id}',
      location: LOC.recycleBin,
    },
    (req) => {
      const item = inBin(req.params.id);
      if (isResponse(item)) return item;
      sim.store.destroy(item.id, sim.store.org.patUser);
      return { status: 204 };
    },
  );
}
