import type { FieldChange, StateChange, TrackedField } from '../../domain/history.js';
import type { StateCategory, WorkItem } from '../../domain/work-item.js';
import { type AdoFields, adoTime, F, severityOf, str, tagsOf } from './fields.js';
import { htmlToText } from './html.js';
import { identityName } from './identity.js';

/** What the item mapper needs besides the fields. */
export interface AdoMapContext {
  /** `{baseUrl}/{organization}`, for browser links. */
  orgUrl: string;
  customerField: string;
  /** ADO_STORY_POINTS_FIELD; undefined: the first of ESTIMATE_FIELDS the item holds. */
  storyPointsField?: string | undefined;
  /** Category of a state of a work item type (from the type's states); null when unknown. */
  categoryOf(type: string, state: string | null): StateCategory | null;
}

/** ADO state category names → worksync's. */
export function categoryFromAdo(category: string | null | undefined): StateCategory | null {
  switch ((category ?? '').toLowerCase()) {
    case 'proposed':
      return 'proposed';
    case 'inprogress':
      return 'in_progress';
    case 'resolved':
      return 'resolved';
    case 'completed':
      return 'completed';
    case 'removed':
      return 'removed';
    default:
      return null;
  }
}

/** Maps the fields of an item's latest revision to a work item. Throws when required fields are missing. */
export function mapItem(id: number, fields: AdoFields, ctx: AdoMapContext): WorkItem {
  const values = trackedValues(fields, ctx);
  const type = values.type ?? null;
  const project = str(fields[F.project]);
  const created = adoTime(fields[F.createdDate]);
  const changed = adoTime(fields[F.changedDate]);
  if (!type || !project || !created || !changed) {
    const missing = [
      !type && F.type,
      !project && F.project,
      !created && F.createdDate,
      !changed && F.changedDate,
    ];
    throw new Error(`missing ${missing.filter(Boolean).join(', ')}`);
  }
  const state = values.state ?? '';
  return {
    id: String(id),
    numericId: id,
    project,
    workItemType: type,
    title: values.title ?? '',
    description: htmlToText(fields[F.description]),
    reproSteps: htmlToText(fields[F.reproSteps]),
    state,
    stateCategory: ctx.categoryOf(type, state),
    severity: (values.severity ?? null) as WorkItem['severity'],
    priority: values.priority ?? null,
    assignedTo: values.assigned_to ?? null,
    createdBy: identityName(fields[F.createdBy]),
    areaPath: values.area ?? null,
    iterationPath: values.iteration ?? null,
    customerName: values.customer ?? null,
    tags: tagsOf(fields[F.tags]),
    storyPoints: values.story_points == null ? null : Number(values.story_points),
    parentId: values.parent ?? null,
    createdAt: created,
    updatedAt: changed,
    resolvedAt: adoTime(fields[F.resolvedDate]),
    closedAt: adoTime(fields[F.closedDate]),
    url: `${ctx.orgUrl}/${encodeURIComponent(project)}/_workitems/edit/${id}`,
    raw: fields,
  };
}

/** The tracked fields' values at one revision. */
export type TrackedValues = Partial<Record<TrackedField, string | null>>;

/** The estimate fields of the processes: Agile's Story Points, Scrum's Effort, CMMI's Size. */
export const ESTIMATE_FIELDS = [
  'Microsoft.VSTS.Scheduling.StoryPoints',
  'Microsoft.VSTS.Scheduling.Effort',
  'Microsoft.VSTS.Scheduling.Size',
] as const;

/** An estimate as field_history text ("3", "0.5"): the configured field, else the first estimate field holding a number. */
export function estimateOf(fields: AdoFields, field: string | undefined): string | null {
  for (const ref of field === undefined ? ESTIMATE_FIELDS : [field]) {
    const value = fields[ref];
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN;
    if (Number.isFinite(n)) return String(n);
  }
  return null;
}

export function trackedValues(
  fields: AdoFields,
  ctx: Pick<AdoMapContext, 'customerField' | 'storyPointsField'>,
): TrackedValues {
  const customerField = ctx.customerField;
  return {
    state: str(fields[F.state]),
    assigned_to: identityName(fields[F.assignedTo]),
    severity: severityOf(fields[F.severity]),
    priority: str(fields[F.priority]),
    iteration: str(fields[F.iteration]),
    area: str(fields[F.area]),
    type: str(fields[F.type]),
    title: str(fields[F.title]),
    parent: str(fields[F.parent]),
    customer: str(fields[customerField]),
    story_points: estimateOf(fields, ctx.storyPointsField),
    project: str(fields[F.project]),
  };
}

/**
 * The history rows of one revision against the previous one (`previous` undefined for the creation
 * revision: every set field is recorded from null, and the state row has no from-state). Change times
 * are System.ChangedDate: revisedDate is when a revision was superseded, not when it was made.
 */
export function revisionHistory(
  itemId: string,
  rev: number,
  fields: AdoFields,
  previous: TrackedValues | undefined,
  ctx: AdoMapContext,
): { stateChange?: StateChange; fieldChanges: FieldChange[]; values: TrackedValues } {
  const values = trackedValues(fields, ctx);
  const changedAt = adoTime(fields[F.changedDate]);
  if (!changedAt) throw new Error(`revision ${rev} has no ${F.changedDate}`);
  const changedBy = identityName(fields[F.changedBy]);
  const changeId = String(rev);
  const fieldChanges: FieldChange[] = [];
  for (const [field, to] of Object.entries(values) as [TrackedField, string | null][]) {
    // Values kept before a field was tracked (item_states of an older version) lack its key: unknown, not null.
    if (previous !== undefined && !(field in previous)) continue;
    const from = previous?.[field] ?? null;
    if (from === to || (previous === undefined && to === null)) continue;
    fieldChanges.push({ itemId, changeId, changedAt, changedBy, field, fromValue: from, toValue: to });
  }
  const fromState = previous?.state ?? null;
  const toState = values.state ?? null;
  const type = values.type ?? '';
  const prevType = previous?.type ?? type;
  const stateChanged = previous === undefined || fromState !== toState;
  return {
    values,
    fieldChanges,
    ...(stateChanged && toState !== null
      ? {
          stateChange: {
            itemId,
            changeId,
            changedAt,
            changedBy,
            fromState,
            toState,
            fromCategory: fromState === null ? null : ctx.categoryOf(prevType, fromState),
            toCategory: ctx.categoryOf(type, toState),
          },
        }
      : {}),
  };
}
