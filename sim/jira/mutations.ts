import type { SimClock } from '../common/clock.js';
import { adfFromText } from './adf.js';
import {
  CUSTOMER_FIELD_ID,
  categoryOfStatus,
  findByName,
  ISSUE_TYPES,
  LINK_TYPE_BY_ID,
  LINK_TYPES,
  PRIORITIES,
  PRIORITY_BY_ID,
  STATUSES,
  statusOf,
  TYPE_BY_ID,
  workflowFor,
} from './catalog.js';
import { customerStrings, item, sprintItem, statusChange, storyPointsItem } from './history.js';
import type { JiraStore } from './store.js';
import type {
  AdfNode,
  ChangeItem,
  CustomerValue,
  IssueLinkRecord,
  IssueRecord,
  IssueState,
  SprintRecord,
} from './types.js';

/**
 * Changes made "by users" through the control API. Each appends a proper changelog history
 * (new id above all others, `created` = clock time), bumps `updated` and goes through the
 * search index's visibility delay, as edits on a real site do.
 */

export interface CreateIssueInput {
  projectKey: string;
  /** Issue type name (default Task). */
  issueType?: string;
  summary?: string;
  description?: string | AdfNode | null;
  /** accountId, or null for unassigned. */
  assignee?: string | null;
  priority?: string;
  labels?: string[];
  /** Parent key or id (epic for standard issues, required for Sub-task). */
  parent?: string;
  customer?: CustomerValue | null;
}

export interface UpdateIssueInput {
  /**
   * Another issue type by name (not to or from Sub-task). A status the new type's workflow lacks is
   * mapped to one of its statuses of the same category, in the same history, as Jira's move does.
   */
  issueType?: string;
  summary?: string;
  description?: string | AdfNode | null;
  assignee?: string | null;
  priority?: string;
  labels?: string[];
  /** Component names of the issue's project. */
  components?: string[];
  sprintIds?: number[];
  customer?: CustomerValue | null;
  storyPoints?: number | null;
  parent?: string | null;
}

export class MutationError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export class Mutations {
  constructor(
    private readonly store: JiraStore,
    private readonly clock: SimClock,
    /** The user index recorded as the author of control-API changes. */
    private readonly author: number,
  ) {}

  private live(idOrKey: string): IssueRecord {
    const issue = this.store.find(idOrKey);
    if (!issue?.current) throw new MutationError(`Issue ${idOrKey} does not exist`, 404);
    return issue;
  }

  private userIndex(accountId: string | null): number | null {
    if (accountId === null) return null;
    const i = this.store.data.users.findIndex(
      (u) => u.accountId === accountId || u.displayName === accountId,
    );
    if (i < 0) throw new MutationError(`Unknown user ${accountId}`);
    return i;
  }

  private description(v: string | AdfNode | null): IssueState['description'] {
    return { adf: typeof v === 'string' ? adfFromText(v) : v };
  }

  /** Appends a history with `items` and commits `patch`; no-op when nothing changed. */
  private record(issue: IssueRecord, items: ChangeItem[], patch: Partial<IssueState>): IssueRecord {
    const state = issue.current!;
    if (items.length === 0) return issue;
    const now = Math.max(this.clock.now(), state.updated);
    issue.extraHistories.push({ id: this.store.takeHistoryId(), created: now, author: this.author, items });
    const historyCount = issue.generatedCount + issue.extraHistories.length;
    this.store.commit(issue, { ...state, ...patch, updated: now, historyCount });
    return issue;
  }

  /** A new future sprint on a scrum board (no dates until started). */
  createSprint(boardId: number, name: string): SprintRecord {
    const board = this.store.data.boards.find((b) => b.id === boardId);
    if (board?.type !== 'scrum') throw new MutationError(`Board ${boardId} is not a scrum board`);
    const sprints = this.store.data.sprints;
    const sprint: SprintRecord = {
      id: sprints.length + 1,
      boardId,
      name,
      state: 'future',
      goal: '',
      startDate: null,
      endDate: null,
      completeDate: null,
      createdDate: this.clock.now(),
    };
    sprints.push(sprint);
    this.store.version++;
    return sprint;
  }

  /** Starts a future sprint now, planned to end at `endDate` (epoch ms). */
  startSprint(id: number, endDate: number): SprintRecord {
    const sprint = this.store.data.sprints[id - 1];
    if (sprint?.state !== 'future') throw new MutationError(`Sprint ${id} is not a future sprint`);
    Object.assign(sprint, { state: 'active', startDate: this.clock.now(), endDate });
    this.store.version++;
    return sprint;
  }

  /**
   * Completes an active sprint now. As Jira does, its unfinished issues (status not Done) are added to
   * `moveTo` (one history each; the closed sprint stays in their sprint list), or stay only in it.
   */
  completeSprint(id: number, moveTo?: number): SprintRecord {
    const sprints = this.store.data.sprints;
    const sprint = sprints[id - 1];
    if (sprint?.state !== 'active') throw new MutationError(`Sprint ${id} is not active`);
    if (moveTo !== undefined && !sprints[moveTo - 1]) throw new MutationError('Unknown sprint');
    Object.assign(sprint, { state: 'closed', completeDate: this.clock.now() });
    this.store.version++;
    if (moveTo === undefined) return sprint;
    for (const issue of this.store.issues) {
      const s = issue.current;
      if (!s?.sprintIds.includes(id) || s.sprintIds.includes(moveTo)) continue;
      if (categoryOfStatus(s.statusId).key === 'done') continue;
      this.update(issue.id, { sprintIds: [...s.sprintIds, moveTo] });
    }
    return sprint;
  }

  create(input: CreateIssueInput): IssueRecord {
    const project = this.store.data.projects.find((p) => p.key === input.projectKey.toUpperCase());
    if (!project) throw new MutationError(`Unknown project ${input.projectKey}`);
    const type = findByName(ISSUE_TYPES, input.issueType ?? 'Task');
    if (!type) throw new MutationError(`Unknown issue type ${input.issueType}`);
    const parent = input.parent ? this.live(input.parent) : undefined;
    if (type.subtask && !parent) throw new MutationError('A Sub-task needs a parent');
    const priority = findByName(PRIORITIES, input.priority ?? 'Medium');
    if (!priority) throw new MutationError(`Unknown priority ${input.priority}`);
    const counters = this.store.data.keyCounters;
    const n = (counters.get(project.key) ?? 0) + 1;
    counters.set(project.key, n);
    const num = (this.store.issues.at(-1)?.num ?? 9999) + 1;
    const now = this.clock.now();
    const state: IssueState = {
      key: `${project.key}-${n}`,
      projectKey: project.key,
      typeId: type.id,
      summary: input.summary ?? `Created through the simulator ${n}`,
      statusId: workflowFor(type.id).initial,
      priorityId: priority.id,
      assignee: this.userIndex(input.assignee ?? null),
      reporter: this.author,
      creator: this.author,
      labels: input.labels ?? [],
      componentIds: [],
      sprintIds: [],
      customer: input.customer ?? null,
      description: this.description(input.description ?? null),
      resolutionId: null,
      resolutionDate: null,
      created: now,
      updated: now,
      statusCategoryChanged: now,
      parentId: parent?.id ?? null,
      duedate: null,
      storyPoints: null,
      historyCount: 0,
    };
    const issue: IssueRecord = {
      id: String(num),
      num,
      seed: num,
      generatedCount: 0,
      historyIdBase: 0,
      historyEnd: now,
      extraHistories: [],
      current: null,
      versions: [{ state: null, visibleFrom: Number.NEGATIVE_INFINITY }],
      keyHistory: [state.key],
      initial: state,
    };
    this.store.issues.push(issue);
    issue.current = state;
    this.store.index(issue);
    this.store.commit(issue, state);
    return issue;
  }

  update(idOrKey: string, input: UpdateIssueInput): IssueRecord {
    const issue = this.live(idOrKey);
    const s = issue.current!;
    const items: ChangeItem[] = [];
    const patch: Partial<IssueState> = {};
    const users = this.store.data.users;
    if (input.summary !== undefined && input.summary !== s.summary) {
      items.push(item('summary', 'jira', 'summary', null, s.summary, null, input.summary));
      patch.summary = input.summary;
    }
    if (input.description !== undefined) {
      items.push(
        item(
          'description',
          'jira',
          'description',
          null,
          null,
          null,
          typeof input.description === 'string' ? input.description : null,
        ),
      );
      patch.description = this.description(input.description);
    }
    if (input.assignee !== undefined) {
      const to = this.userIndex(input.assignee);
      if (to !== s.assignee) {
        const str = (u: number | null): [string | null, string | null] =>
          u === null ? [null, null] : [users[u]!.accountId, users[u]!.displayName];
        items.push(item('assignee', 'jira', 'assignee', ...str(s.assignee), ...str(to)));
        patch.assignee = to;
      }
    }
    if (input.issueType !== undefined) {
      const to = findByName(ISSUE_TYPES, input.issueType);
      if (!to) throw new MutationError(`Unknown issue type ${input.issueType}`);
      const from = TYPE_BY_ID.get(s.typeId)!;
      if (to.subtask !== from.subtask)
        throw new MutationError('An issue becomes a Sub-task (or stops being one) only by a move');
      if (to.id !== s.typeId) {
        items.push(item('issuetype', 'jira', 'issuetype', from.id, from.name, to.id, to.name));
        patch.typeId = to.id;
        const status = statusInWorkflow(s.statusId, to.id);
        if (status !== s.statusId) {
          const change = statusChange(s, status, this.clock.now());
          items.push(...change.items);
          Object.assign(patch, change.patch);
        }
      }
    }
    if (input.priority !== undefined) {
      const to = findByName(PRIORITIES, input.priority);
      if (!to) throw new MutationError(`Unknown priority ${input.priority}`);
      if (to.id !== s.priorityId) {
        const from = PRIORITY_BY_ID.get(s.priorityId)!;
        items.push(item('priority', 'jira', 'priority', from.id, from.name, to.id, to.name));
        patch.priorityId = to.id;
      }
    }
    if (input.labels !== undefined && input.labels.join(' ') !== s.labels.join(' ')) {
      items.push(
        item(
          'labels',
          'jira',
          'labels',
          null,
          s.labels.join(' ') || null,
          null,
          input.labels.join(' ') || null,
        ),
      );
      patch.labels = [...input.labels];
    }
    if (input.components !== undefined) {
      const all = this.store.data.projects.find((p) => p.key === s.projectKey)!.components;
      const ids = input.components.map((name) => {
        const c = findByName(all, name);
        if (!c) throw new MutationError(`Unknown component ${name}`);
        return c.id;
      });
      for (const c of all) {
        if (s.componentIds.includes(c.id) && !ids.includes(c.id))
          items.push(item('Component', 'jira', 'components', c.id, c.name, null, null));
        if (!s.componentIds.includes(c.id) && ids.includes(c.id))
          items.push(item('Component', 'jira', 'components', null, null, c.id, c.name));
      }
      patch.componentIds = ids;
    }
    if (input.sprintIds !== undefined) {
      const sprints = this.store.data.sprints;
      if (input.sprintIds.some((id) => !sprints[id - 1])) throw new MutationError('Unknown sprint');
      items.push(sprintItem(s.sprintIds, input.sprintIds, sprints));
      patch.sprintIds = [...input.sprintIds];
    }
    if (input.customer !== undefined) {
      items.push(
        item(
          'Customer',
          'custom',
          CUSTOMER_FIELD_ID,
          ...customerStrings(s.customer),
          ...customerStrings(input.customer),
        ),
      );
      patch.customer = input.customer;
    }
    if (input.storyPoints !== undefined && input.storyPoints !== s.storyPoints) {
      items.push(storyPointsItem(s.storyPoints, input.storyPoints));
      patch.storyPoints = input.storyPoints;
    }
    if (input.parent !== undefined) {
      const p = input.parent === null ? null : this.live(input.parent);
      if ((p?.id ?? null) !== s.parentId) {
        items.push(item('IssueParentAssociation', 'jira', undefined, s.parentId, null, p?.id ?? null, null));
        patch.parentId = p?.id ?? null;
        this.store.setParent(issue.id, s.parentId, patch.parentId);
      }
    }
    return this.record(issue, items, patch);
  }

  transition(idOrKey: string, statusName: string): IssueRecord {
    const issue = this.live(idOrKey);
    const to = STATUSES.find((x) => x.id === statusName) ?? findByName(STATUSES, statusName);
    if (!to) throw new MutationError(`Unknown status ${statusName}`);
    const s = issue.current!;
    if (to.id === s.statusId) return issue;
    const now = Math.max(this.clock.now(), s.updated);
    const { items, patch } = statusChange(s, to.id, now);
    return this.record(issue, items, patch);
  }

  /** Moves an issue to another project: new key, same id; the old key keeps resolving. */
  move(idOrKey: string, projectKey: string): IssueRecord {
    const issue = this.live(idOrKey);
    const s = issue.current!;
    const data = this.store.data;
    const target = data.projects.find((p) => p.key === projectKey.toUpperCase());
    if (!target) throw new MutationError(`Unknown project ${projectKey}`);
    if (target.key === s.projectKey) return issue;
    const source = data.projects.find((p) => p.key === s.projectKey)!;
    const n = (data.keyCounters.get(target.key) ?? 0) + 1;
    data.keyCounters.set(target.key, n);
    const key = `${target.key}-${n}`;
    issue.keyHistory.push(key);
    this.store.byKey.set(key, issue);
    const items = [
      item('project', 'jira', 'project', source.id, source.name, target.id, target.name),
      item('Key', 'jira', undefined, null, s.key, null, key),
    ];
    // Components and sprints belong to the old project's configuration: they are dropped, and the
    // move's history says so, as Jira's does.
    for (const c of source.components.filter((c) => s.componentIds.includes(c.id)))
      items.push(item('Component', 'jira', 'components', c.id, c.name, null, null));
    if (s.sprintIds.length > 0) {
      const sprints = this.store.data.sprints;
      items.push(sprintItem(s.sprintIds, [], sprints));
    }
    return this.record(issue, items, { key, projectKey: target.key, componentIds: [], sprintIds: [] });
  }

  /** Deletes an issue (and its sub-tasks, as Jira does); its changelog goes with it. */
  delete(idOrKey: string): void {
    const issue = this.live(idOrKey);
    for (const childId of [...(this.store.subtasks.get(issue.id) ?? [])]) {
      const child = this.store.resolve(childId);
      if (child && child.current?.typeId === '10004') this.delete(childId);
      else if (child) this.update(childId, { parent: null });
    }
    for (const linkId of [...(this.store.linksByIssue.get(issue.id) ?? [])])
      this.store.removeLinkRecord(linkId);
    issue.lastState = issue.current!;
    this.store.commit(issue, null);
  }

  /** Links two issues: `outward` <type's outward phrase> `inward` (e.g. A blocks B). */
  link(typeName: string, outward: string, inward: string): IssueLinkRecord {
    const type = LINK_TYPES.find((t) => t.name.toLowerCase() === typeName.toLowerCase() || t.id === typeName);
    if (!type) throw new MutationError(`Unknown link type ${typeName}`);
    const a = this.live(outward);
    const b = this.live(inward);
    const link: IssueLinkRecord = {
      id: String(this.store.nextLinkId++),
      typeId: type.id,
      outwardIssueId: a.id,
      inwardIssueId: b.id,
    };
    this.store.addLinkRecord(link);
    this.linkHistory(a, b, type.outward, true);
    this.linkHistory(b, a, type.inward, true);
    return link;
  }

  unlink(linkId: string): void {
    const link = this.store.removeLinkRecord(linkId);
    if (!link) throw new MutationError(`Unknown link ${linkId}`, 404);
    const type = LINK_TYPE_BY_ID.get(link.typeId)!;
    const a = this.store.resolve(link.outwardIssueId);
    const b = this.store.resolve(link.inwardIssueId);
    if (a && b) {
      this.linkHistory(a, b, type.outward, false);
      this.linkHistory(b, a, type.inward, false);
    }
  }

  private linkHistory(on: IssueRecord, other: IssueRecord, phrase: string, added: boolean): void {
    const key = other.current!.key;
    const text = `This issue ${phrase} ${key}`;
    const it = added
      ? item('Link', 'jira', undefined, null, null, key, text)
      : item('Link', 'jira', undefined, key, text, null, null);
    this.record(on, [it], {});
  }
}

/** The status an issue keeps under another type's workflow: the same, else one of the same category (the initial one first), else the initial one. */
function statusInWorkflow(statusId: string, typeId: string): string {
  const workflow = workflowFor(typeId);
  const statuses = new Set([
    ...Object.keys(workflow.transitions),
    ...Object.values(workflow.transitions).flat(),
  ]);
  if (statuses.has(statusId)) return statusId;
  const category = statusOf(statusId).categoryId;
  // The initial status first (Object.keys puts numeric-looking ids in numeric order, not the workflow's).
  return (
    [workflow.initial, ...statuses].find((id) => statusOf(id).categoryId === category) ?? workflow.initial
  );
}
