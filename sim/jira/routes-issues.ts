import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import { bulkChangelogs, changelogList, changelogPage } from './changelog.js';
import { intParam, type JiraContext, jiraRoute, listParam, notFoundIssue, readJson } from './context.js';
import { errorBody, JIRA_ERRORS } from './errors.js';
import { issueJson, parseExpand, parseFieldSelection } from './issue-json.js';
import type { SearchRequest } from './search.js';

/** Issue search, single issues, bulk issues and changelogs (`/rest/api/3/...`). */
export function registerIssueRoutes(server: SimServer, ctx: JiraContext): void {
  const api = '/rest/api/3';
  const route = (
    method: string,
    pattern: string,
    endpoint: string,
    handler: (req: SimRequest) => SimResponse,
  ) => jiraRoute(server, ctx, method, `${api}/${pattern}`, endpoint, handler);

  const searchGet = (req: SimRequest): SearchRequest => ({
    jql: req.query.get('jql') ?? '',
    nextPageToken: req.query.get('nextPageToken') ?? undefined,
    maxResults: intParam(req, 'maxResults'),
    fields: listParam(req, 'fields'),
    expand: req.query.get('expand') ?? undefined,
    properties: listParam(req, 'properties'),
    reconcileIssues: listParam(req, 'reconcileIssues'),
  });
  const searchPost = (req: SimRequest): SearchRequest | SimResponse => {
    const parsed = readJson(req);
    if (!parsed.ok) return parsed.response;
    const b = (parsed.value ?? {}) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : undefined);
    return {
      jql: typeof b.jql === 'string' ? b.jql : '',
      nextPageToken: typeof b.nextPageToken === 'string' ? b.nextPageToken : undefined,
      maxResults: b.maxResults,
      fields: list(b.fields),
      expand: b.expand,
      properties: list(b.properties),
      reconcileIssues: b.reconcileIssues,
    };
  };
  const isResponse = (x: SearchRequest | SimResponse): x is SimResponse => 'status' in x;

  route('GET', 'search/jql', 'search/jql', (req) => ctx.search.search(searchGet(req)));
  route('POST', 'search/jql', 'search/jql', (req) => {
    const r = searchPost(req);
    return isResponse(r) ? r : ctx.search.search(r);
  });
  route('POST', 'search/approximate-count', 'search/approximate-count', (req) => {
    const parsed = readJson(req);
    if (!parsed.ok) return parsed.response;
    return ctx.search.count((parsed.value as { jql?: unknown } | null)?.jql);
  });

  const removed = (): SimResponse => ({ status: 410, body: errorBody([JIRA_ERRORS.removedSearch]) });
  route('GET', 'search', 'search', (req) =>
    ctx.settings.legacySearch
      ? ctx.search.legacy({ ...searchGet(req), startAt: intParam(req, 'startAt') })
      : removed(),
  );
  route('POST', 'search', 'search', (req) => {
    if (!ctx.settings.legacySearch) return removed();
    const r = searchPost(req);
    if (isResponse(r)) return r;
    const parsed = readJson(req);
    const startAt = parsed.ok ? (parsed.value as { startAt?: unknown }).startAt : undefined;
    return ctx.search.legacy({ ...r, startAt });
  });

  route('GET', 'issue/:idOrKey', 'issue', (req) => {
    const issue = ctx.store.resolve(req.params.idOrKey ?? '');
    if (!issue) return notFoundIssue();
    const body = issueJson(ctx.store, ctx.env, issue, issue.current!, {
      selection: parseFieldSelection(listParam(req, 'fields'), '*all'),
      expand: parseExpand(req.query.get('expand') ?? undefined),
      changelogCap: ctx.settings.issueChangelogCap,
    });
    return { status: 200, body };
  });

  route('GET', 'issue/:idOrKey/changelog', 'issue/changelog', (req) => {
    const issue = ctx.store.resolve(req.params.idOrKey ?? '');
    if (!issue) return notFoundIssue();
    return changelogPage(
      ctx.store,
      ctx.env,
      ctx.settings,
      issue,
      req.query.get('startAt'),
      req.query.get('maxResults'),
    );
  });

  route('POST', 'issue/:idOrKey/changelog/list', 'issue/changelog/list', (req) => {
    const issue = ctx.store.resolve(req.params.idOrKey ?? '');
    if (!issue) return notFoundIssue();
    const parsed = readJson(req);
    return parsed.ok ? changelogList(ctx.store, ctx.env, issue, parsed.value) : parsed.response;
  });

  route('POST', 'changelog/bulkfetch', 'changelog/bulkfetch', (req) => {
    const parsed = readJson(req);
    return parsed.ok ? bulkChangelogs(ctx.store, ctx.env, ctx.settings, parsed.value) : parsed.response;
  });

  route('POST', 'issue/bulkfetch', 'issue/bulkfetch', (req) => {
    const parsed = readJson(req);
    if (!parsed.ok) return parsed.response;
    const b = (parsed.value ?? {}) as { issueIdsOrKeys?: unknown; fields?: unknown; expand?: unknown };
    const ids = b.issueIdsOrKeys;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) {
      return {
        status: 400,
        body: errorBody(['issueIdsOrKeys must contain between 1 and 100 issue IDs or keys.']),
      };
    }
    const seen = new Set<string>();
    const found = ids
      .map((x) => ctx.store.resolve(String(x)))
      .filter(
        (x): x is NonNullable<typeof x> => x !== undefined && !seen.has(x.id) && seen.add(x.id) !== undefined,
      )
      .sort((a, c) => a.num - c.num);
    const selection = parseFieldSelection(
      Array.isArray(b.fields) ? b.fields.map(String) : undefined,
      '*navigable',
    );
    const expand = parseExpand(b.expand);
    const issues = found.map((issue) =>
      issueJson(ctx.store, ctx.env, issue, issue.current!, {
        selection,
        expand,
        changelogCap: ctx.settings.bulkIssueChangelogCap,
      }),
    );
    return { status: 200, body: { issues, issueErrors: [] } };
  });
}
