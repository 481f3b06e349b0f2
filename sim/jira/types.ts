/**
 * The Jira simulator's internal model. Times are epoch milliseconds; they are rendered as Jira
 * timestamps (colon-less offsets in the API user's zone) only when a response is built.
 */

/** A customer field value in one of the shapes seen on real sites (string, select option, multi-select). */
export type CustomerValue = string | CustomerOption | CustomerOption[];
export interface CustomerOption {
  id: string;
  value: string;
}

/** Minimal ADF node (Atlassian Document Format). */
export interface AdfNode {
  type: string;
  version?: number;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** A description: generated lazily from a seed (cheap for 200k issues) or set explicitly (null = empty). */
export type DescriptionRef = { seed: number } | { adf: AdfNode | null };

/** One item of a changelog history (`ChangeDetails`): all strings, each may be null. */
export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

/** One changelog history. `author` is a user index, or null for histories without an author. */
export interface History {
  id: number;
  created: number;
  author: number | null;
  items: ChangeItem[];
}

/** The mutable-by-replacement state of an issue; every change produces a new object (search snapshots keep old ones). */
export interface IssueState {
  key: string;
  projectKey: string;
  typeId: string;
  summary: string;
  statusId: string;
  priorityId: string;
  assignee: number | null;
  reporter: number;
  creator: number;
  labels: readonly string[];
  componentIds: readonly string[];
  sprintIds: readonly number[];
  customer: CustomerValue | null;
  description: DescriptionRef;
  resolutionId: string | null;
  resolutionDate: number | null;
  created: number;
  updated: number;
  statusCategoryChanged: number;
  parentId: string | null;
  duedate: string | null;
  storyPoints: number | null;
  /** Number of histories (generated + appended) that existed at this state. */
  historyCount: number;
}

/** A search-index snapshot: `state` (null = absent/deleted) becomes visible to search at `visibleFrom`. */
export interface IndexedVersion {
  state: IssueState | null;
  visibleFrom: number;
}

export interface IssueRecord {
  id: string;
  num: number;
  /** Seed of the lazily regenerated part of the changelog. */
  seed: number;
  /** Number of histories produced by the generator (regenerated on demand), their first id and time bound. */
  generatedCount: number;
  historyIdBase: number;
  historyEnd: number;
  /** Histories appended through the control API (ids above every generated id). */
  extraHistories: History[];
  /** Current state; null once deleted. */
  current: IssueState | null;
  /** Hidden by issue-level security: 404 and absent from search, like a deleted issue. */
  hidden?: boolean;
  /** The state just before deletion (kept for the control API's truth). */
  lastState?: IssueState;
  /** The search index's view over time (last entry = newest). */
  versions: IndexedVersion[];
  /** Every key the issue has had, oldest first. */
  keyHistory: string[];
  /** The initial state at creation, needed to regenerate the generated histories. */
  initial: IssueState;
}

export interface IssueLinkRecord {
  id: string;
  typeId: string;
  /** The issue whose link reads with the outward phrase ("blocks"). */
  outwardIssueId: string;
  /** The issue whose link reads with the inward phrase ("is blocked by"). */
  inwardIssueId: string;
}

export interface SprintRecord {
  id: number;
  boardId: number;
  name: string;
  state: 'closed' | 'active' | 'future';
  goal: string;
  startDate: number | null;
  endDate: number | null;
  completeDate: number | null;
  createdDate: number;
}

export interface BoardRecord {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  projectKey: string;
}

export interface ProjectRecord {
  id: string;
  key: string;
  name: string;
  simplified: boolean;
  components: { id: string; name: string; description: string }[];
}

export interface UserRecord {
  accountId: string;
  displayName: string;
  emailAddress: string | null;
  timeZone: string | null;
  active: boolean;
  accountType: 'atlassian' | 'app';
}
