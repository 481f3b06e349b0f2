/**
 * The process (an inherited Agile process) the simulated projects use: work item types, their states
 * with colours and categories, transitions and reasons, and the field catalogue.
 */

export type StateCategory = 'Proposed' | 'InProgress' | 'Resolved' | 'Completed' | 'Removed';

export interface StateDef {
  name: string;
  color: string;
  category: StateCategory;
}

export interface TypeDef {
  name: string;
  referenceName: string;
  description: string;
  color: string;
  icon: string;
  states: StateDef[];
  initial: string;
  /** Allowed transitions: state → next states (first is the usual forward move). */
  transitions: Record<string, string[]>;
}

const S = {
  New: { name: 'New', color: 'b2b2b2', category: 'Proposed' },
  Active: { name: 'Active', color: '007acc', category: 'InProgress' },
  Resolved: { name: 'Resolved', color: 'ff9d00', category: 'Resolved' },
  Closed: { name: 'Closed', color: '339933', category: 'Completed' },
  Removed: { name: 'Removed', color: 'ffffff', category: 'Removed' },
} satisfies Record<string, StateDef>;

const AGILE_FLOW: Record<string, string[]> = {
  New: ['Active', 'Resolved', 'Closed', 'Removed'],
  Active: ['Resolved', 'Closed', 'New', 'Removed'],
  Resolved: ['Closed', 'Active'],
  Closed: ['Active'],
  Removed: ['New'],
};

function agile(name: string, color: string, icon: string, description: string): TypeDef {
  return {
    name,
    referenceName: `Microsoft.VSTS.WorkItemTypes.${name.replace(/\s/g, '')}`,
    description,
    color,
    icon,
    states: [S.New, S.Active, S.Resolved, S.Closed, S.Removed],
    initial: 'New',
    transitions: AGILE_FLOW,
  };
}

export const WORK_ITEM_TYPES: readonly TypeDef[] = [
  agile('Bug', 'CC293D', 'icon_insect', 'Describes a divergence between required and actual behavior.'),
  agile('User Story', '009CCC', 'icon_book', 'Tracks an activity the user will be able to perform.'),
  {
    ...agile('Task', 'F2CB1D', 'icon_clipboard', 'Tracks work that needs to be done.'),
    states: [S.New, S.Active, S.Closed, S.Removed],
    transitions: {
      New: ['Active', 'Closed', 'Removed'],
      Active: ['Closed', 'New', 'Removed'],
      Closed: ['Active'],
      Removed: ['New'],
    },
  },
  agile('Feature', '773B93', 'icon_trophy', 'Tracks a feature that will be released with the product.'),
  agile(
    'Epic',
    'FF7B00',
    'icon_crown',
    'Epics help teams effectively manage and groom their product backlog.',
  ),
  {
    ...agile('Issue', 'B4009E', 'icon_traffic_cone', 'Tracks an obstacle to progress.'),
    states: [S.Active, S.Closed],
    initial: 'Active',
    transitions: { Active: ['Closed'], Closed: ['Active'] },
  },
  {
    name: 'Customer Escalation',
    referenceName: 'WorkSyncAgile.CustomerEscalation',
    description: 'A customer-reported problem escalated to engineering (custom type).',
    color: 'E60017',
    icon: 'icon_alert',
    states: [
      S.New,
      { name: 'Triaged', color: 'b2b2b2', category: 'Proposed' },
      { name: 'Investigating', color: '007acc', category: 'InProgress' },
      { name: 'Waiting for Customer', color: '5688e0', category: 'InProgress' },
      { name: 'Mitigated', color: 'ff9d00', category: 'Resolved' },
      S.Closed,
      S.Removed,
    ],
    initial: 'New',
    transitions: {
      New: ['Triaged', 'Investigating', 'Removed'],
      Triaged: ['Investigating', 'Removed'],
      Investigating: ['Mitigated', 'Waiting for Customer', 'Closed'],
      'Waiting for Customer': ['Investigating', 'Closed'],
      Mitigated: ['Closed', 'Investigating'],
      Closed: ['Investigating'],
      Removed: ['New'],
    },
  },
];

export function findType(name: string): TypeDef | undefined {
  const lower = name.toLowerCase();
  return WORK_ITEM_TYPES.find((t) => t.name.toLowerCase() === lower);
}

export function stateCategory(type: string, state: string): StateCategory | undefined {
  return findType(type)?.states.find((s) => s.name === state)?.category;
}

/** The System.Reason recorded when entering `to` from `from` (undefined for creation). */
export function reasonFor(type: string, from: string | undefined, to: string): string {
  const isBug = type === 'Bug';
  if (from === undefined) return isBug ? 'New defect reported' : to === 'Active' ? 'New' : 'New';
  if (to === 'Active' || to === 'Investigating')
    return from === 'Closed' || from === 'Resolved' || from === 'Mitigated'
      ? 'Reactivated'
      : 'Implementation started';
  if (to === 'Resolved') return isBug ? 'Fixed' : 'Code complete and unit tests pass';
  if (to === 'Mitigated') return 'Workaround provided';
  if (to === 'Closed') return from === 'New' ? 'Obsolete' : isBug ? 'Verified' : 'Acceptance tests pass';
  if (to === 'Removed') return 'Removed from the backlog';
  if (to === 'New') return from === 'Removed' ? 'Reconsidering' : 'Moved to backlog';
  if (to === 'Triaged') return 'Triaged';
  if (to === 'Waiting for Customer') return 'Information requested';
  return `Moved to state ${to}`;
}

export type FieldType =
  | 'integer'
  | 'double'
  | 'string'
  | 'dateTime'
  | 'identity'
  | 'html'
  | 'history'
  | 'treePath'
  | 'boolean'
  | 'plainText';

export interface FieldDef {
  referenceName: string;
  name: string;
  type: FieldType;
  readOnly?: boolean;
}

const F = (referenceName: string, name: string, type: FieldType, readOnly = false): FieldDef => ({
  referenceName,
  name,
  type,
  readOnly,
});

const LEVELS = [1, 2, 3, 4, 5, 6, 7];

export const FIELDS: readonly FieldDef[] = [
  F('System.Id', 'ID', 'integer', true),
  F('System.AreaId', 'Area ID', 'integer'),
  F('System.AreaPath', 'Area Path', 'treePath'),
  F('System.TeamProject', 'Team Project', 'string', true),
  F('System.NodeName', 'Node Name', 'string', true),
  ...LEVELS.map((n) => F(`System.AreaLevel${n}`, `Area Level ${n}`, 'string', true)),
  F('System.Rev', 'Rev', 'integer', true),
  F('System.AuthorizedDate', 'Authorized Date', 'dateTime', true),
  F('System.RevisedDate', 'Revised Date', 'dateTime', true),
  F('System.IterationId', 'Iteration ID', 'integer'),
  F('System.IterationPath', 'Iteration Path', 'treePath'),
  ...LEVELS.map((n) => F(`System.IterationLevel${n}`, `Iteration Level ${n}`, 'string', true)),
  F('System.WorkItemType', 'Work Item Type', 'string'),
  F('System.State', 'State', 'string'),
  F('System.Reason', 'Reason', 'string'),
  F('System.AssignedTo', 'Assigned To', 'identity'),
  F('System.CreatedDate', 'Created Date', 'dateTime', true),
  F('System.CreatedBy', 'Created By', 'identity', true),
  F('System.ChangedDate', 'Changed Date', 'dateTime', true),
  F('System.ChangedBy', 'Changed By', 'identity', true),
  F('System.AuthorizedAs', 'Authorized As', 'identity', true),
  F('System.PersonId', 'Person ID', 'integer', true),
  F('System.Watermark', 'Watermark', 'integer', true),
  F('System.IsDeleted', 'Is Deleted', 'boolean', true),
  F('System.CommentCount', 'Comment Count', 'integer', true),
  F('System.Title', 'Title', 'string'),
  F('System.BoardColumn', 'Board Column', 'string', true),
  F('System.BoardColumnDone', 'Board Column Done', 'boolean', true),
  F('Microsoft.VSTS.Common.StateChangeDate', 'State Change Date', 'dateTime', true),
  F('Microsoft.VSTS.Common.ActivatedDate', 'Activated Date', 'dateTime'),
  F('Microsoft.VSTS.Common.ActivatedBy', 'Activated By', 'identity'),
  F('Microsoft.VSTS.Common.ResolvedDate', 'Resolved Date', 'dateTime'),
  F('Microsoft.VSTS.Common.ResolvedBy', 'Resolved By', 'identity'),
  F('Microsoft.VSTS.Common.ResolvedReason', 'Resolved Reason', 'string'),
  F('Microsoft.VSTS.Common.ClosedDate', 'Closed Date', 'dateTime'),
  F('Microsoft.VSTS.Common.ClosedBy', 'Closed By', 'identity'),
  F('Microsoft.VSTS.Common.Priority', 'Priority', 'integer'),
  F('Microsoft.VSTS.Common.Severity', 'Severity', 'string'),
  F('Microsoft.VSTS.Common.ValueArea', 'Value Area', 'string'),
  F('Microsoft.VSTS.Common.StackRank', 'Stack Rank', 'double'),
  F('Microsoft.VSTS.Scheduling.StoryPoints', 'Story Points', 'double'),
  F('Microsoft.VSTS.Scheduling.OriginalEstimate', 'Original Estimate', 'double'),
  F('Microsoft.VSTS.Scheduling.RemainingWork', 'Remaining Work', 'double'),
  F('Microsoft.VSTS.Scheduling.CompletedWork', 'Completed Work', 'double'),
  F('Custom.CustomerName', 'Customer Name', 'string'),
  F('Custom.EscalationTier', 'Escalation Tier', 'string'),
  F('System.Parent', 'Parent', 'integer'),
  F('System.Tags', 'Tags', 'plainText'),
  F('System.Description', 'Description', 'html'),
  F('Microsoft.VSTS.TCM.ReproSteps', 'Repro Steps', 'html'),
  F('System.History', 'History', 'history'),
];

const BY_LOWER = new Map(FIELDS.map((f) => [f.referenceName.toLowerCase(), f]));
const BY_NAME = new Map(FIELDS.map((f) => [f.name.toLowerCase(), f]));

/** Looks a field up by reference name or friendly name, case-insensitively. */
export function findField(name: string): FieldDef | undefined {
  const lower = name.toLowerCase();
  return BY_LOWER.get(lower) ?? BY_NAME.get(lower);
}

/** Canonical output order of fields (the order Azure DevOps renders them in). */
export const FIELD_ORDER = new Map(FIELDS.map((f, i) => [f.referenceName, i]));

/** Fields only returned with `$expand=fields|all` (not in the default field set). */
export const EXPANDED_ONLY = new Set([
  'System.Id',
  'System.AreaId',
  'System.NodeName',
  ...LEVELS.map((n) => `System.AreaLevel${n}`),
  'System.Rev',
  'System.AuthorizedDate',
  'System.RevisedDate',
  'System.IterationId',
  ...LEVELS.map((n) => `System.IterationLevel${n}`),
  'System.AuthorizedAs',
  'System.PersonId',
  'System.Watermark',
  'System.IsDeleted',
]);

/** Long-text fields the reporting API omits unless `$expand=fields` (or listed in `fields`). */
export const LONG_TEXT = new Set(['System.Description', 'Microsoft.VSTS.TCM.ReproSteps', 'System.History']);

export const SEVERITIES = ['1 - Critical', '2 - High', '3 - Medium', '4 - Low'] as const;

/** Work item link families: reference names and display names of both ends. */
export const LINK_TYPES = {
  Hierarchy: {
    forward: 'System.LinkTypes.Hierarchy-Forward',
    reverse: 'System.LinkTypes.Hierarchy-Reverse',
    fName: 'Child',
    rName: 'Parent',
  },
  Related: {
    forward: 'System.LinkTypes.Related',
    reverse: 'System.LinkTypes.Related',
    fName: 'Related',
    rName: 'Related',
  },
  Duplicate: {
    forward: 'System.LinkTypes.Duplicate-Forward',
    reverse: 'System.LinkTypes.Duplicate-Reverse',
    fName: 'Duplicate',
    rName: 'Duplicate Of',
  },
  Dependency: {
    forward: 'System.LinkTypes.Dependency-Forward',
    reverse: 'System.LinkTypes.Dependency-Reverse',
    fName: 'Successor',
    rName: 'Predecessor',
  },
} as const;

/** Maps a relation `rel` to its link family and direction (forward: this item is the source). */
export function parseRel(rel: string): { family: keyof typeof LINK_TYPES; forward: boolean } | undefined {
  for (const [family, t] of Object.entries(LINK_TYPES) as [
    keyof typeof LINK_TYPES,
    (typeof LINK_TYPES)[keyof typeof LINK_TYPES],
  ][]) {
    if (rel.toLowerCase() === t.forward.toLowerCase()) return { family, forward: true };
    if (rel.toLowerCase() === t.reverse.toLowerCase()) return { family, forward: false };
  }
  return undefined;
}
