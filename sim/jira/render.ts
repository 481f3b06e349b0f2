import type { JsonText } from '../common/server.js';
import {
  CATEGORY_BY_ID,
  LINK_TYPE_BY_ID,
  PRIORITY_BY_ID,
  RESOLUTION_BY_ID,
  type StatusCategoryDef,
  type StatusDef,
  statusOf,
  TYPE_BY_ID,
} from './catalog.js';
import { formatJiraTime } from './time.js';
import type {
  CustomerValue,
  History,
  IssueLinkRecord,
  IssueRecord,
  ProjectRecord,
  SprintRecord,
  UserRecord,
} from './types.js';

/**
 * Builders of Jira's JSON objects (users, statuses, priorities, projects, sprints, changelog
 * histories…) in the v3 shapes of the recorded payloads. `base` is the site URL used in `self` links.
 */

export type Json = Record<string, unknown>;

export interface RenderEnv {
  base: string;
  zone: string;
  users: readonly UserRecord[];
}

export function time(env: RenderEnv, ms: number): string {
  return formatJiraTime(ms, env.zone);
}

export function avatarUrls(seed: string): Json {
  const url = (n: number) =>
    `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/${seed}-5.png?size=${n}&s=${n}`;
  return { '48x48': url(48), '24x24': url(24), '16x16': url(16), '32x32': url(32) };
}

/** A `UserDetails` object; `emailAddress`/`timeZone` are absent when hidden by privacy settings. */
export function userJson(env: RenderEnv, index: number): Json {
  const u = env.users[index]!;
  const out: Json = {
    self: `${env.base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId,
  };
  if (u.emailAddress !== null) out.emailAddress = u.emailAddress;
  const initials = u.displayName
    .split(/\s+/)
    .map((w) => w.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  out.avatarUrls = avatarUrls(encodeURIComponent(initials || 'U'));
  out.displayName = u.displayName;
  out.active = u.active;
  if (u.timeZone !== null) out.timeZone = u.timeZone;
  out.accountType = u.accountType;
  return out;
}

export function categoryJson(env: RenderEnv, c: StatusCategoryDef): Json {
  return {
    self: `${env.base}/rest/api/3/statuscategory/${c.id}`,
    id: c.id,
    key: c.key,
    colorName: c.colorName,
    name: c.name,
  };
}

export function statusJson(env: RenderEnv, s: StatusDef, untranslated = false): Json {
  const out: Json = {
    self: `${env.base}/rest/api/3/status/${s.id}`,
    description: s.description,
    iconUrl: `${env.base}/${s.icon}`,
    name: s.name,
  };
  if (untranslated) out.untranslatedName = s.name;
  out.id = s.id;
  out.statusCategory = categoryJson(env, CATEGORY_BY_ID.get(s.categoryId)!);
  return out;
}

export function statusIdJson(env: RenderEnv, id: string): Json {
  return statusJson(env, statusOf(id));
}

export function priorityJson(env: RenderEnv, id: string): Json {
  const p = PRIORITY_BY_ID.get(id)!;
  return {
    self: `${env.base}/rest/api/3/priority/${p.id}`,
    iconUrl: `${env.base}/images/icons/priorities/${p.icon}`,
    name: p.name,
    id: p.id,
  };
}

export function issueTypeJson(env: RenderEnv, id: string): Json {
  const t = TYPE_BY_ID.get(id)!;
  return {
    self: `${env.base}/rest/api/3/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${env.base}/images/icons/issuetypes/${t.icon}`,
    name: t.name,
    subtask: t.subtask,
    avatarId: 10300 + Number(t.id.slice(-1)),
    hierarchyLevel: t.hierarchyLevel,
  };
}

export function resolutionJson(env: RenderEnv, id: string): Json {
  const r = RESOLUTION_BY_ID.get(id)!;
  return {
    self: `${env.base}/rest/api/3/resolution/${r.id}`,
    id: r.id,
    description: r.description,
    name: r.name,
  };
}

export function projectJson(env: RenderEnv, p: ProjectRecord): Json {
  return {
    self: `${env.base}/rest/api/3/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: 'software',
    simplified: p.simplified,
    avatarUrls: {
      '48x48': `${env.base}/rest/api/3/universal_avatar/view/type/project/avatar/10425`,
      '24x24': `${env.base}/rest/api/3/universal_avatar/view/type/project/avatar/10425?size=small`,
      '16x16': `${env.base}/rest/api/3/universal_avatar/view/type/project/avatar/10425?size=xsmall`,
      '32x32': `${env.base}/rest/api/3/universal_avatar/view/type/project/avatar/10425?size=medium`,
    },
  };
}

export function componentJson(env: RenderEnv, c: { id: string; name: string; description: string }): Json {
  const out: Json = { self: `${env.base}/rest/api/3/component/${c.id}`, id: c.id, name: c.name };
  if (c.description) out.description = c.description;
  return out;
}

/** The sprint custom field's element (`boardId`, `Z` dates, absent dates for future sprints). */
export function sprintFieldJson(s: SprintRecord): Json {
  const out: Json = { id: s.id, name: s.name, state: s.state, boardId: s.boardId, goal: s.goal };
  if (s.startDate !== null) out.startDate = new Date(s.startDate).toISOString();
  if (s.endDate !== null) out.endDate = new Date(s.endDate).toISOString();
  if (s.completeDate !== null) out.completeDate = new Date(s.completeDate).toISOString();
  return out;
}

/** The agile API's sprint (`originBoardId`, `self`, `createdDate`). */
export function agileSprintJson(env: RenderEnv, s: SprintRecord): Json {
  const out: Json = {
    id: s.id,
    self: `${env.base}/rest/agile/1.0/sprint/${s.id}`,
    state: s.state,
    name: s.name,
  };
  if (s.startDate !== null) out.startDate = new Date(s.startDate).toISOString();
  if (s.endDate !== null) out.endDate = new Date(s.endDate).toISOString();
  if (s.completeDate !== null) out.completeDate = new Date(s.completeDate).toISOString();
  out.createdDate = new Date(s.createdDate).toISOString();
  out.originBoardId = s.boardId;
  out.goal = s.goal;
  return out;
}

export function customerJson(env: RenderEnv, v: CustomerValue | null): unknown {
  if (v === null || typeof v === 'string') return v;
  const opt = (o: { id: string; value: string }) => ({
    self: `${env.base}/rest/api/3/customFieldOption/${o.id}`,
    value: o.value,
    id: o.id,
  });
  return Array.isArray(v) ? v.map(opt) : opt(v);
}

/** A changelog history (`Changelog`); histories without an author omit it. */
export function historyJson(env: RenderEnv, h: History, epochSeconds = false): Json {
  const out: Json = { id: String(h.id) };
  if (h.author !== null) out.author = userJson(env, h.author);
  out.created = epochSeconds ? Math.floor(h.created / 1000) : time(env, h.created);
  out.items = h.items;
  return out;
}

/**
 * Writes historyJson as JSON text (bulk changelog pages are written as text), after a comma unless
 * `first`. The author, most of a history's bytes, is copied from its cached encoding.
 */
export function writeHistory(
  out: JsonText,
  env: RenderEnv,
  h: History,
  epochSeconds: boolean,
  first: boolean,
): void {
  out.push(`${first ? '' : ','}{"id":${JSON.stringify(String(h.id))},`);
  if (h.author !== null) out.pushBytes(authorBytes(env, h.author));
  const created = epochSeconds ? Math.floor(h.created / 1000) : time(env, h.created);
  out.push(`"created":${JSON.stringify(created)},"items":${JSON.stringify(h.items)}}`);
}

/** `"author":<user>,` in UTF-8, per env and user. */
const AUTHORS = new WeakMap<RenderEnv, Buffer[]>();

function authorBytes(env: RenderEnv, index: number): Buffer {
  let byUser = AUTHORS.get(env);
  if (!byUser) {
    byUser = [];
    AUTHORS.set(env, byUser);
  }
  let bytes = byUser[index];
  if (!bytes) {
    bytes = Buffer.from(`"author":${cachedUser(env, index).text},`, 'utf8');
    byUser[index] = bytes;
  }
  return bytes;
}

/** A rendered object's JSON, as text and as UTF-8 (copied as bytes into the pages written as text). */
export interface CachedJson {
  text: string;
  bytes: Buffer;
}

const cachedJson = (text: string): CachedJson => ({ text, bytes: Buffer.from(text, 'utf8') });

export const NULL_JSON = cachedJson('null');

/**
 * JSON of the objects that repeat on every issue and history (users, statuses, priorities...), per env,
 * kind and id: their builders read nothing else, and the catalogue, users and projects do not change.
 * Text rather than shared objects, which a caller could change.
 */
const CACHED = new WeakMap<RenderEnv, Map<string, Map<string, CachedJson>>>();

function cached(env: RenderEnv, kind: string, id: string, build: () => unknown): CachedJson {
  let byKind = CACHED.get(env);
  if (!byKind) {
    byKind = new Map();
    CACHED.set(env, byKind);
  }
  let byId = byKind.get(kind);
  if (!byId) {
    byId = new Map();
    byKind.set(kind, byId);
  }
  let json = byId.get(id);
  if (json === undefined) {
    json = cachedJson(JSON.stringify(build()));
    byId.set(id, json);
  }
  return json;
}

export const cachedUser = (env: RenderEnv, index: number): CachedJson =>
  cached(env, 'user', String(index), () => userJson(env, index));
export const cachedStatus = (env: RenderEnv, id: string): CachedJson =>
  cached(env, 'status', id, () => statusIdJson(env, id));
export const cachedPriority = (env: RenderEnv, id: string): CachedJson =>
  cached(env, 'priority', id, () => priorityJson(env, id));
export const cachedIssueType = (env: RenderEnv, id: string): CachedJson =>
  cached(env, 'issuetype', id, () => issueTypeJson(env, id));
export const cachedResolution = (env: RenderEnv, id: string): CachedJson =>
  cached(env, 'resolution', id, () => resolutionJson(env, id));
export const cachedProject = (env: RenderEnv, p: ProjectRecord): CachedJson =>
  cached(env, 'project', p.key, () => projectJson(env, p));

/** The short issue reference used by `parent`, `subtasks` and `issuelinks`. */
export function issueRefJson(env: RenderEnv, issue: IssueRecord): Json {
  const s = issue.current!;
  return {
    id: issue.id,
    key: s.key,
    self: `${env.base}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: s.summary,
      status: statusIdJson(env, s.statusId),
      priority: priorityJson(env, s.priorityId),
      issuetype: issueTypeJson(env, s.typeId),
    },
  };
}

/** One `IssueLink` as seen from `fromId`: exactly one of inwardIssue / outwardIssue. */
export function issueLinkJson(
  env: RenderEnv,
  link: IssueLinkRecord,
  fromId: string,
  other: IssueRecord,
): Json {
  const t = LINK_TYPE_BY_ID.get(link.typeId)!;
  const out: Json = {
    id: link.id,
    self: `${env.base}/rest/api/3/issueLink/${link.id}`,
    type: {
      id: t.id,
      name: t.name,
      inward: t.inward,
      outward: t.outward,
      self: `${env.base}/rest/api/3/issueLinkType/${t.id}`,
    },
  };
  // Seen from the outward issue, the other one is the link's inward issue, and vice versa.
  if (link.outwardIssueId === fromId) out.outwardIssue = issueRefJson(env, other);
  else out.inwardIssue = issueRefJson(env, other);
  return out;
}
