import type { FieldChange, StateChange } from '../../domain/history.js';
import type { ItemFailure } from '../../domain/page.js';
import type { Relation } from '../../domain/relation.js';
import type { Sprint } from '../../domain/sprint.js';
import type { StateCategory, WorkItem } from '../../domain/work-item.js';
import { describeError } from '../../errors.js';
import { mapChangelog, trackedField } from './map-changelog.js';
import { categoryOf, type JiraMapContext, mapIssue, parseSprintField, relationsOf } from './map-issue.js';
import { type JiraHistory, type JiraIssue, jiraHistorySchema, jiraIssueSchema } from './schema.js';
import { parseJiraTime } from './timestamps.js';

/** Issues of one batch, validated and mapped; the ones that could not be are failures with a reason. */
export interface MappedIssues {
  issues: { issue: JiraIssue; item: WorkItem }[];
  failures: ItemFailure[];
}

/**
 * Validates and maps raw issues (added to `out`, which a batch fills page by page so that no raw search
 * page outlives its mapping); one bad issue never stops the batch.
 */
export function mapIssues(
  raw: unknown[],
  ctx: JiraMapContext,
  out: MappedIssues = { issues: [], failures: [] },
): MappedIssues {
  for (const entry of raw) {
    const parsed = jiraIssueSchema.safeParse(entry);
    const ref = entry as { key?: unknown; id?: unknown };
    const itemId = String(ref?.key ?? ref?.id ?? 'unknown');
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      out.failures.push({ itemId, reason: `invalid issue: ${issue?.path.join('.')} ${issue?.message}` });
      continue;
    }
    try {
      out.issues.push({ issue: parsed.data, item: mapIssue(parsed.data, ctx) });
    } catch (error) {
      out.failures.push({ itemId, reason: describeError(error) });
    }
  }
  return out;
}

/** Validated histories per issue id, and the issues with an invalid entry (reported, not silently dropped). */
export interface ParsedHistories {
  histories: Map<string, JiraHistory[]>;
  failures: Map<string, string>;
}

/** One issue's entry of a bulk changelog page, validated and compacted (see compactChangelog). */
export interface CompactChangelog {
  issueId: string;
  histories: JiraHistory[];
  /** Why an entry was invalid (the issue is then reported, not silently left without it). */
  failure?: string;
}

/**
 * Validates and compacts one issue's entry of a bulk changelog page as it arrives: only the items of
 * tracked fields are kept (the mapper reads nothing else), and a history without any is dropped, so a
 * batch holds a fraction of its changelogs until they are mapped.
 */
export function compactChangelog(
  entry: unknown,
  ctx: Pick<JiraMapContext, 'sprintFieldId' | 'customerFieldId' | 'storyPointsFieldIds'>,
): CompactChangelog {
  const log = entry as { issueId?: unknown; changeHistories?: unknown };
  const issueId = String(log?.issueId ?? '');
  const out: CompactChangelog = { issueId, histories: [] };
  if (!Array.isArray(log?.changeHistories)) {
    out.failure = 'invalid changelog: no changeHistories';
    return out;
  }
  for (const raw of log.changeHistories) {
    const result = jiraHistorySchema.safeParse(raw);
    if (!result.success) {
      out.failure = `invalid changelog entry: ${result.error.issues[0]?.message ?? 'unknown'}`;
      continue;
    }
    const history = result.data;
    const items = history.items.filter((item) => trackedField(item, ctx) !== undefined);
    if (items.length === 0) continue;
    if (items.length < history.items.length) history.items = items;
    out.histories.push(history);
  }
  return out;
}

/** Adds one bulk changelog page (compacted entries) to `into`; an issue's histories may span pages. */
export function addHistoryPage(into: ParsedHistories, logs: CompactChangelog[]): void {
  for (const log of logs) {
    const list = into.histories.get(log.issueId);
    if (list) for (const h of log.histories) list.push(h);
    else into.histories.set(log.issueId, log.histories);
    if (log.failure) into.failures.set(log.issueId, log.failure);
  }
}

/** History rows of one issue from its complete changelog. */
export function historyRows(
  issue: JiraIssue,
  item: WorkItem,
  histories: JiraHistory[],
  ctx: JiraMapContext,
  statusCategory: (idOrName: string | null | undefined) => StateCategory | null,
): { stateChanges: StateChange[]; fieldChanges: FieldChange[] } {
  return mapChangelog(histories, {
    itemId: item.id,
    createdAt: item.createdAt,
    createdBy: item.createdBy,
    currentStatus: issue.fields.status.name,
    currentComponents: (issue.fields.components ?? []).map((c) => c.name),
    customerFieldId: ctx.customerFieldId,
    sprintFieldId: ctx.sprintFieldId,
    storyPointsFieldIds: ctx.storyPointsFieldIds,
    categoryOf: statusCategory,
  });
}

/** The sprints an issue's sprint field mentions, as domain sprints. */
export function sprintsOf(issue: JiraIssue, sprintFieldId: string): Sprint[] {
  return parseSprintField(issue.fields[sprintFieldId]).map((s) => ({
    id: s.id,
    name: s.name,
    path: null,
    board: s.boardId,
    team: null,
    state: s.state,
    startAt: parseJiraTime(s.startDate),
    finishAt: parseJiraTime(s.endDate),
    isCurrent: s.state === 'active',
    raw: { ...s },
  }));
}

/** Current status categories learnt from the issues themselves (id and name → category). */
export function learnStatuses(issues: JiraIssue[], into: Map<string, StateCategory | null>): void {
  for (const { fields } of issues) {
    const category = categoryOf(fields.status.statusCategory?.key);
    const id = (fields.status as { id?: unknown }).id;
    if (typeof id === 'string') into.set(id, category);
    into.set(fields.status.name, category);
  }
}

export type { Relation };
export { relationsOf };
