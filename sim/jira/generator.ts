import { Rng } from '../common/rng.js';
import { CUSTOMERS, TITLE_WORDS } from '../common/vocabulary.js';
import { ISSUE_TYPES, LINK_TYPES, PRIORITIES, workflowFor } from './catalog.js';
import { type HistoryContext, simulateHistory } from './history.js';
import { formatJiraDate } from './time.js';
import type {
  BoardRecord,
  CustomerOption,
  CustomerValue,
  IssueLinkRecord,
  IssueRecord,
  IssueState,
  ProjectRecord,
  SprintRecord,
  UserRecord,
} from './types.js';
import { buildUsers, WORKERS } from './users.js';

/**
 * The seeded data generator: projects with components, one scrum board per project (plus a kanban
 * board), two-week sprints, and `items` issues spread over the two years before `anchor`, with
 * ids and keys increasing in creation order, epics, sub-tasks, links and changelogs.
 * Deterministic for (seed, items, projectKeys, anchor, zone).
 */

export interface GenerateOptions {
  seed: number;
  items: number;
  projectKeys: readonly string[];
  /** Every generated change happens before this instant (the simulator's start time). */
  anchor: number;
  apiEmail: string;
  timeZone: string;
}

export interface Dataset {
  projects: ProjectRecord[];
  boards: BoardRecord[];
  sprints: SprintRecord[];
  users: UserRecord[];
  customerOptions: CustomerOption[];
  issues: IssueRecord[];
  links: IssueLinkRecord[];
  ctx: HistoryContext;
  /** The next free changelog id (above every generated one). */
  nextHistoryId: number;
  /** The highest key number used per project. */
  keyCounters: Map<string, number>;
}

const DAY = 86_400_000;
const SPRINT_DAYS = 14;
const COMPONENT_NAMES = [
  'API',
  'Web UI',
  'Billing & Invoices',
  'Datenbank',
  'Mobile 📱',
  'Search',
  'Auth/SSO',
];

function projectName(key: string): string {
  return `${key.charAt(0)}${key.slice(1).toLowerCase()} Project`;
}

function buildSprints(boards: BoardRecord[], anchor: number): SprintRecord[] {
  const sprints: SprintRecord[] = [];
  const base = Math.floor((anchor - 740 * DAY) / DAY) * DAY + 9 * 3_600_000;
  for (const board of boards) {
    if (board.type !== 'scrum') continue;
    let k = 0;
    let futures = 0;
    for (;;) {
      const start = base + k * SPRINT_DAYS * DAY;
      const end = start + SPRINT_DAYS * DAY;
      const name = `${board.projectKey} Sprint ${k + 1}`;
      const id = sprints.length + 1;
      const goal = k % 3 === 0 ? '' : `Ship “${COMPONENT_NAMES[k % COMPONENT_NAMES.length]}” improvements`;
      if (end <= anchor) {
        sprints.push({
          id,
          boardId: board.id,
          name,
          state: 'closed',
          goal,
          startDate: start,
          endDate: end,
          completeDate: end + 3_600_000,
          createdDate: start - DAY,
        });
      } else if (start <= anchor) {
        sprints.push({
          id,
          boardId: board.id,
          name,
          state: 'active',
          goal,
          startDate: start,
          endDate: end,
          completeDate: null,
          createdDate: start - DAY,
        });
      } else {
        sprints.push({
          id,
          boardId: board.id,
          name,
          state: 'future',
          goal,
          startDate: null,
          endDate: null,
          completeDate: null,
          createdDate: anchor - DAY,
        });
        if (++futures === 2) break;
      }
      k++;
    }
  }
  return sprints;
}

function historyCount(rng: Rng): number {
  const roll = rng.next();
  if (roll < 0.08) return rng.int(0, 2);
  if (roll < 0.955) return rng.int(3, 30);
  if (roll < 0.98) return rng.int(31, 150);
  return rng.int(151, 320);
}

function customerFor(rng: Rng, options: readonly CustomerOption[]): CustomerValue | null {
  const roll = rng.next();
  if (roll < 0.15) return null;
  if (roll < 0.55) return rng.pick(options).value;
  if (roll < 0.85) return rng.pick(options);
  const a = rng.pick(options);
  const b = rng.pick(options);
  return a.id === b.id ? [a] : [a, b];
}

export function generateDataset(opts: GenerateOptions): Dataset {
  const rng = new Rng(opts.seed);
  const users = buildUsers(opts.apiEmail, opts.timeZone);
  const projects: ProjectRecord[] = opts.projectKeys.map((key, p) => ({
    id: String(10000 + p),
    key,
    name: projectName(key),
    simplified: p % 3 === 2,
    components: COMPONENT_NAMES.slice(p % 3, (p % 3) + 4).map((name, j) => ({
      id: String(10100 + p * 10 + j),
      name,
      description: j === 0 ? '' : `Everything about ${name}`,
    })),
  }));
  const boards: BoardRecord[] = projects.map((p, i) => ({
    id: i + 1,
    name: `${p.key} board`,
    type: 'scrum',
    projectKey: p.key,
  }));
  if (projects[0])
    boards.push({
      id: boards.length + 1,
      name: `${projects[0].key} kanban`,
      type: 'kanban',
      projectKey: projects[0].key,
    });
  const sprints = buildSprints(boards, opts.anchor);
  const customerOptions = CUSTOMERS.map((value, i) => ({ id: String(10200 + i), value }));
  const boardOf = new Map(boards.filter((b) => b.type === 'scrum').map((b) => [b.projectKey, b.id]));
  const ctx: HistoryContext = {
    users,
    components: new Map(projects.map((p) => [p.key, p.components])),
    sprints: new Map(projects.map((p) => [p.key, sprints.filter((s) => s.boardId === boardOf.get(p.key))])),
    customerOptions,
  };

  const issues: IssueRecord[] = [];
  const links: IssueLinkRecord[] = [];
  const keyCounters = new Map<string, number>(projects.map((p) => [p.key, 0]));
  const epics = new Map<string, string[]>(projects.map((p) => [p.key, []]));
  const standard = new Map<string, string[]>(projects.map((p) => [p.key, []]));
  const start = opts.anchor - 730 * DAY;
  const span = 730 * DAY - 3_600_000;
  const weights = projects.map((_, i) => [i, i === 0 ? 3 : 2] as const);
  let historyId = 10000;

  for (let i = 0; i < opts.items; i++) {
    const seed = rng.int(1, 0x7fffffff);
    const project = projects[rng.weighted(weights)]!;
    const created = Math.floor(start + ((i + rng.next() * 0.9) * span) / opts.items);
    const n = keyCounters.get(project.key)! + 1;
    keyCounters.set(project.key, n);
    const key = `${project.key}-${n}`;
    const id = String(10000 + i);
    let type = rng.weighted([
      [ISSUE_TYPES[0]!, 6],
      [ISSUE_TYPES[1]!, 34],
      [ISSUE_TYPES[2]!, 28],
      [ISSUE_TYPES[3]!, 24],
      [ISSUE_TYPES[4]!, 8],
    ] as const);
    let parentId: string | null = null;
    const parents = standard.get(project.key)!;
    if (type.subtask) {
      if (parents.length === 0) type = ISSUE_TYPES[2]!;
      else parentId = rng.pick(parents);
    } else if (type.hierarchyLevel === 0 && rng.chance(0.5)) {
      const projectEpics = epics.get(project.key)!;
      if (projectEpics.length > 0) parentId = rng.pick(projectEpics);
    }
    if (type.hierarchyLevel === 1) epics.get(project.key)!.push(id);
    if (type.hierarchyLevel === 0) parents.push(id);
    const reporter = rng.pick(WORKERS);
    const initial: IssueState = {
      key,
      projectKey: project.key,
      typeId: type.id,
      summary: `${rng.pick(TITLE_WORDS)} — ${n}`,
      statusId: workflowFor(type.id).initial,
      priorityId: rng.weighted([
        [PRIORITIES[0]!.id, 1],
        [PRIORITIES[1]!.id, 3],
        [PRIORITIES[2]!.id, 8],
        [PRIORITIES[3]!.id, 3],
        [PRIORITIES[4]!.id, 1],
        [PRIORITIES[5]!.id, 1],
      ]),
      assignee: rng.chance(0.4) ? rng.pick(WORKERS) : null,
      reporter,
      creator: reporter,
      labels: rng.chance(0.5) ? [] : [rng.pick(['backend', 'frontend', 'customer-reported', 'regression'])],
      componentIds: rng.chance(0.6) ? [rng.pick(project.components).id] : [],
      sprintIds: [],
      customer: customerFor(rng, customerOptions),
      description: { seed: seed ^ 0x2f6b },
      resolutionId: null,
      resolutionDate: null,
      created,
      updated: created,
      statusCategoryChanged: created,
      parentId,
      duedate: rng.chance(0.15) ? formatJiraDate(created + rng.int(14, 60) * DAY, opts.timeZone) : null,
      storyPoints: type.name === 'Story' && rng.chance(0.7) ? rng.pick([1, 2, 3, 5, 8]) : null,
      historyCount: 0,
    };
    const count = historyCount(rng);
    const lifetime = (count > 150 ? rng.int(200, 700) : rng.int(1, 240)) * DAY;
    const end = Math.max(created + count + 1, Math.min(opts.anchor - 60_000, created + lifetime));
    const { final } = simulateHistory(ctx, { seed, initial, count, idBase: historyId, end });
    issues.push({
      id,
      num: 10000 + i,
      seed,
      generatedCount: count,
      historyIdBase: historyId,
      historyEnd: end,
      extraHistories: [],
      current: final,
      versions: [{ state: final, visibleFrom: Number.NEGATIVE_INFINITY }],
      keyHistory: [key],
      initial,
    });
    historyId += count;
    if (i > 0 && rng.chance(0.12)) {
      const other = issues[rng.int(0, i - 1)]!;
      const type = rng.weighted<(typeof LINK_TYPES)[number]>([
        [LINK_TYPES[0], 4],
        [LINK_TYPES[3], 4],
        [LINK_TYPES[2], 1],
        [LINK_TYPES[1], 1],
      ]);
      links.push({
        id: String(10000 + links.length),
        typeId: type.id,
        outwardIssueId: id,
        inwardIssueId: other.id,
      });
    }
  }
  return {
    projects,
    boards,
    sprints,
    users,
    customerOptions,
    issues,
    links,
    ctx,
    nextHistoryId: historyId,
    keyCounters,
  };
}
