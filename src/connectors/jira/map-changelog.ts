import type { FieldChange, StateChange, TrackedField } from '../../domain/history.js';
import type { StateCategory } from '../../domain/work-item.js';
import { pointsOf, severityOf } from './map-issue.js';
import type { JiraChangeItem, JiraHistory } from './schema.js';
import { parseJiraTime } from './timestamps.js';

/** What the changelog mapper needs to know about the issue and the site. */
export interface ChangelogContext {
  itemId: string;
  createdAt: Date;
  createdBy: string | null;
  /** The current status name (the creation state when the history has no status change). */
  currentStatus: string;
  /** The current component names: the changelog holds components added and removed, not the whole set. */
  currentComponents: string[];
  customerFieldId: string;
  sprintFieldId: string;
  storyPointsFieldIds: readonly string[];
  /** Category of a status by id or name, from `/rest/api/3/status`; null when unknown. */
  categoryOf(statusIdOrName: string | null | undefined): StateCategory | null;
}

/** Changelog id used for an item's creation row in change_history (real ids are positive numbers). */
export const CREATION_CHANGE_ID = '0';

const PARENT_FIELDS = new Set(['parent', 'issueparentassociation', 'epic link', 'parent link']);

/** Which tracked field a changelog item changes, or undefined for an untracked one (never mapped). */
export function trackedField(
  item: JiraChangeItem,
  ctx: Pick<ChangelogContext, 'sprintFieldId' | 'customerFieldId' | 'storyPointsFieldIds'>,
): TrackedField | undefined {
  const id = item.fieldId ?? '';
  const name = item.field.toLowerCase();
  if (id === 'status' || name === 'status') return 'state';
  if (id === 'assignee' || name === 'assignee') return 'assigned_to';
  if (id === 'priority' || name === 'priority') return 'priority';
  if (id === ctx.sprintFieldId || name === 'sprint') return 'iteration';
  if (id === 'components' || name === 'component') return 'area';
  if (id === 'issuetype' || name === 'issuetype') return 'type';
  if (id === 'summary' || name === 'summary') return 'title';
  // A move writes a "project" item (names) and a "Key" item (old and new key): the key's prefix is the
  // project key that work_items.project holds.
  if (name === 'key' && !item.fieldId) return 'project';
  if (id === ctx.customerFieldId) return 'customer';
  if (ctx.storyPointsFieldIds.includes(id)) return 'story_points';
  if (PARENT_FIELDS.has(name) || id === 'parent') return 'parent';
  return undefined;
}

const text = (display: string | null | undefined, raw: string | null | undefined): string | null => {
  const value = display ?? raw;
  return value === undefined || value === null || value === '' ? null : value;
};

const joined = (values: string[]): string | null => (values.length > 0 ? values.join('; ') : null);

/** A story point value as field_history text: the number written plainly ("3", "0.5"), null when none. */
const points = (value: string | undefined): string | null => {
  const n = pointsOf(value);
  return n === null ? null : String(n);
};

/**
 * A multi-select's values as work_items holds them ("A; B"): the changelog joins the option ids and
 * values with commas ("10001,10002" / "A,B"); when the counts disagree (a value with a comma in it),
 * the text is kept as it is.
 */
function optionList(display: string | null, ids: string | null | undefined): string | null {
  const idList = ids?.split(',') ?? [];
  const values = display?.split(',') ?? [];
  return display !== null && idList.length > 1 && values.length === idList.length
    ? values.join('; ')
    : display;
}

/** The project key of an issue key ("ALPHA-12" → "ALPHA"). */
const projectOfKey = (key: string | null): string | null => key?.replace(/-\d+$/, '') ?? null;

/** A set of component names as stored: sorted, joined by "; ", null when empty. */
const componentSet = (names: Iterable<string>): string | null => {
  const sorted = [...new Set(names)].sort();
  return sorted.length > 0 ? sorted.join('; ') : null;
};

interface ComponentDelta {
  changeId: string;
  changedAt: Date;
  changedBy: string | null;
  removed: string[];
  added: string[];
}

/**
 * Component changes as whole sets before and after each change: Jira writes one item per component
 * added or removed, so the sets are rebuilt backwards from the current components.
 */
function componentChanges(itemId: string, deltas: ComponentDelta[], current: string[]): FieldChange[] {
  const out: FieldChange[] = [];
  let after = new Set(current);
  for (let i = deltas.length - 1; i >= 0; i--) {
    const d = deltas[i]!;
    const before = new Set(after);
    for (const name of d.added) before.delete(name);
    for (const name of d.removed) before.add(name);
    const fromValue = componentSet(before);
    const toValue = componentSet(after);
    if (fromValue !== toValue) {
      const { changeId, changedAt, changedBy } = d;
      out.push({ itemId, changeId, changedAt, changedBy, field: 'area', fromValue, toValue });
    }
    after = before;
  }
  return out.reverse();
}

/** Histories in time order, each once (bulk changelog pages may repeat an entry). */
export function orderHistories(histories: JiraHistory[]): JiraHistory[] {
  const byId = new Map<string, JiraHistory>();
  for (const h of histories) byId.set(h.id, h);
  // Each time parsed once, not once per comparison.
  return [...byId.values()]
    .map((h) => ({ h, at: parseJiraTime(h.created)?.getTime() ?? 0, id: Number(h.id) }))
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map(({ h }) => h);
}

/**
 * Turns an issue's complete changelog into its state changes (with the creation row first) and its
 * tracked-field changes. Items of one field in one history (Jira writes one per component or sprint
 * added/removed) become one row with their values joined by "; "; components are recorded as whole
 * sets (see componentChanges), projects as keys.
 */
export function mapChangelog(
  histories: JiraHistory[],
  ctx: ChangelogContext,
): { stateChanges: StateChange[]; fieldChanges: FieldChange[] } {
  const ordered = orderHistories(histories);
  const stateChanges: StateChange[] = [];
  const fieldChanges: FieldChange[] = [];
  const componentDeltas: ComponentDelta[] = [];
  const firstStatus = ordered.flatMap((h) => h.items).find((i) => trackedField(i, ctx) === 'state');
  const initial = text(firstStatus?.fromString, null) ?? ctx.currentStatus;
  stateChanges.push({
    itemId: ctx.itemId,
    changeId: CREATION_CHANGE_ID,
    changedAt: ctx.createdAt,
    changedBy: ctx.createdBy,
    fromState: null,
    toState: initial,
    fromCategory: null,
    toCategory: ctx.categoryOf(firstStatus?.from ?? initial) ?? ctx.categoryOf(initial),
  });

  for (const history of ordered) {
    const changedAt = parseJiraTime(history.created);
    if (!changedAt) throw new Error(`changelog ${history.id} has an unreadable timestamp`);
    const changedBy = history.author?.displayName ?? null;
    const grouped = new Map<TrackedField, { from: string[]; to: string[] }>();
    let statusIndex = 0;
    for (const item of history.items) {
      const field = trackedField(item, ctx);
      if (!field) continue;
      let from = text(item.fromString, item.from);
      let to = text(item.toString, item.to);
      if (field === 'project') {
        from = projectOfKey(from);
        to = projectOfKey(to);
      }
      if (field === 'customer') {
        from = optionList(from, item.from);
        to = optionList(to, item.to);
      }
      if (field === 'state' && to !== null) {
        stateChanges.push({
          itemId: ctx.itemId,
          changeId: statusIndex === 0 ? history.id : `${history.id}#${statusIndex}`,
          changedAt,
          changedBy,
          fromState: from,
          toState: to,
          fromCategory: ctx.categoryOf(item.from) ?? ctx.categoryOf(from),
          toCategory: ctx.categoryOf(item.to) ?? ctx.categoryOf(to),
        });
        statusIndex++;
      }
      const entry = grouped.get(field) ?? { from: [], to: [] };
      if (from !== null) entry.from.push(from);
      if (to !== null) entry.to.push(to);
      grouped.set(field, entry);
    }
    for (const [field, values] of grouped) {
      if (field === 'area') {
        componentDeltas.push({
          changeId: history.id,
          changedAt,
          changedBy,
          removed: values.from,
          added: values.to,
        });
        continue;
      }
      // Story points are one number (the last item, should two story point fields change at once).
      const from = field === 'story_points' ? points(values.from.at(-1)) : joined(values.from);
      const to = field === 'story_points' ? points(values.to.at(-1)) : joined(values.to);
      fieldChanges.push({
        itemId: ctx.itemId,
        changeId: history.id,
        changedAt,
        changedBy,
        field,
        fromValue: from,
        toValue: to,
      });
      if (field === 'priority') {
        const fromSeverity = severityOf(from);
        const toSeverity = severityOf(to);
        if (fromSeverity !== toSeverity) {
          fieldChanges.push({
            itemId: ctx.itemId,
            changeId: history.id,
            changedAt,
            changedBy,
            field: 'severity',
            fromValue: fromSeverity,
            toValue: toSeverity,
          });
        }
      }
    }
  }
  fieldChanges.push(...componentChanges(ctx.itemId, componentDeltas, ctx.currentComponents));
  return { stateChanges, fieldChanges };
}
