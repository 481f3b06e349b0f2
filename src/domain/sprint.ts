/** An ADO team iteration or a Jira sprint. Dates are UTC; `state` is e.g. past | current | future (ADO) or closed | active | future (Jira). */
export interface Sprint {
  id: string;
  name: string;
  /** ADO iteration path. */
  path: string | null;
  /** Jira board id. */
  board: string | null;
  team: string | null;
  state: string | null;
  startAt: Date | null;
  finishAt: Date | null;
  isCurrent: boolean;
  raw: Record<string, unknown>;
}

/**
 * One interval during which an item was in a sprint, as the source shows it (Jira: the sprint is in the
 * item's sprint field; Azure DevOps: the item's iteration path is the sprint's). `removedAt` is null
 * while the item is still in it.
 */
export interface SprintMembership {
  sprintId: string;
  itemId: string;
  addedAt: Date;
  removedAt: Date | null;
}
