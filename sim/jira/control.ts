import type { FaultInjector, FaultRule } from '../common/faults.js';
import type { SimServer } from '../common/server.js';
import type { JiraContext, UnavailableRule } from './context.js';
import { issueJson, parseFieldSelection } from './issue-json.js';
import { type CreateIssueInput, MutationError, type UpdateIssueInput } from './mutations.js';
import { historyJson, type Json, userJson } from './render.js';
import type { JiraSettings } from './settings.js';
import type { IssueRecord, SprintRecord } from './types.js';
import type { WebhookDelivery, WebhookEmitter, WebhookRegistration } from './webhooks.js';

/**
 * The in-process control API of the Jira simulator: the test's hand on the "real" site.
 * Changes append changelog histories and bump `updated` as user edits do; they reach
 * `/search/jql` only after the consistency delay (measured on the SimClock), `GET /issue` at once.
 */

/** An issue as the site truly holds it, in Jira's native shapes. */
export interface TruthIssue {
  id: string;
  /** Current key (the last key before deletion for deleted issues). */
  key: string;
  /** Every key the issue has had, oldest first. */
  keyHistory: string[];
  deleted: boolean;
  /** All fields (`*all`), rendered as GET issue would (last state for deleted issues). */
  fields: Json;
  /** The full changelog, oldest first (`Changelog` objects); omitted when `changelog: false`. */
  changelog: Json[];
  /** Current links: `outwardIssueId` <type outward phrase> `inwardIssueId`. */
  links: { id: string; type: string; outwardIssueId: string; inwardIssueId: string }[];
}

export interface JiraSimControl {
  /** The simulated clock's now (epoch ms). */
  now(): number;
  advance(ms: number): void;
  createIssue(input: CreateIssueInput): TruthIssue;
  updateIssue(idOrKey: string, changes: UpdateIssueInput): TruthIssue;
  /** A future sprint on a scrum board; `startSprint` gives it dates, `completeSprint` closes it. */
  createSprint(boardId: number, name: string): SprintRecord;
  startSprint(id: number, endDate: number): SprintRecord;
  /** Closes an active sprint now; its unfinished issues are added to `moveTo` (Jira's "move open issues to"). */
  completeSprint(id: number, moveTo?: number): SprintRecord;
  /** Moves to any status by name or id (workflow rules are not enforced); sets/clears the resolution. */
  transition(idOrKey: string, status: string): TruthIssue;
  /** Moves an issue to another project: new key, same id, old key still resolves. */
  moveIssue(idOrKey: string, projectKey: string): TruthIssue;
  /** Deletes an issue (and its sub-tasks): 404 on GET, gone from search after the delay, changelog gone. */
  deleteIssue(idOrKey: string): void;
  /** `type` is a link type name (Blocks, Duplicate, Relates, Cloners): outward <blocks> inward. */
  addLink(type: string, outwardIdOrKey: string, inwardIdOrKey: string): { id: string };
  removeLink(linkId: string): void;
  /** Shared faults (429, 5xx, slow, dropped, truncated); the 429s use the configured Jira headers. */
  addFault(rule: FaultRule): void;
  /** A Jira 503 carrying `Retry-After` (transient outage), for `count` requests matching `path`. */
  addUnavailable(rule: UnavailableRule): void;
  /** Clears both kinds of faults. */
  clearFaults(): void;
  /** Hides an issue as issue-level security does (404, absent from search), or shows it again. */
  hideIssue(idOrKey: string, hidden?: boolean): void;
  /** Requests served per endpoint name (control requests are not counted). */
  counts(): Record<string, number>;
  resetCounts(): void;
  setConsistencyDelay(ms: number): void;
  /** Changes behaviour switches (page caps, changelog caps, 401 style, quirks, rate limiting); returns them all. */
  configure(settings: Partial<JiraSettings>): JiraSettings;
  /** All issues (or those in `ids`), deleted ones included, in id order. */
  truth(filter?: { ids?: string[]; changelog?: boolean }): TruthIssue[];
  issue(idOrKey: string): TruthIssue | undefined;
  registerWebhook(hook: WebhookRegistration): { id: number };
  /** Awaits pending webhook deliveries and returns every delivery made so far. */
  flushWebhooks(): Promise<WebhookDelivery[]>;
}

export function createControl(
  ctx: JiraContext,
  server: SimServer,
  faults: FaultInjector,
  hooks: WebhookEmitter,
): JiraSimControl {
  const { store, env, mutations } = ctx;
  const all = parseFieldSelection(['*all'], '*all');

  const toTruth = (issue: IssueRecord, withChangelog = true): TruthIssue => {
    const state = issue.current ?? issue.lastState ?? issue.initial;
    const bean = issueJson(store, env, issue, state, { selection: all, expand: new Set(), changelogCap: 0 });
    return {
      id: issue.id,
      key: state.key,
      keyHistory: [...issue.keyHistory],
      deleted: issue.current === null,
      fields: bean.fields as Json,
      changelog: withChangelog && issue.current ? store.histories(issue).map((h) => historyJson(env, h)) : [],
      links: [...(store.linksByIssue.get(issue.id) ?? [])].map((id) => {
        const l = store.links.get(id)!;
        return { id: l.id, type: l.typeId, outwardIssueId: l.outwardIssueId, inwardIssueId: l.inwardIssueId };
      }),
    };
  };
  const me = () => userJson(env, ctx.apiUser);
  const hookIssue = (issue: IssueRecord) => {
    const t = toTruth(issue, false);
    return { id: t.id, self: `${env.base}/rest/api/3/issue/${t.id}`, key: t.key, fields: t.fields };
  };
  const updated = (issue: IssueRecord): TruthIssue => {
    const last = issue.extraHistories.at(-1);
    hooks.emit(
      'jira:issue_updated',
      hookIssue(issue),
      me(),
      last ? { changelog: { id: String(last.id), items: last.items } } : {},
    );
    return toTruth(issue);
  };

  return {
    now: () => ctx.clock.now(),
    advance: (ms) => ctx.clock.advance(ms),
    createIssue: (input) => {
      const issue = mutations.create(input);
      hooks.emit('jira:issue_created', hookIssue(issue), me());
      return toTruth(issue);
    },
    updateIssue: (idOrKey, changes) => updated(mutations.update(idOrKey, changes)),
    createSprint: (boardId, name) => ({ ...mutations.createSprint(boardId, name) }),
    startSprint: (id, endDate) => ({ ...mutations.startSprint(id, endDate) }),
    completeSprint: (id, moveTo) => ({ ...mutations.completeSprint(id, moveTo) }),
    transition: (idOrKey, status) => updated(mutations.transition(idOrKey, status)),
    moveIssue: (idOrKey, projectKey) => updated(mutations.move(idOrKey, projectKey)),
    deleteIssue: (idOrKey) => {
      const issue = store.resolve(idOrKey);
      const payload = issue ? hookIssue(issue) : undefined;
      mutations.delete(idOrKey);
      if (payload) hooks.emit('jira:issue_deleted', payload, me());
    },
    addLink: (type, outward, inward) => ({ id: mutations.link(type, outward, inward).id }),
    removeLink: (linkId) => mutations.unlink(linkId),
    addFault: (rule) => faults.add(rule),
    addUnavailable: (rule) => {
      ctx.unavailable.push({ ...rule });
    },
    clearFaults: () => {
      faults.clear();
      ctx.unavailable.length = 0;
    },
    hideIssue: (idOrKey, hidden = true) => {
      const issue = store.find(idOrKey);
      if (!issue) throw new MutationError(`Issue ${idOrKey} does not exist`, 404);
      issue.hidden = hidden;
      store.version++;
    },
    counts: () => Object.fromEntries(server.counts),
    resetCounts: () => {
      server.resetCounts();
      ctx.limiter.reset();
    },
    setConsistencyDelay: (ms) => {
      store.consistencyDelayMs = ms;
    },
    configure: (settings) => Object.assign(ctx.settings, settings),
    truth: (filter) => {
      const list = filter?.ids
        ? filter.ids.map((id) => store.find(id)).filter((x): x is IssueRecord => x !== undefined)
        : store.issues;
      return list.map((issue) => toTruth(issue, filter?.changelog ?? true));
    },
    issue: (idOrKey) => {
      const issue = store.find(idOrKey);
      return issue ? toTruth(issue) : undefined;
    },
    registerWebhook: (hook) => hooks.register(hook),
    flushWebhooks: async () => {
      await hooks.flush();
      return [...hooks.deliveries];
    },
  };
}
