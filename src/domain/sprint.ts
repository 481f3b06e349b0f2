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
