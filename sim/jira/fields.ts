import { generateDescription } from './adf.js';
import {
  CUSTOMER_FIELD_ID,
  EPIC_LINK_FIELD_ID,
  RANK_FIELD_ID,
  SPRINT_FIELD_ID,
  STORY_POINTS_FIELD_ID,
} from './catalog.js';
import {
  type CachedJson,
  cachedIssueType,
  cachedPriority,
  cachedProject,
  cachedResolution,
  cachedStatus,
  cachedUser,
  componentJson,
  customerJson,
  issueLinkJson,
  issueRefJson,
  issueTypeJson,
  type Json,
  NULL_JSON,
  priorityJson,
  projectJson,
  type RenderEnv,
  resolutionJson,
  sprintFieldJson,
  statusIdJson,
  time,
  userJson,
} from './render.js';
import type { JiraStore } from './store.js';
import type { IssueRecord, IssueState } from './types.js';

/**
 * The site's fields (`GET /field`) and how each renders on an issue. Order follows a real `*all`
 * response; `undefined` values are omitted (e.g. `parent` on an issue without one).
 */

export interface FieldCtx {
  env: RenderEnv;
  store: JiraStore;
  issue: IssueRecord;
  state: IssueState;
}

export interface FieldDef {
  id: string;
  name: string;
  custom: boolean;
  navigable: boolean;
  orderable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: { type: string; system?: string; custom?: string; customId?: number; items?: string };
  value: (c: FieldCtx) => unknown;
  /** `value` as cached JSON: the objects that repeat on every issue (users, statuses...). */
  cached?: (c: FieldCtx) => CachedJson;
}

/** A field whose rendered value also comes as cached JSON (writeIssue writes search pages with it). */
const withCached = (def: FieldDef, cached: (c: FieldCtx) => CachedJson): FieldDef => ({ ...def, cached });

const sys = (
  id: string,
  name: string,
  type: string | undefined,
  value: (c: FieldCtx) => unknown,
  opts: { navigable?: boolean; items?: string; clauses?: string[] } = {},
): FieldDef => {
  const def: FieldDef = {
    id,
    name,
    custom: false,
    navigable: opts.navigable ?? true,
    orderable: true,
    searchable: true,
    clauseNames: opts.clauses ?? [id],
    value,
  };
  if (type) def.schema = opts.items ? { type, items: opts.items, system: id } : { type, system: id };
  return def;
};

const cf = (
  id: string,
  name: string,
  type: string,
  custom: string,
  value: (c: FieldCtx) => unknown,
  items?: string,
): FieldDef => {
  const customId = Number(id.replace('customfield_', ''));
  return {
    id,
    name,
    custom: true,
    navigable: true,
    orderable: true,
    searchable: true,
    clauseNames: [`cf[${customId}]`, name],
    schema: items ? { type, items, custom, customId } : { type, custom, customId },
    value,
  };
};

const nul = () => null;
const live = (store: JiraStore, id: string) => store.resolve(id);
const projectOf = (c: FieldCtx) => c.store.data.projects.find((p) => p.key === c.state.projectKey)!;

export const FIELDS: readonly FieldDef[] = [
  sys(
    'statuscategorychangedate',
    'Status Category Changed',
    'datetime',
    (c) => time(c.env, c.state.statusCategoryChanged),
    {
      clauses: ['statusCategoryChangedDate'],
    },
  ),
  withCached(
    sys('issuetype', 'Issue Type', 'issuetype', (c) => issueTypeJson(c.env, c.state.typeId), {
      clauses: ['issuetype', 'type'],
    }),
    (c) => cachedIssueType(c.env, c.state.typeId),
  ),
  {
    ...sys('parent', 'Parent', undefined, (c) => {
      const p = c.state.parentId ? live(c.store, c.state.parentId) : undefined;
      return p ? issueRefJson(c.env, p) : undefined;
    }),
    orderable: false,
    searchable: false,
  },
  sys('timespent', 'Time Spent', 'number', nul),
  withCached(
    sys('project', 'Project', 'project', (c) => projectJson(c.env, projectOf(c))),
    (c) => cachedProject(c.env, projectOf(c)),
  ),
  sys('fixVersions', 'Fix versions', 'array', () => [], { items: 'version', clauses: ['fixVersion'] }),
  sys('aggregatetimespent', 'Σ Time Spent', 'number', nul),
  withCached(
    sys('resolution', 'Resolution', 'resolution', (c) =>
      c.state.resolutionId ? resolutionJson(c.env, c.state.resolutionId) : null,
    ),
    (c) => (c.state.resolutionId ? cachedResolution(c.env, c.state.resolutionId) : NULL_JSON),
  ),
  sys(
    'resolutiondate',
    'Resolved',
    'datetime',
    (c) => (c.state.resolutionDate === null ? null : time(c.env, c.state.resolutionDate)),
    {
      clauses: ['resolutiondate', 'resolved'],
    },
  ),
  sys('workratio', 'Work Ratio', 'number', () => -1),
  sys('watches', 'Watchers', 'watches', (c) => ({
    self: `${c.env.base}/rest/api/3/issue/${c.state.key}/watchers`,
    watchCount: 1,
    isWatching: false,
  })),
  sys('lastViewed', 'Last Viewed', 'datetime', nul),
  sys(
    'issuerestriction',
    'Restrict to',
    'issuerestriction',
    () => ({ issuerestrictions: {}, shouldDisplay: false }),
    {
      navigable: false,
    },
  ),
  sys('created', 'Created', 'datetime', (c) => time(c.env, c.state.created), {
    clauses: ['created', 'createdDate'],
  }),
  cf(
    SPRINT_FIELD_ID,
    'Sprint',
    'array',
    'com.pyxis.greenhopper.jira:gh-sprint',
    (c) => {
      if (c.state.sprintIds.length === 0) return null;
      return c.state.sprintIds.map((id) => sprintFieldJson(c.store.data.sprints[id - 1]!));
    },
    'json',
  ),
  cf(
    'customfield_10021',
    'Flagged',
    'array',
    'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
    nul,
    'option',
  ),
  withCached(
    sys('priority', 'Priority', 'priority', (c) => priorityJson(c.env, c.state.priorityId)),
    (c) => cachedPriority(c.env, c.state.priorityId),
  ),
  sys('labels', 'Labels', 'array', (c) => [...c.state.labels], { items: 'string' }),
  cf(
    STORY_POINTS_FIELD_ID,
    'Story point estimate',
    'number',
    'com.pyxis.greenhopper.jira:jsw-story-points',
    (c) => c.state.storyPoints,
  ),
  cf(
    RANK_FIELD_ID,
    'Rank',
    'any',
    'com.pyxis.greenhopper.jira:gh-lexo-rank',
    (c) => `0|i${c.issue.num.toString(36).padStart(5, '0')}:`,
  ),
  sys('timeestimate', 'Remaining Estimate', 'number', nul),
  sys('aggregatetimeoriginalestimate', 'Σ Original Estimate', 'number', nul),
  sys('versions', 'Affects versions', 'array', () => [], { items: 'version', clauses: ['affectedVersion'] }),
  sys(
    'issuelinks',
    'Linked Issues',
    'array',
    (c) => {
      const out: Json[] = [];
      for (const linkId of c.store.linksByIssue.get(c.issue.id) ?? []) {
        const link = c.store.links.get(linkId)!;
        const other = live(
          c.store,
          link.outwardIssueId === c.issue.id ? link.inwardIssueId : link.outwardIssueId,
        );
        if (other) out.push(issueLinkJson(c.env, link, c.issue.id, other));
      }
      return out;
    },
    { items: 'issuelinks', clauses: ['issueLink'] },
  ),
  withCached(
    sys('assignee', 'Assignee', 'user', (c) =>
      c.state.assignee === null ? null : userJson(c.env, c.state.assignee),
    ),
    (c) => (c.state.assignee === null ? NULL_JSON : cachedUser(c.env, c.state.assignee)),
  ),
  sys('updated', 'Updated', 'datetime', (c) => time(c.env, c.state.updated), {
    clauses: ['updated', 'updatedDate'],
  }),
  withCached(
    sys('status', 'Status', 'status', (c) => statusIdJson(c.env, c.state.statusId)),
    (c) => cachedStatus(c.env, c.state.statusId),
  ),
  sys(
    'components',
    'Components',
    'array',
    (c) => {
      const all = c.store.data.projects.find((p) => p.key === c.state.projectKey)?.components ?? [];
      return c.state.componentIds.flatMap((id) => {
        const comp = all.find((x) => x.id === id);
        return comp ? [componentJson(c.env, comp)] : [];
      });
    },
    { items: 'component', clauses: ['component'] },
  ),
  sys('timeoriginalestimate', 'Original estimate', 'number', nul),
  sys('description', 'Description', 'string', (c) =>
    'adf' in c.state.description
      ? c.state.description.adf
      : generateDescription(c.state.description.seed, c.env.users),
  ),
  cf(EPIC_LINK_FIELD_ID, 'Epic Link', 'any', 'com.pyxis.greenhopper.jira:gh-epic-link', nul),
  cf(
    'customfield_10015',
    'Start date',
    'date',
    'com.atlassian.jira.plugin.system.customfieldtypes:datepicker',
    nul,
  ),
  sys('timetracking', 'Time tracking', 'timetracking', () => ({}), { navigable: false }),
  sys('security', 'Security Level', 'securitylevel', nul, { clauses: ['level'] }),
  sys('aggregatetimeestimate', 'Σ Remaining Estimate', 'number', nul),
  sys('attachment', 'Attachment', 'array', () => [], { items: 'attachment', navigable: false }),
  sys('summary', 'Summary', 'string', (c) => c.state.summary),
  withCached(
    sys('creator', 'Creator', 'user', (c) => userJson(c.env, c.state.creator)),
    (c) => cachedUser(c.env, c.state.creator),
  ),
  sys(
    'subtasks',
    'Sub-tasks',
    'array',
    (c) => {
      const out: Json[] = [];
      for (const id of c.store.subtasks.get(c.issue.id) ?? []) {
        const child = live(c.store, id);
        if (child && child.current?.parentId === c.issue.id && child.current.typeId === '10004')
          out.push(issueRefJson(c.env, child));
      }
      return out;
    },
    { items: 'issuelinks', clauses: ['subtasks'] },
  ),
  withCached(
    sys('reporter', 'Reporter', 'user', (c) => userJson(c.env, c.state.reporter)),
    (c) => cachedUser(c.env, c.state.reporter),
  ),
  sys('aggregateprogress', 'Σ Progress', 'progress', () => ({ progress: 0, total: 0 })),
  cf(
    CUSTOMER_FIELD_ID,
    'Customer',
    'option',
    'com.atlassian.jira.plugin.system.customfieldtypes:select',
    (c) => customerJson(c.env, c.state.customer),
  ),
  sys('environment', 'Environment', 'string', nul),
  sys('duedate', 'Due date', 'date', (c) => c.state.duedate, { clauses: ['due', 'duedate'] }),
  sys('progress', 'Progress', 'progress', () => ({ progress: 0, total: 0 })),
  sys('votes', 'Votes', 'votes', (c) => ({
    self: `${c.env.base}/rest/api/3/issue/${c.state.key}/votes`,
    votes: 0,
    hasVoted: false,
  })),
  sys(
    'comment',
    'Comment',
    'comments-page',
    (c) => ({
      comments: [],
      self: `${c.env.base}/rest/api/3/issue/${c.issue.id}/comment`,
      maxResults: 0,
      total: 0,
      startAt: 0,
    }),
    { navigable: false },
  ),
  sys('worklog', 'Log Work', 'array', () => ({ startAt: 0, maxResults: 20, total: 0, worklogs: [] }), {
    items: 'worklog',
    navigable: false,
  }),
];

export const FIELD_BY_ID = new Map(FIELDS.map((f) => [f.id, f]));

/** `FieldDetails` as `GET /rest/api/3/field` returns it, plus the pseudo-fields Jira lists there. */
export function fieldDetailsJson(): Json[] {
  return FIELDS.map((f) => {
    const out: Json = {
      id: f.id,
      key: f.id,
      name: f.name,
      custom: f.custom,
      orderable: f.orderable,
      navigable: f.navigable,
      searchable: f.searchable,
      clauseNames: f.clauseNames,
    };
    if (f.schema) out.schema = f.schema;
    return out;
  });
}
