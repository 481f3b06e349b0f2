import type { SimRequest, SimResponse, SimServer } from '../common/server.js';
import { ISSUE_TYPES, LINK_TYPES, PRIORITIES, RESOLUTIONS, STATUS_CATEGORIES, STATUSES } from './catalog.js';
import { intParam, type JiraContext, jiraRoute } from './context.js';
import { errorBody } from './errors.js';
import { fieldDetailsJson } from './fields.js';
import {
  agileSprintJson,
  categoryJson,
  issueTypeJson,
  type Json,
  projectJson,
  resolutionJson,
  statusJson,
  userJson,
} from './render.js';

/**
 * Site metadata (`/myself`, `/field`, `/project/search`, statuses, types, link types, priorities)
 * and the agile board/sprint endpoints, with offset pages `{self?, nextPage?, maxResults, startAt,
 * total, isLast, values}`.
 */

/** An offset page; `maxResults` is capped and the cap is what the page reports. */
function offsetPage(
  req: SimRequest,
  all: unknown[],
  defaultMax: number,
  cap: number,
  selfUrl?: string,
): SimResponse {
  const startAt = intParam(req, 'startAt') ?? 0;
  const requested = intParam(req, 'maxResults') ?? defaultMax;
  if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(requested) || requested < 0) {
    return { status: 400, body: errorBody(['The request parameters are invalid.']) };
  }
  const maxResults = Math.min(requested, cap);
  const values = all.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= all.length;
  const body: Json = {};
  if (selfUrl) {
    body.self = `${selfUrl}?startAt=${startAt}&maxResults=${maxResults}`;
    if (!isLast) body.nextPage = `${selfUrl}?startAt=${startAt + values.length}&maxResults=${maxResults}`;
  }
  Object.assign(body, { maxResults, startAt, total: all.length, isLast, values });
  return { status: 200, body };
}

export function registerMetaRoutes(server: SimServer, ctx: JiraContext): void {
  const { env, store } = ctx;
  const api = '/rest/api/3';
  const route = (
    method: string,
    pattern: string,
    endpoint: string,
    handler: (req: SimRequest) => SimResponse,
  ) => jiraRoute(server, ctx, method, pattern, endpoint, handler);
  const ok = (body: unknown): SimResponse => ({ status: 200, body });

  route('GET', `${api}/myself`, 'myself', () => {
    const me = userJson(env, ctx.apiUser);
    return ok({
      ...me,
      locale: 'en_US',
      groups: { size: 3, items: [] },
      applicationRoles: { size: 1, items: [] },
      expand: 'groups,applicationRoles',
    });
  });
  route('GET', `${api}/serverInfo`, 'serverInfo', () =>
    ok({
      baseUrl: env.base,
      displayUrl: env.base,
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100280,
      buildDate: '2026-01-01T00:00:00.000+0000',
      serverTime: new Date(ctx.clock.now()).toISOString().replace('Z', '+0000'),
      scmInfo: 'sim',
      serverTitle: 'Jira',
      serverTimeZone: 'Etc/UTC',
    }),
  );
  route('GET', `${api}/field`, 'field', () => ok(fieldDetailsJson()));

  const projects = (): Json[] =>
    store.data.projects.map(
      (p) =>
        ({
          ...projectJson(env, p),
          style: p.simplified ? 'next-gen' : 'classic',
          isPrivate: false,
          properties: {},
        }) as Json,
    );
  route('GET', `${api}/project/search`, 'project/search', (req) => {
    const keys = req.query.getAll('keys').flatMap((k) => k.split(','));
    const ids = req.query.getAll('id');
    const list = projects().filter(
      (p) =>
        (keys.length === 0 || keys.includes(String(p.key))) &&
        (ids.length === 0 || ids.includes(String(p.id))),
    );
    return offsetPage(req, list, 50, 100, `${env.base}${api}/project/search`);
  });
  route('GET', `${api}/project/:idOrKey`, 'project', (req) => {
    const p = projects().find(
      (x) => x.key === req.params.idOrKey?.toUpperCase() || x.id === req.params.idOrKey,
    );
    return p
      ? ok(p)
      : { status: 404, body: errorBody([`No project could be found with key '${req.params.idOrKey}'.`]) };
  });
  route('GET', `${api}/status`, 'status', () => ok(STATUSES.map((s) => statusJson(env, s, true))));
  route('GET', `${api}/statuscategory`, 'statuscategory', () =>
    ok(STATUS_CATEGORIES.map((c) => categoryJson(env, c))),
  );
  route('GET', `${api}/statuses/search`, 'statuses/search', (req) => {
    const cat = req.query.get('statusCategory');
    const keyOf = { TODO: 'new', IN_PROGRESS: 'indeterminate', DONE: 'done' } as Record<string, string>;
    const list = STATUSES.filter(
      (s) => !cat || STATUS_CATEGORIES.find((c) => c.id === s.categoryId)?.key === keyOf[cat],
    ).map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      statusCategory: { 2: 'TODO', 4: 'IN_PROGRESS', 3: 'DONE' }[s.categoryId] ?? 'TODO',
      scope: { type: 'GLOBAL' },
    }));
    return offsetPage(req, list, 200, 200, `${env.base}${api}/statuses/search`);
  });
  route('GET', `${api}/issuetype`, 'issuetype', () => ok(ISSUE_TYPES.map((t) => issueTypeJson(env, t.id))));
  route('GET', `${api}/issueLinkType`, 'issueLinkType', () =>
    ok({
      issueLinkTypes: LINK_TYPES.map((t) => ({ ...t, self: `${env.base}${api}/issueLinkType/${t.id}` })),
    }),
  );
  route('GET', `${api}/resolution`, 'resolution', () =>
    ok(RESOLUTIONS.map((r) => resolutionJson(env, r.id))),
  );
  const priorities = PRIORITIES.map((p) => ({
    self: `${env.base}${api}/priority/${p.id}`,
    statusColor: p.color,
    description: `${p.name} priority`,
    iconUrl: `${env.base}/images/icons/priorities/${p.icon}`,
    name: p.name,
    id: p.id,
    isDefault: p.name === 'Medium',
  }));
  route('GET', `${api}/priority`, 'priority', () => ok(priorities));
  route('GET', `${api}/priority/search`, 'priority/search', (req) =>
    offsetPage(req, priorities, 50, 50, `${env.base}${api}/priority/search`),
  );

  // Agile API (Jira Software).
  const agile = '/rest/agile/1.0';
  const boardJson = (b: (typeof store.data.boards)[number]) => {
    const p = store.data.projects.find((x) => x.key === b.projectKey)!;
    return {
      id: b.id,
      self: `${env.base}${agile}/board/${b.id}`,
      name: b.name,
      type: b.type,
      location: {
        projectId: Number(p.id),
        displayName: `${p.name} (${p.key})`,
        projectName: p.name,
        projectKey: p.key,
        projectTypeKey: 'software',
        name: `${p.name} (${p.key})`,
      },
    };
  };
  const noBoard = (): SimResponse => ({
    status: 404,
    body: errorBody([
      'The requested board cannot be viewed because it either does not exist or you do not have permission to view it.',
    ]),
  });
  route('GET', `${agile}/board`, 'agile/board', (req) => {
    const type = req.query.get('type');
    const project = req.query.get('projectKeyOrId')?.toUpperCase();
    const list = store.data.boards
      .filter(
        (b) =>
          (!type || type.split(',').includes(b.type)) &&
          (!project ||
            b.projectKey === project ||
            store.data.projects.find((p) => p.key === b.projectKey)?.id === project),
      )
      .map(boardJson);
    return offsetPage(req, list, 50, 50);
  });
  route('GET', `${agile}/board/:boardId`, 'agile/board/id', (req) => {
    const b = store.data.boards.find((x) => String(x.id) === req.params.boardId);
    return b ? ok(boardJson(b)) : noBoard();
  });
  route('GET', `${agile}/board/:boardId/sprint`, 'agile/board/sprint', (req) => {
    const b = store.data.boards.find((x) => String(x.id) === req.params.boardId);
    if (!b) return noBoard();
    if (b.type !== 'scrum') return { status: 400, body: errorBody(['The board does not support sprints']) };
    const states = req.query
      .get('state')
      ?.split(',')
      .map((s) => s.trim());
    const order = { closed: 0, active: 1, future: 2 };
    const list = store.data.sprints
      .filter((s) => s.boardId === b.id && (!states || states.includes(s.state)))
      .sort((x, y) => order[x.state] - order[y.state] || x.id - y.id)
      .map((s) => agileSprintJson(env, s));
    return offsetPage(req, list, 50, 50);
  });
  route('GET', `${agile}/sprint/:sprintId`, 'agile/sprint', (req) => {
    const s = store.data.sprints.find((x) => String(x.id) === req.params.sprintId);
    return s
      ? ok(agileSprintJson(env, s))
      : {
          status: 404,
          body: errorBody([
            'The requested sprint cannot be viewed because it either does not exist or you do not have permission to view it.',
          ]),
        };
  });
}
