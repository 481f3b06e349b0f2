/**
 * The site's static configuration: status categories, statuses and workflows, issue types,
 * priorities, resolutions and link types. Ids follow the shapes of the recorded payloads in
 * shared/reference/jira/examples (status ids as strings, category ids as integers 2/4/3).
 */

export interface StatusCategoryDef {
  id: number;
  key: 'undefined' | 'new' | 'indeterminate' | 'done';
  colorName: string;
  name: string;
}

export const STATUS_CATEGORIES: readonly StatusCategoryDef[] = [
  { id: 1, key: 'undefined', colorName: 'medium-gray', name: 'No Category' },
  { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  { id: 3, key: 'done', colorName: 'green', name: 'Done' },
];

export interface StatusDef {
  id: string;
  name: string;
  categoryId: number;
  description: string;
  icon: string;
}

export const STATUSES: readonly StatusDef[] = [
  { id: '10000', name: 'To Do', categoryId: 2, description: '', icon: '' },
  { id: '10001', name: 'Backlog', categoryId: 2, description: '', icon: '' },
  {
    id: '3',
    name: 'In Progress',
    categoryId: 4,
    description: 'This issue is being actively worked on at the moment by the assignee.',
    icon: 'images/icons/statuses/inprogress.png',
  },
  { id: '10002', name: 'In Review', categoryId: 4, description: '', icon: '' },
  {
    id: '10003',
    name: 'Blocked',
    categoryId: 4,
    description: 'Waiting on something outside the team.',
    icon: '',
  },
  { id: '10004', name: 'Done', categoryId: 3, description: '', icon: '' },
  {
    id: '6',
    name: 'Closed',
    categoryId: 3,
    description: 'The issue is considered finished, the resolution is correct.',
    icon: 'images/icons/statuses/closed.png',
  },
  {
    id: '4',
    name: 'Reopened',
    categoryId: 2,
    description: 'This issue was once resolved, but the resolution was deemed incorrect.',
    icon: 'images/icons/statuses/reopened.png',
  },
];

/** A workflow: initial status and allowed transitions (status id → next status ids). */
export interface WorkflowDef {
  initial: string;
  transitions: Readonly<Record<string, readonly string[]>>;
}

export const SOFTWARE_WORKFLOW: WorkflowDef = {
  initial: '10000',
  transitions: {
    '10000': ['3', '3', '3', '10004'],
    '3': ['10002', '10002', '10003', '10000'],
    '10003': ['3'],
    '10002': ['10004', '10004', '3'],
    '10004': ['4'],
    '4': ['3'],
  },
};

export const BUG_WORKFLOW: WorkflowDef = {
  initial: '10001',
  transitions: {
    '10001': ['10000', '10000', '10000', '6'],
    '10000': ['3'],
    '3': ['10002', '10002', '10003'],
    '10003': ['3'],
    '10002': ['10004', '10004', '3'],
    '10004': ['6', '4'],
    '6': ['4'],
    '4': ['3'],
  },
};

export interface IssueTypeDef {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  hierarchyLevel: number;
  icon: string;
}

export const ISSUE_TYPES: readonly IssueTypeDef[] = [
  {
    id: '10000',
    name: 'Epic',
    description: 'A big user story that needs to be broken down.',
    subtask: false,
    hierarchyLevel: 1,
    icon: 'epic.svg',
  },
  {
    id: '10001',
    name: 'Story',
    description: 'Functionality or a feature expressed as a user goal.',
    subtask: false,
    hierarchyLevel: 0,
    icon: 'story.svg',
  },
  {
    id: '10002',
    name: 'Task',
    description: 'A small, distinct piece of work.',
    subtask: false,
    hierarchyLevel: 0,
    icon: 'task.svg',
  },
  {
    id: '10003',
    name: 'Bug',
    description: 'A problem or error.',
    subtask: false,
    hierarchyLevel: 0,
    icon: 'bug.svg',
  },
  {
    id: '10004',
    name: 'Sub-task',
    description: 'A small piece of work that is part of a larger task.',
    subtask: true,
    hierarchyLevel: -1,
    icon: 'subtask.svg',
  },
];

export interface PriorityDef {
  id: string;
  name: string;
  color: string;
  icon: string;
}

export const PRIORITIES: readonly PriorityDef[] = [
  { id: '1', name: 'Highest', color: '#d04437', icon: 'highest.svg' },
  { id: '2', name: 'High', color: '#f15C75', icon: 'high.svg' },
  { id: '3', name: 'Medium', color: '#f79232', icon: 'medium.svg' },
  { id: '4', name: 'Low', color: '#707070', icon: 'low.svg' },
  { id: '5', name: 'Lowest', color: '#999999', icon: 'lowest.svg' },
  { id: '10000', name: 'Critical', color: '#ff0000', icon: 'critical.svg' },
];

export const RESOLUTIONS = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed.' },
] as const;

export const LINK_TYPES = [
  { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
  { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
  { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
] as const;

export const LABELS = [
  'backend',
  'frontend',
  'customer-reported',
  'regression',
  'tech-debt',
  'ux',
  'security',
  'perf',
  'döner',
  '🔥hot',
] as const;

export const CUSTOMER_FIELD_ID = 'customfield_10001';
export const SPRINT_FIELD_ID = 'customfield_10020';
export const EPIC_LINK_FIELD_ID = 'customfield_10014';
export const STORY_POINTS_FIELD_ID = 'customfield_10016';
export const RANK_FIELD_ID = 'customfield_10019';

const byId = <T extends { id: string }>(list: readonly T[]): Map<string, T> =>
  new Map(list.map((x) => [x.id, x]));
export const STATUS_BY_ID = byId(STATUSES);
export const TYPE_BY_ID = byId(ISSUE_TYPES);
export const PRIORITY_BY_ID = byId(PRIORITIES);
export const RESOLUTION_BY_ID = byId(RESOLUTIONS);
export const LINK_TYPE_BY_ID = byId(LINK_TYPES);
export const CATEGORY_BY_ID = new Map(STATUS_CATEGORIES.map((c) => [c.id, c]));

export function statusOf(id: string): StatusDef {
  const s = STATUS_BY_ID.get(id);
  if (!s) throw new Error(`unknown status ${id}`);
  return s;
}

export function categoryOfStatus(id: string): StatusCategoryDef {
  return CATEGORY_BY_ID.get(statusOf(id).categoryId)!;
}

export function workflowFor(typeId: string): WorkflowDef {
  return TYPE_BY_ID.get(typeId)?.name === 'Bug' ? BUG_WORKFLOW : SOFTWARE_WORKFLOW;
}

/** Finds a catalog entry by name, case-insensitively. */
export function findByName<T extends { name: string }>(list: readonly T[], name: string): T | undefined {
  const lower = name.toLowerCase();
  return list.find((x) => x.name.toLowerCase() === lower);
}
