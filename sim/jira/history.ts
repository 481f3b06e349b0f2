import { Rng } from '../common/rng.js';
import { TITLE_WORDS } from '../common/vocabulary.js';
import {
  CUSTOMER_FIELD_ID,
  categoryOfStatus,
  LABELS,
  PRIORITIES,
  PRIORITY_BY_ID,
  RESOLUTION_BY_ID,
  RESOLUTIONS,
  SPRINT_FIELD_ID,
  STORY_POINTS_FIELD_ID,
  statusOf,
  workflowFor,
} from './catalog.js';
import type {
  ChangeItem,
  CustomerOption,
  CustomerValue,
  History,
  IssueState,
  SprintRecord,
  UserRecord,
} from './types.js';
import { AUTOMATION_USER, WORKERS } from './users.js';

/**
 * Replays an issue's generated changelog from its seed. The generator runs it once to learn the
 * final state; the changelog endpoints run it again on demand, so histories cost no memory.
 * Same inputs, same output: the function reads nothing but its arguments.
 */

export interface HistoryContext {
  users: readonly UserRecord[];
  components: ReadonlyMap<string, readonly { id: string; name: string }[]>;
  /** Sprints of each project's scrum board, in start order. */
  sprints: ReadonlyMap<string, readonly SprintRecord[]>;
  customerOptions: readonly CustomerOption[];
}

export interface HistoryPlan {
  seed: number;
  initial: IssueState;
  count: number;
  idBase: number;
  /** The last history happens at or before this instant. */
  end: number;
}

type Kind =
  | 'status'
  | 'assignee'
  | 'priority'
  | 'sprint'
  | 'components'
  | 'labels'
  | 'summary'
  | 'customer'
  | 'points';
const KINDS: readonly (readonly [Kind, number])[] = [
  ['status', 40],
  ['assignee', 14],
  ['priority', 8],
  ['sprint', 9],
  ['components', 6],
  ['labels', 8],
  ['summary', 6],
  ['customer', 5],
  ['points', 4],
];

export function item(
  field: string,
  fieldtype: 'jira' | 'custom',
  fieldId: string | undefined,
  from: string | null,
  fromString: string | null,
  to: string | null,
  toText: string | null,
): ChangeItem {
  return fieldId === undefined
    ? { field, fieldtype, from, fromString, to, toString: toText }
    : { field, fieldtype, fieldId, from, fromString, to, toString: toText };
}

/** The changelog item of a story-point change. */
export function storyPointsItem(from: number | null | undefined, to: number | null | undefined): ChangeItem {
  return item(
    'Story point estimate',
    'custom',
    STORY_POINTS_FIELD_ID,
    null,
    from?.toString() ?? null,
    null,
    to?.toString() ?? null,
  );
}

/** The customer value's `[ids, display]` as changelog strings. */
export function customerStrings(v: CustomerValue | null): [string | null, string | null] {
  if (v === null) return [null, null];
  if (typeof v === 'string') return [null, v];
  if (Array.isArray(v))
    return v.length === 0 ? [null, null] : [v.map((o) => o.id).join(','), v.map((o) => o.value).join(',')];
  return [v.id, v.value];
}

export function sprintStrings(
  ids: readonly number[],
  sprints: readonly SprintRecord[],
): [string | null, string | null] {
  if (ids.length === 0) return [null, null];
  const names = ids.map((id) => sprints.find((s) => s.id === id)?.name ?? String(id));
  return [ids.join(', '), names.join(', ')];
}

/** The sprint field's changelog item from one list of sprint ids to another (ids and names, comma-joined). */
export function sprintItem(
  from: readonly number[],
  to: readonly number[],
  sprints: readonly SprintRecord[],
): ChangeItem {
  return item(
    'Sprint',
    'custom',
    SPRINT_FIELD_ID,
    ...sprintStrings(from, sprints),
    ...sprintStrings(to, sprints),
  );
}

/** The status transition items (status, resolution) and the resulting state changes. */
export function statusChange(
  state: IssueState,
  to: string,
  at: number,
): { items: ChangeItem[]; patch: Partial<IssueState> } {
  const fromS = statusOf(state.statusId);
  const toS = statusOf(to);
  const items: ChangeItem[] = [];
  const patch: Partial<IssueState> = { statusId: to };
  const wasDone = categoryOfStatus(fromS.id).key === 'done';
  const isDone = categoryOfStatus(to).key === 'done';
  if (isDone && !wasDone) {
    const res = toS.name === 'Closed' && state.resolutionId === null ? RESOLUTIONS[1] : RESOLUTIONS[0];
    items.push(item('resolution', 'jira', 'resolution', null, null, res.id, res.name));
    patch.resolutionId = res.id;
    patch.resolutionDate = at;
  } else if (!isDone && state.resolutionId !== null) {
    const res = RESOLUTION_BY_ID.get(state.resolutionId)!;
    items.push(item('resolution', 'jira', 'resolution', res.id, res.name, null, null));
    patch.resolutionId = null;
    patch.resolutionDate = null;
  }
  items.push(item('status', 'jira', 'status', fromS.id, fromS.name, toS.id, toS.name));
  if (categoryOfStatus(fromS.id).id !== categoryOfStatus(to).id) patch.statusCategoryChanged = at;
  return { items, patch };
}

function userStrings(ctx: HistoryContext, u: number | null): [string | null, string | null] {
  if (u === null) return [null, null];
  const rec = ctx.users[u]!;
  return [rec.accountId, rec.displayName];
}

/** One change of `kind` applied to `state`; returns undefined when that kind has nothing to change. */
function change(
  kind: Kind,
  rng: Rng,
  ctx: HistoryContext,
  s: IssueState,
  at: number,
): { items: ChangeItem[]; patch: Partial<IssueState> } | undefined {
  switch (kind) {
    case 'status': {
      const next = workflowFor(s.typeId).transitions[s.statusId];
      if (!next || next.length === 0) return undefined;
      // Re-opening is rarer than the pick suggests: most done issues stay done.
      const to = rng.pick(next);
      if (categoryOfStatus(s.statusId).key === 'done' && rng.chance(0.75)) return undefined;
      const out = statusChange(s, to, at);
      if (statusOf(to).name === 'In Progress' && s.assignee === null) {
        const who = rng.pick(WORKERS);
        out.items.push(item('assignee', 'jira', 'assignee', null, null, ...userStrings(ctx, who)));
        out.patch.assignee = who;
      }
      return out;
    }
    case 'assignee': {
      const who = rng.chance(0.1) ? null : rng.pick(WORKERS);
      if (who === s.assignee) return undefined;
      return {
        items: [
          item('assignee', 'jira', 'assignee', ...userStrings(ctx, s.assignee), ...userStrings(ctx, who)),
        ],
        patch: { assignee: who },
      };
    }
    case 'priority': {
      const to = rng.pick(PRIORITIES);
      if (to.id === s.priorityId) return undefined;
      const from = PRIORITY_BY_ID.get(s.priorityId)!;
      return {
        items: [item('priority', 'jira', 'priority', from.id, from.name, to.id, to.name)],
        patch: { priorityId: to.id },
      };
    }
    case 'sprint': {
      const sprints = ctx.sprints.get(s.projectKey) ?? [];
      const active = sprints.find(
        (sp) => sp.startDate !== null && sp.startDate <= at && at < (sp.endDate ?? 0),
      );
      if (!active || s.sprintIds.includes(active.id) || categoryOfStatus(s.statusId).key === 'done')
        return undefined;
      const ids = [...s.sprintIds, active.id];
      return {
        items: [sprintItem(s.sprintIds, ids, sprints)],
        patch: { sprintIds: ids },
      };
    }
    case 'components': {
      const all = ctx.components.get(s.projectKey) ?? [];
      const c = all.length > 0 ? rng.pick(all) : undefined;
      if (!c) return undefined;
      const has = s.componentIds.includes(c.id);
      return {
        items: [
          has
            ? item('Component', 'jira', 'components', c.id, c.name, null, null)
            : item('Component', 'jira', 'components', null, null, c.id, c.name),
        ],
        patch: { componentIds: has ? s.componentIds.filter((id) => id !== c.id) : [...s.componentIds, c.id] },
      };
    }
    case 'labels': {
      const l = rng.pick(LABELS);
      const next = s.labels.includes(l) ? s.labels.filter((x) => x !== l) : [...s.labels, l];
      return {
        items: [
          item('labels', 'jira', 'labels', null, s.labels.join(' ') || null, null, next.join(' ') || null),
        ],
        patch: { labels: next },
      };
    }
    case 'summary': {
      const next = `${rng.pick(TITLE_WORDS)} — ${s.key.split('-')[1] ?? ''}${rng.chance(0.3) ? ' (follow-up)' : ''}`;
      if (next === s.summary) return undefined;
      return {
        items: [item('summary', 'jira', 'summary', null, s.summary, null, next)],
        patch: { summary: next },
      };
    }
    case 'customer': {
      const opt = rng.pick(ctx.customerOptions);
      const prev = s.customer;
      const next: CustomerValue =
        typeof prev === 'string' || prev === null
          ? opt.value
          : Array.isArray(prev)
            ? [...prev.filter((o) => o.id !== opt.id), opt]
            : opt;
      return {
        items: [
          item('Customer', 'custom', CUSTOMER_FIELD_ID, ...customerStrings(prev), ...customerStrings(next)),
        ],
        patch: { customer: next },
      };
    }
    case 'points': {
      const to = rng.pick([1, 2, 3, 5, 8, 13]);
      if (to === s.storyPoints) return undefined;
      return {
        items: [storyPointsItem(s.storyPoints, to)],
        patch: { storyPoints: to },
      };
    }
  }
}

/** The carry-over of an unfinished issue whose newest sprint completed before `at` (see simulateHistory). */
export function carryOver(
  ctx: HistoryContext,
  s: IssueState,
  at: number,
): { at: number; items: ChangeItem[]; patch: Partial<IssueState> } | undefined {
  const newest = s.sprintIds.at(-1);
  if (newest === undefined || categoryOfStatus(s.statusId).key === 'done') return undefined;
  const sprints = ctx.sprints.get(s.projectKey) ?? [];
  const k = sprints.findIndex((sp) => sp.id === newest);
  const sprint = sprints[k];
  const next = sprints[k + 1];
  if (!sprint || !next || sprint.completeDate === null || sprint.completeDate >= at) return undefined;
  const ids = [...s.sprintIds, next.id];
  return {
    at: sprint.completeDate,
    items: [sprintItem(s.sprintIds, ids, sprints)],
    patch: { sprintIds: ids },
  };
}

/** Regenerates the issue's generated histories (oldest first) and the state they lead to. */
export function simulateHistory(
  ctx: HistoryContext,
  plan: HistoryPlan,
): { histories: History[]; final: IssueState } {
  const rng = new Rng(plan.seed ^ 0x51ed27);
  const histories: History[] = [];
  // One mutable working copy: spreading the whole state per step dominated generation time.
  const state: IssueState = { ...plan.initial };
  const span = Math.max(plan.end - state.created, plan.count + 1);
  const offsets: number[] = [];
  for (let i = 0; i < plan.count; i++) offsets.push(1 + Math.floor(rng.next() * (span - 1)));
  offsets.sort((a, b) => a - b);
  let last = state.created;
  for (let i = 0; i < plan.count; i++) {
    let at = Math.max(state.created + offsets[i]!, last + 1);
    const items: ChangeItem[] = [];
    // A sprint completed since the last change with this issue unfinished: Jira adds the next sprint
    // at the completion (the closed one stays listed). That change takes this history's place.
    const carry = carryOver(ctx, state, at);
    if (carry) {
      at = Math.max(carry.at, last + 1);
      items.push(...carry.items);
      Object.assign(state, carry.patch);
    }
    last = at;
    const wanted = carry ? 0 : rng.chance(0.25) ? 2 : 1;
    for (let attempt = 0; attempt < 6 && items.length < wanted; attempt++) {
      const c = change(rng.weighted(KINDS), rng, ctx, state, at);
      if (!c || c.items.some((x) => items.some((y) => y.field === x.field))) continue;
      items.push(...c.items);
      Object.assign(state, c.patch);
    }
    if (items.length === 0) {
      // Nothing applicable: fall back to a label toggle, which always applies.
      const c = change('labels', rng, ctx, state, at)!;
      items.push(...c.items);
      Object.assign(state, c.patch);
    }
    const roll = rng.next();
    const author = roll < 0.02 ? null : roll < 0.1 ? AUTOMATION_USER : rng.pick(WORKERS);
    histories.push({ id: plan.idBase + i, created: at, author, items });
    state.updated = at;
  }
  return { histories, final: { ...state, historyCount: plan.count } };
}
