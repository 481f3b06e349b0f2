/** Platform-independent phase of a state (Azure DevOps state categories; Jira status categories map onto them). */
export type StateCategory = 'proposed' | 'in_progress' | 'resolved' | 'completed' | 'removed';

export const STATE_CATEGORIES: readonly StateCategory[] = [
  'proposed',
  'in_progress',
  'resolved',
  'completed',
  'removed',
];

/** Normalised severity: P1 (most severe) .. P4. */
export type Severity = 'P1' | 'P2' | 'P3' | 'P4';

/** One work item of any type, as stored in `work_items`. Timestamps are UTC `Date`s. */
export interface WorkItem {
  /** ADO: the number as text; Jira: the issue key (changes when an issue moves). */
  id: string;
  /** ADO id; Jira numeric issue id: the stable identity. */
  numericId: number;
  project: string;
  workItemType: string;
  title: string;
  /** Plain text from ADO HTML or Jira ADF. */
  description: string | null;
  /** ADO bugs' Repro Steps as plain text. */
  reproSteps: string | null;
  /** The platform's own state name. */
  state: string;
  stateCategory: StateCategory | null;
  severity: Severity | null;
  /** The platform's raw priority value. */
  priority: string | null;
  assignedTo: string | null;
  createdBy: string | null;
  areaPath: string | null;
  iterationPath: string | null;
  customerName: string | null;
  tags: string[];
  /** The estimate: Jira story points, Azure DevOps Story Points / Effort / Size; null when unestimated. */
  storyPoints: number | null;
  parentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** Browser link to the item. */
  url: string | null;
  /** The fields as received from the platform. */
  raw: Record<string, unknown>;
}
