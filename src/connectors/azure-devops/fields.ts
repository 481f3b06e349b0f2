import type { Severity } from '../../domain/work-item.js';

/** ADO field values as received: strings, numbers, booleans, identity objects. */
export type AdoFields = Record<string, unknown>;

export const F = {
  id: 'System.Id',
  rev: 'System.Rev',
  title: 'System.Title',
  state: 'System.State',
  type: 'System.WorkItemType',
  project: 'System.TeamProject',
  area: 'System.AreaPath',
  iteration: 'System.IterationPath',
  assignedTo: 'System.AssignedTo',
  createdBy: 'System.CreatedBy',
  changedBy: 'System.ChangedBy',
  createdDate: 'System.CreatedDate',
  changedDate: 'System.ChangedDate',
  revisedDate: 'System.RevisedDate',
  tags: 'System.Tags',
  description: 'System.Description',
  parent: 'System.Parent',
  isDeleted: 'System.IsDeleted',
  reproSteps: 'Microsoft.VSTS.TCM.ReproSteps',
  severity: 'Microsoft.VSTS.Common.Severity',
  priority: 'Microsoft.VSTS.Common.Priority',
  resolvedDate: 'Microsoft.VSTS.Common.ResolvedDate',
  closedDate: 'Microsoft.VSTS.Common.ClosedDate',
} as const;

export function str(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value : String(value);
}

/** ADO timestamps: ISO UTC with 0-3 fractional digits; anything else (or the 9999 sentinel) is null. */
export function adoTime(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms) || value.startsWith('9999-')) return null;
  return new Date(ms);
}

/** "1 - Critical" … "4 - Low" → P1 … P4. */
export function severityOf(value: unknown): Severity | null {
  const match = /^\s*([1-4])\b/.exec(str(value) ?? '');
  return match ? (`P${match[1]}` as Severity) : null;
}

/** "Tag1; Tag2" → ["Tag1", "Tag2"]. */
export function tagsOf(value: unknown): string[] {
  return (str(value) ?? '')
    .split(';')
    .map((t) => t.trim())
    .filter(Boolean);
}
