/**
 * The organisation skeleton: people, projects with area and iteration trees (releases of two-week
 * sprints), and teams with their area ownership and sprint subscriptions. Deterministic from the seed.
 */
import { Rng } from '../common/rng.js';
import { PEOPLE } from '../common/vocabulary.js';
import { DAY_MS, emailFor, guid } from './format.js';
import type { Person, Project, Team, TreeNode } from './model.js';

export interface Org {
  name: string;
  id: string;
  people: Person[];
  /** Index of the identity owning the PAT (used for changes made over HTTP). */
  patUser: number;
  projects: Project[];
}

const AREA_SETS: readonly (readonly [string, readonly string[]])[][] = [
  [
    ['Web', ['Checkout', 'Search']],
    ['Mobile', ['iOS', 'Android']],
    ['Platform', ['Data Pipeline', 'Identity & Access']],
    ['Support', []],
  ],
  [
    ['Core', ['Billing', 'Ledger']],
    ['Integrations', ['Partner API']],
    ['Ops & Zuverlässigkeit', []],
  ],
  [
    ['Apps', ['Desktop']],
    ['Services', []],
  ],
];

const SPRINT_DAYS = 14;
const SPRINTS_PER_RELEASE = 6;

export function buildOrg(seed: number, name: string, projectNames: readonly string[], anchorMs: number): Org {
  const rng = new Rng(seed).fork(0x0a60);
  let nodeId = 100;
  const node = (nodeName: string, path: string, children: TreeNode[] = []): TreeNode => ({
    id: nodeId++,
    identifier: guid(rng),
    name: nodeName,
    path,
    children,
  });

  const people: Person[] = [...PEOPLE, 'Sim Integration'].map((displayName, index) => {
    const id = guid(rng);
    return {
      index,
      displayName,
      email: emailFor(displayName, index, `${name.toLowerCase()}.example`),
      id,
      descriptor: `aad.${Buffer.from(id).toString('base64url').slice(0, 40)}`,
      personId: 100_000 + index * 37,
    };
  });

  // Sprints: two weeks each, from about two years before the anchor to six weeks after it, Mondays.
  const firstDay = Math.floor((anchorMs - 730 * DAY_MS) / DAY_MS) * DAY_MS;
  const monday = firstDay + ((8 - new Date(firstDay).getUTCDay()) % 7) * DAY_MS;
  const sprintCount = Math.ceil((anchorMs + 42 * DAY_MS - monday) / (SPRINT_DAYS * DAY_MS));

  const projects = projectNames.map((projectName, p): Project => {
    const areaSet = AREA_SETS[p % AREA_SETS.length] ?? [];
    const areaRoot = node(
      projectName,
      projectName,
      areaSet.map(([child, grand]) =>
        node(
          child,
          `${projectName}\\${child}`,
          grand.map((g) => node(g, `${projectName}\\${child}\\${g}`)),
        ),
      ),
    );
    const iterationRoot = node(projectName, projectName);
    const sprints: TreeNode[] = [];
    for (let s = 0; s < sprintCount; s++) {
      const release = Math.floor(s / SPRINTS_PER_RELEASE) + 1;
      let rel = iterationRoot.children[release - 1];
      if (!rel) {
        rel = node(`Release ${release}`, `${projectName}\\Release ${release}`);
        rel.startMs = monday + (release - 1) * SPRINTS_PER_RELEASE * SPRINT_DAYS * DAY_MS;
        rel.finishMs = rel.startMs + (SPRINTS_PER_RELEASE * SPRINT_DAYS - 1) * DAY_MS;
        iterationRoot.children.push(rel);
      }
      const sprint = node(`Sprint ${s + 1}`, `${rel.path}\\Sprint ${s + 1}`);
      sprint.startMs = monday + s * SPRINT_DAYS * DAY_MS;
      sprint.finishMs = sprint.startMs + (SPRINT_DAYS - 1) * DAY_MS; // Monday to Sunday of week two
      rel.children.push(sprint);
      sprints.push(sprint);
    }
    iterationRoot.children.push(node('Backlog', `${projectName}\\Backlog`));

    const team = (
      teamName: string,
      description: string,
      areas: Team['areas'],
      subscribed: TreeNode[],
    ): Team => ({
      id: guid(rng),
      name: teamName,
      description,
      areas,
      iterations: subscribed,
    });
    const teams: Team[] = [
      team(
        `${projectName} Team`,
        'The default project team.',
        [{ value: projectName, includeChildren: true }],
        sprints,
      ),
    ];
    const [first, second, third] = areaRoot.children;
    if (first)
      teams.push(
        team(
          `${first.name} Team`,
          `Owns ${first.name}.`,
          [{ value: first.path, includeChildren: true }],
          sprints.slice(-20),
        ),
      );
    if (second)
      teams.push(
        team(
          `${second.name} Team`,
          `Owns ${second.name}.`,
          [
            { value: second.path, includeChildren: false },
            ...second.children.map((c) => ({ value: c.path, includeChildren: false })),
          ],
          sprints.slice(-10),
        ),
      );
    if (third)
      teams.push(
        team(
          `${third.name} Team`,
          'Kanban team without sprints.',
          [{ value: third.path, includeChildren: true }],
          [],
        ),
      );
    return {
      id: guid(rng),
      name: projectName,
      description: `Simulated project ${projectName}`,
      areaRoot,
      iterationRoot,
      teams,
      sprints,
    };
  });

  return { name, id: guid(rng), people, patUser: people.length - 1, projects };
}

/** All nodes of a tree, depth first (root first). */
export function flatten(root: TreeNode): TreeNode[] {
  const out: TreeNode[] = [root];
  for (const child of root.children) out.push(...flatten(child));
  return out;
}

/** The sprint of `project` whose dates contain `ms` (undefined outside every sprint). */
export function sprintAt(project: Project, ms: number): TreeNode | undefined {
  const { sprints } = project;
  let lo = 0;
  let hi = sprints.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sprints[mid]!;
    if (ms < s.startMs!) hi = mid - 1;
    else if (ms >= s.startMs! + SPRINT_DAYS * DAY_MS) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** past | current | future of an iteration relative to `nowMs` (dates are whole UTC days). */
export function timeFrame(node: TreeNode, nowMs: number): 'past' | 'current' | 'future' {
  const start = node.startMs ?? 0;
  const end = (node.finishMs ?? 0) + DAY_MS;
  if (nowMs < start) return 'future';
  if (nowMs >= end) return 'past';
  return 'current';
}
