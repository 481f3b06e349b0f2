import type { FieldChange, StateChange } from '../../domain/history.js';
import type { ItemFailure } from '../../domain/page.js';
import type { Relation } from '../../domain/relation.js';
import type { Sprint } from '../../domain/sprint.js';
import type { StateCategory, WorkItem } from '../../domain/work-item.js';
import { describeError } from '../../errors.js';
import { mapChangelog } from './map-changelog.js';
import { categoryOf, type JiraMapContext, mapIssue, parseSprintField, relationsOf } from './map-issue.js';
import { type JiraHistory, type JiraIssue, jiraHistorySchema, jiraIssueSchema } from './schema.js';
import { parseJiraTime } from './timestamps.js';

/** Issues of one batch, validated and mapped; the ones that could not be are failures with a reason. */
export interface MappedIssues {
  issues: { issue: JiraIssue; item: WorkItem }[];
  failures: ItemFailure[];
}

/** Validates and maps raw issues; one bad issue never stops the batch. */
export function mapIssues(raw: unknown[], ctx: JiraMapContext): MappedIssues {
  const out: MappedIssues = { issues: [], failures: [] };
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

/** Adds one bulk changelog page to `into`, validating (and compacting) each history as it arrives. */
export function addHistoryPage(
  into: ParsedHistories,
  logs: { issueId: string; changeHistories: unknown[] }[],
): void {
  for (const log of logs) {
    let list = into.histories.get(log.issueId);
    if (!list) {
      list = [];
      into.histories.set(log.issueId, list);
    }
    for (const entry of log.changeHistories) {
      const result = jiraHistorySchema.safeParse(entry);
      if (result.success) list.push(result.data);
      else
        into.failures.set(
          log.issueId,
          `invalid changelog entry: ${result.error.issues[0]?.message ?? 'unknown'}`,
        );
    }
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
    customerFieldId: ctx.customerFieldId,
    sprintFieldId: ctx.sprintFieldId,
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
