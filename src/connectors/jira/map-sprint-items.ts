import type { SprintMembership } from '../../domain/sprint.js';
import { orderHistories, trackedField } from './map-changelog.js';
import { parseSprintField } from './map-issue.js';
import type { JiraHistory, JiraIssue } from './schema.js';
import { parseJiraTime } from './timestamps.js';

/** Sprint ids of a changelog value: Jira writes the field's ids comma-separated ("12, 15"). */
export function sprintIds(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

/**
 * An issue's sprint membership over time from its complete changelog: the sprints before the first
 * change of the sprint field are that change's from-ids (the field's value since creation), or the
 * current value when it never changed; each change closes the intervals of the ids it drops and opens
 * those it adds. Ids, not names: a sprint can be renamed. Jira keeps a completed sprint in the list
 * when it adds the next one, so such an interval stays open here; the metrics end it at the sprint's
 * completion (see docs/metrics.md).
 */
export function sprintMembership(
  issue: JiraIssue,
  itemId: string,
  createdAt: Date,
  histories: JiraHistory[],
  ctx: { sprintFieldId: string; customerFieldId: string; storyPointsFieldIds: readonly string[] },
): SprintMembership[] {
  const changes: { at: Date; from: string[]; to: string[] }[] = [];
  for (const history of orderHistories(histories)) {
    const at = parseJiraTime(history.created);
    if (!at) continue;
    for (const item of history.items)
      if (trackedField(item, ctx) === 'iteration')
        changes.push({ at, from: sprintIds(item.from), to: sprintIds(item.to) });
  }
  const initial = changes[0]?.from ?? parseSprintField(issue.fields[ctx.sprintFieldId]).map((s) => s.id);
  const open = new Map<string, Date>(initial.map((id) => [id, createdAt]));
  const out: SprintMembership[] = [];
  for (const change of changes) {
    const to = new Set(change.to);
    for (const [id, since] of open)
      if (!to.has(id)) {
        out.push({ sprintId: id, itemId, addedAt: since, removedAt: change.at });
        open.delete(id);
      }
    for (const id of change.to) if (!open.has(id)) open.set(id, change.at);
  }
  for (const [id, since] of open) out.push({ sprintId: id, itemId, addedAt: since, removedAt: null });
  // An interval of no length (added and removed in one instant) is no membership.
  return out.filter((m) => m.removedAt === null || m.removedAt > m.addedAt);
}
