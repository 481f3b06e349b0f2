/**
 * The ADO simulator's in-memory data model. Items keep their history as revisions holding only the
 * fields that changed (`delta`); derived fields (System.Rev, ChangedDate, Watermark, AreaId...) are
 * computed when rendering. Timestamps are epoch milliseconds everywhere inside the simulator.
 */

/** A reference to a person of the organisation (index into `Org.people`); rendered as an identity. */
export class PersonRef {
  constructor(readonly index: number) {}
}

const REFS: PersonRef[] = [];
/** The shared PersonRef of person `index` (avoids one object per stored identity value). */
export function personRef(index: number): PersonRef {
  let ref = REFS[index];
  if (!ref) {
    ref = new PersonRef(index);
    REFS[index] = ref;
  }
  return ref;
}

/** A stored field value: dates are epoch ms (the field catalogue says which fields are dates). */
export type FieldValue = string | number | boolean | PersonRef;

/** Changed fields of one revision; `null` clears a field (it disappears from `fields`). */
export type Delta = Record<string, FieldValue | null>;

export interface Revision {
  /** 1-based revision number (System.Rev). */
  rev: number;
  /** System.ChangedDate (ms). */
  at: number;
  /** System.ChangedBy (person index). */
  by: number;
  /** System.Watermark: organisation-wide, strictly increasing in time order. */
  wm: number;
  delta: Delta;
}

/** Work item link type families; each has a forward and a reverse end (Related is symmetric). */
export type LinkFamily = 'Hierarchy' | 'Related' | 'Duplicate' | 'Dependency';

/** A work item link, shared by both ends. `source` holds the forward end (for Hierarchy: the parent). */
export interface Link {
  family: LinkFamily;
  source: number;
  target: number;
  addedAt: number;
  addedBy: number;
  addedSeq: number;
  removedAt?: number;
  removedBy?: number;
  removedSeq?: number;
  comment?: string;
}

/** Links to non-work-item resources; they belong to one item only. */
export interface ResourceLink {
  kind: 'ArtifactLink' | 'Hyperlink' | 'AttachedFile';
  /** Full URL, except AttachedFile whose URL depends on the server address (see `attachmentId`). */
  url: string;
  attachmentId?: string;
  resourceId: number;
  name?: string;
  comment?: string;
  size?: number;
  addedAt: number;
  addedBy: number;
  removedAt?: number;
  removedBy?: number;
}

export interface Item {
  id: number;
  revisions: Revision[];
  links: Link[];
  resources: ResourceLink[];
  /** Latest stored fields (no derived fields, no System.History). */
  current: Record<string, FieldValue>;
  deleted?: { at: number; by: number };
  destroyed?: boolean;
}

/** One entry of the reporting links log. */
export interface LinkEvent {
  seq: number;
  link: Link;
  active: boolean;
  at: number;
}

export interface Person {
  index: number;
  displayName: string;
  email: string;
  id: string;
  descriptor: string;
  personId: number;
}

/** A classification node (area or iteration). */
export interface TreeNode {
  id: number;
  identifier: string;
  name: string;
  /** Item-style path, e.g. `Phoenix\Release 1\Sprint 2` (the root's path is the project name). */
  path: string;
  children: TreeNode[];
  startMs?: number;
  finishMs?: number;
}

export interface Team {
  id: string;
  name: string;
  description: string;
  /** Area paths owned by the team (teamfieldvalues). */
  areas: { value: string; includeChildren: boolean }[];
  /** Iteration nodes the team subscribes to (sprints); empty for a Kanban-only team. */
  iterations: TreeNode[];
}

export interface Project {
  id: string;
  name: string;
  description: string;
  areaRoot: TreeNode;
  iterationRoot: TreeNode;
  teams: Team[];
  /** Leaf sprints in time order. */
  sprints: TreeNode[];
}
