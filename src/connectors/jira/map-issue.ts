import type { Relation, RelationType } from '../../domain/relation.js';
import type { Severity, StateCategory, WorkItem } from '../../domain/work-item.js';
import { toPlainText } from './adf.js';
import type { JiraIssue } from './schema.js';
import { parseJiraTime } from './timestamps.js';

/** What the issue mapper needs besides the issue. */
export interface JiraMapContext {
  /** Site URL, no trailing slash (for browser links). */
  siteUrl: string;
  customerFieldId: string;
  sprintFieldId: string;
  /** Fields holding story points, first non-empty wins (JIRA_STORY_POINTS_FIELD_ID, or those found by name). */
  storyPointsFieldIds: readonly string[];
}

/** Jira status category key → worksync state category. */
export function categoryOf(statusCategoryKey: string | undefined | null): StateCategory | null {
  switch (statusCategoryKey) {
    case 'new':
      return 'proposed';
    case 'indeterminate':
      return 'in_progress';
    case 'done':
      return 'completed';
    default:
      return null;
  }
}

const SEVERITY: Record<string, Severity> = {
  highest: 'P1',
  critical: 'P1',
  blocker: 'P1',
  high: 'P2',
  major: 'P2',
  medium: 'P3',
  low: 'P4',
  lowest: 'P4',
  minor: 'P4',
  trivial: 'P4',
};

/** Jira priority name → P1..P4 (Highest and Critical → P1, High → P2, Medium → P3, Low and Lowest → P4). */
export function severityOf(priority: string | null | undefined): Severity | null {
  return priority ? (SEVERITY[priority.trim().toLowerCase()] ?? null) : null;
}

/** A sprint as found in the sprint field: the object form, or the legacy `...Sprint@1a2b[id=1,name=...]` string. */
export interface SprintRef {
  id: string;
  name: string;
  state: string | null;
  boardId: string | null;
  startDate: string | null;
  endDate: string | null;
  completeDate: string | null;
}

export function parseSprintField(value: unknown): SprintRef[] {
  if (!Array.isArray(value)) return value === null || value === undefined ? [] : parseSprintField([value]);
  return value.flatMap((entry): SprintRef[] => {
    if (typeof entry === 'string') {
      const prop = (name: string) => new RegExp(`[\\[,]${name}=([^,\\]]*)`).exec(entry)?.[1] ?? null;
      const id = prop('id');
      const name = prop('name');
      if (!id || !name) return [];
      const nullable = (v: string | null) => (v === null || v === '<null>' ? null : v);
      return [
        {
          id,
          name,
          state: nullable(prop('state'))?.toLowerCase() ?? null,
          boardId: nullable(prop('rapidViewId')),
          startDate: nullable(prop('startDate')),
          endDate: nullable(prop('endDate')),
          completeDate: nullable(prop('completeDate')),
        },
      ];
    }
    if (entry && typeof entry === 'object') {
      const o = entry as Record<string, unknown>;
      const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
      if (o.id === undefined || typeof o.name !== 'string') return [];
      return [
        {
          id: String(o.id),
          name: o.name,
          state: str(o.state)?.toLowerCase() ?? null,
          boardId: str(o.boardId ?? o.originBoardId),
          startDate: str(o.startDate),
          endDate: str(o.endDate),
          completeDate: str(o.completeDate),
        },
      ];
    }
    return [];
  });
}

/** The current sprint of an issue: the active one, else the last listed (Jira lists them in order). */
export function currentSprint(sprints: SprintRef[]): SprintRef | null {
  return sprints.find((s) => s.state === 'active') ?? sprints[sprints.length - 1] ?? null;
}

/** A story point value as a number: numbers, or numeric text as changelogs hold it; null when empty or not a number. */
export function pointsOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The first story point field holding a number. */
export function storyPointsOf(fields: Record<string, unknown>, ids: readonly string[]): number | null {
  for (const id of ids) {
    const points = pointsOf(fields[id]);
    if (points !== null) return points;
  }
  return null;
}

/** A customer field value: a string, an option object `{value}`, or an array of them, joined with "; ". */
export function customerOf(value: unknown): string | null {
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v): string[] => {
    if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const text = o.value ?? o.name ?? o.displayName;
      return typeof text === 'string' && text.trim() ? [text.trim()] : [];
    }
    return [];
  });
  return parts.length > 0 ? parts.join('; ') : null;
}

/** The link direction phrase seen from this issue, and its normalised type. */
function linkType(name: string, phrase: string, outward: boolean): RelationType {
  const n = name.toLowerCase();
  if (n === 'blocks') return outward ? 'blocks' : 'blocked_by';
  if (n === 'duplicate') return outward ? 'duplicate_of' : 'duplicate';
  if (n === 'relates' || phrase.toLowerCase() === 'relates to') return 'related';
  return 'other';
}

/** The issue's current links: parent, sub-tasks, issue links (each from this issue's side). */
export function relationsOf(issue: JiraIssue): Relation[] {
  const f = issue.fields;
  const relations: Relation[] = [];
  if (f.parent)
    relations.push({
      sourceId: issue.key,
      targetId: f.parent.key,
      relationType: 'parent',
      relationRaw: 'parent',
    });
  for (const sub of f.subtasks ?? []) {
    relations.push({ sourceId: issue.key, targetId: sub.key, relationType: 'child', relationRaw: 'subtask' });
  }
  for (const link of f.issuelinks ?? []) {
    const outward = link.outwardIssue !== undefined;
    const other = link.outwardIssue ?? link.inwardIssue;
    if (!other) continue;
    const phrase = outward ? link.type.outward : link.type.inward;
    relations.push({
      sourceId: issue.key,
      targetId: other.key,
      relationType: linkType(link.type.name, phrase, outward),
      relationRaw: phrase,
    });
  }
  // The same link can be listed twice (e.g. two link types between the same pair are distinct raws).
  const seen = new Set<string>();
  return relations.filter((r) => {
    const key = `${r.targetId}|${r.relationRaw}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Maps a validated Jira issue to a work item. Pure; throws only on impossible input (bad timestamps). */
export function mapIssue(issue: JiraIssue, ctx: JiraMapContext): WorkItem {
  const f = issue.fields;
  const created = parseJiraTime(f.created);
  const updated = parseJiraTime(f.updated);
  if (!created || !updated)
    throw new Error(`unreadable created/updated timestamp (${String(f.created)}, ${String(f.updated)})`);
  const category = categoryOf(f.status.statusCategory?.key);
  const sprint = currentSprint(parseSprintField(f[ctx.sprintFieldId]));
  const components = (f.components ?? []).map((c) => c.name);
  const description = toPlainText(f.description ?? null);
  return {
    id: issue.key,
    numericId: Number(issue.id),
    project: f.project.key,
    workItemType: f.issuetype.name,
    title: f.summary ?? '',
    description: description === '' ? null : description,
    reproSteps: null,
    state: f.status.name,
    stateCategory: category,
    severity: severityOf(f.priority?.name),
    priority: f.priority?.name ?? null,
    assignedTo: f.assignee?.displayName ?? null,
    createdBy: f.creator?.displayName ?? f.reporter?.displayName ?? null,
    areaPath: components.length > 0 ? components.join('; ') : null,
    iterationPath: sprint?.name ?? null,
    customerName: customerOf(f[ctx.customerFieldId]),
    tags: f.labels ?? [],
    storyPoints: storyPointsOf(f as Record<string, unknown>, ctx.storyPointsFieldIds),
    parentId: f.parent?.key ?? null,
    createdAt: created,
    updatedAt: updated,
    resolvedAt: parseJiraTime(f.resolutiondate),
    closedAt:
      category === 'completed'
        ? (parseJiraTime(f.statuscategorychangedate) ?? parseJiraTime(f.resolutiondate))
        : null,
    url: `${ctx.siteUrl}/browse/${issue.key}`,
    raw: f as Record<string, unknown>,
  };
}
