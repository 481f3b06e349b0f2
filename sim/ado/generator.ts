/**
 * The seeded work item generator: items of every type with revision histories (mostly 3-30, some over
 * 150), state workflows including re-opening, reassignments, sprint moves, comments, project moves,
 * deletions, work item links (parent/child, related, duplicate, dependency) and resource links.
 * Each item draws from its own forked generator, so the data depends only on the seed and the options.
 * Watermarks and link sequence numbers are assigned afterwards by the store (global time order).
 */
import { Rng } from '../common/rng.js';
import { CUSTOMERS } from '../common/vocabulary.js';
import { DAY_MS, guid } from './format.js';
import {
  type Delta,
  type FieldValue,
  type Item,
  type Link,
  type LinkFamily,
  PersonRef,
  type Project,
  personRef,
  type ResourceLink,
  type Revision,
} from './model.js';
import { flatten, type Org, sprintAt } from './org.js';
import { findType, SEVERITIES } from './process.js';
import { applyDelta, stateDelta } from './rules.js';
import { commentHtml, descriptionHtml, reproStepsHtml, tags, title } from './text.js';

const TYPE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['Bug', 30],
  ['Task', 24],
  ['User Story', 20],
  ['Issue', 6],
  ['Feature', 6],
  ['Epic', 3],
  ['Customer Escalation', 11],
];

const PARENT_TYPES: Record<string, readonly string[]> = {
  Task: ['User Story', 'Bug'],
  'User Story': ['Feature'],
  Feature: ['Epic'],
  Bug: ['Feature', 'User Story'],
};
const PARENT_CHANCE: Record<string, number> = { Task: 0.75, 'User Story': 0.6, Feature: 0.6, Bug: 0.2 };

const HISTORY_SPAN_MS = 730 * DAY_MS;

export interface Generated {
  items: Item[];
  links: Link[];
}

interface Ctx {
  org: Org;
  anchor: number;
  items: Item[];
  links: Link[];
  byProjectType: Map<string, number[]>;
  byId: Map<number, Item>;
  areaPaths: string[][];
  nextResourceId: number;
}

export function generateItems(org: Org, seed: number, count: number, anchor: number): Generated {
  const root = new Rng(seed);
  const gaps = root.fork(1);
  const ctx: Ctx = {
    org,
    anchor,
    items: [],
    links: [],
    byProjectType: new Map(),
    byId: new Map(),
    areaPaths: org.projects.map((p) => flatten(p.areaRoot).map((n) => n.path)),
    nextResourceId: 1000,
  };
  let id = 0;
  for (let i = 0; i < count; i++) {
    id += gaps.chance(0.01) ? 2 : 1; // a few ids were destroyed long ago
    const rng = root.fork(1000 + id);
    const frac = (i + rng.next() * 0.9) / count;
    let created = Math.floor(anchor - HISTORY_SPAN_MS * (1 - frac) ** 1.3 - 60_000);
    if (rng.chance(0.3)) created = Math.floor(created / 1000) * 1000;
    const item = generateItem(ctx, rng, id, created);
    ctx.items.push(item);
    ctx.byId.set(id, item);
    const key = `${item.revisions[0]!.delta['System.TeamProject']}|${item.current['System.WorkItemType']}`;
    const list = ctx.byProjectType.get(key) ?? [];
    list.push(id);
    ctx.byProjectType.set(key, list);
  }
  return { items: ctx.items, links: ctx.links };
}

function revisionTimes(rng: Rng, id: number, created: number, anchor: number): number[] {
  const long = id % 150 === 7;
  const [lo, hi] = long
    ? [150, 260]
    : rng.weighted<readonly [number, number]>([
        [[1, 2], 10],
        [[3, 10], 55],
        [[11, 30], 32],
        [[31, 60], 3],
      ]);
  let n = rng.int(lo, hi);
  const available = anchor - created - 1000;
  n = Math.max(1, Math.min(n, Math.floor(available / 1000)));
  const total = available * (long ? 0.9 : 0.1 + rng.next() * 0.9);
  const weights = Array.from({ length: n - 1 }, () => 0.05 + rng.next() ** 3);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const times = [created];
  let t = created;
  for (const w of weights) {
    t += Math.max(1000, Math.floor((w / sum) * total));
    let at = Math.min(t, anchor - 1);
    if (rng.chance(0.3) && Math.floor(at / 1000) * 1000 > times[times.length - 1]!)
      at = Math.floor(at / 1000) * 1000;
    if (at <= times[times.length - 1]!) break;
    times.push(at);
  }
  return times;
}

function person(ctx: Ctx, rng: Rng): number {
  return rng.int(0, ctx.org.people.length - 2); // the last identity is the PAT owner
}

function iterationFor(project: Project, at: number, rng: Rng): string {
  if (rng.chance(0.15)) return project.name;
  return sprintAt(project, at + rng.int(-7, 20) * DAY_MS)?.path ?? `${project.name}\\Backlog`;
}

/** States after which an item is no longer sprint work (Agile's done and removed states). */
const FINISHED_STATES = new Set(['Resolved', 'Closed', 'Removed', 'Done']);

/**
 * The carry-over of an unfinished item: when its sprint ended before `at`, the team moves it to the
 * sprint running at `at` (the next one), as planning does; undefined when there is nothing to carry.
 */
function carryOver(project: Project, cur: Record<string, FieldValue>, at: number): Delta | undefined {
  if (FINISHED_STATES.has(String(cur['System.State']))) return undefined;
  const path = cur['System.IterationPath'];
  const sprint = project.sprints.find((s) => s.path === path);
  if (!sprint || sprint.finishMs === undefined || at < sprint.finishMs + DAY_MS) return undefined;
  const next = sprintAt(project, at);
  return next && next.path !== path ? { 'System.IterationPath': next.path } : undefined;
}

function generateItem(ctx: Ctx, rng: Rng, id: number, created: number): Item {
  const { org } = ctx;
  const times = revisionTimes(rng, id, created, ctx.anchor);
  const type = rng.weighted(TYPE_WEIGHTS);
  const typeDef = findType(type)!;
  let p = rng.chance(0.5) || org.projects.length === 1 ? 0 : rng.int(1, org.projects.length - 1);
  let project = org.projects[p]!;
  const creator = person(ctx, rng);
  const first: Delta = {
    'System.AreaPath': rng.pick(ctx.areaPaths[p]!),
    'System.TeamProject': project.name,
    'System.IterationPath': iterationFor(project, created, rng),
    'System.WorkItemType': type,
    'System.CreatedDate': created,
    'System.CreatedBy': personRef(creator),
    'System.CommentCount': 0,
    'System.Title': title(rng, type, id),
    'Microsoft.VSTS.Common.Priority': rng.weighted([
      [1, 1],
      [2, 4],
      [3, 3],
      [4, 1],
    ]),
  };
  Object.assign(first, stateDelta({ 'System.WorkItemType': type }, typeDef.initial, created, creator));
  if (rng.chance(0.6)) first['System.AssignedTo'] = personRef(person(ctx, rng));
  if (type === 'Bug') {
    first['Microsoft.VSTS.Common.Severity'] = rng.weighted(
      SEVERITIES.map((s, i) => [s, [1, 3, 4, 2][i]!] as const),
    );
    if (rng.chance(0.8)) first['Microsoft.VSTS.TCM.ReproSteps'] = reproStepsHtml(rng);
  }
  if (type === 'Customer Escalation')
    first['Custom.EscalationTier'] = rng.pick(['Tier 1', 'Tier 2', 'Tier 3']);
  if (rng.chance(type === 'Bug' || type === 'Customer Escalation' ? 0.65 : 0.1))
    first['Custom.CustomerName'] = rng.pick(CUSTOMERS);
  if (rng.chance(0.7)) first['System.Description'] = descriptionHtml(rng, org.people);
  if (rng.chance(0.45)) first['System.Tags'] = tags(rng);
  if (type === 'User Story') first['Microsoft.VSTS.Scheduling.StoryPoints'] = rng.pick([1, 2, 3, 5, 8, 13]);
  if (type === 'Task') first['Microsoft.VSTS.Scheduling.RemainingWork'] = rng.int(1, 16);
  if (['Bug', 'User Story', 'Feature', 'Epic'].includes(type))
    first['Microsoft.VSTS.Common.ValueArea'] = rng.chance(0.85) ? 'Business' : 'Architectural';

  const cur: Record<string, FieldValue> = {};
  applyDelta(cur, first);
  const revisions: Revision[] = [{ rev: 1, at: created, by: creator, wm: 0, delta: first }];
  const moveAt =
    org.projects.length > 1 && times.length > 2 && rng.chance(0.012) ? rng.int(2, times.length - 1) : -1;

  for (let k = 1; k < times.length; k++) {
    const at = times[k]!;
    const assignee = cur['System.AssignedTo'];
    const by = assignee instanceof PersonRef && rng.chance(0.5) ? assignee.index : person(ctx, rng);
    let delta: Delta;
    if (k === moveAt) {
      p = (p + 1 + rng.int(0, org.projects.length - 2)) % org.projects.length;
      project = org.projects[p]!;
      delta = {
        'System.TeamProject': project.name,
        'System.AreaPath': project.name,
        'System.IterationPath': project.name,
      };
    } else {
      delta = carryOver(project, cur, at) ?? randomChange(ctx, rng, cur, p, at, by);
    }
    delete cur['System.History'];
    applyDelta(cur, delta);
    revisions.push({ rev: k + 1, at, by, wm: 0, delta });
  }
  delete cur['System.History'];

  const item: Item = { id, revisions, links: [], resources: [], current: cur };
  addLinks(ctx, rng, item, type, created, times);
  const last = times[times.length - 1]!;
  if (rng.chance(0.015) && ctx.anchor - last > 5000) {
    const at = last + rng.int(1000, Math.min(ctx.anchor - last - 1, 30 * DAY_MS));
    const by = person(ctx, rng);
    revisions.push({ rev: revisions.length + 1, at, by, wm: 0, delta: { 'System.IsDeleted': true } });
    cur['System.IsDeleted'] = true;
    item.deleted = { at, by };
  }
  return item;
}

function randomChange(
  ctx: Ctx,
  rng: Rng,
  cur: Record<string, FieldValue>,
  p: number,
  at: number,
  by: number,
): Delta {
  const type = String(cur['System.WorkItemType']);
  const state = String(cur['System.State']);
  const project = ctx.org.projects[p]!;
  const action = rng.weighted<string>([
    ['state', 32],
    ['assign', 15],
    ['priority', 6],
    ['tags', 6],
    ['iteration', 10],
    ['area', 4],
    ['title', 3],
    ['description', 3],
    ['comment', 14],
    ['customer', 3],
    ['effort', 4],
  ]);
  switch (action) {
    case 'state': {
      const next = findType(type)!.transitions[state] ?? [];
      const to = rng.weighted(next.map((s, i) => [s, s === 'Removed' ? 0.2 : i === 0 ? 6 : 1] as const));
      return stateDelta(cur, to, at, by);
    }
    case 'assign':
      return { 'System.AssignedTo': rng.chance(0.1) ? null : personRef(person(ctx, rng)) };
    case 'priority':
      return type === 'Bug' && rng.chance(0.5)
        ? { 'Microsoft.VSTS.Common.Severity': rng.pick(SEVERITIES) }
        : { 'Microsoft.VSTS.Common.Priority': rng.int(1, 4) };
    case 'tags':
      return { 'System.Tags': rng.chance(0.15) ? null : tags(rng) };
    case 'iteration':
      return { 'System.IterationPath': iterationFor(project, at, rng) };
    case 'area':
      return { 'System.AreaPath': rng.pick(ctx.areaPaths[p]!) };
    case 'title':
      return { 'System.Title': `${String(cur['System.Title'])} (updated)` };
    case 'description':
      return { 'System.Description': descriptionHtml(rng, ctx.org.people) };
    case 'customer':
      return { 'Custom.CustomerName': rng.pick(CUSTOMERS) };
    case 'effort':
      return type === 'Task'
        ? {
            'Microsoft.VSTS.Scheduling.RemainingWork': rng.int(0, 12),
            'Microsoft.VSTS.Scheduling.CompletedWork': rng.int(1, 20),
          }
        : type === 'User Story' && rng.chance(0.5)
          ? // Re-estimated (refinement, or mid-sprint).
            { 'Microsoft.VSTS.Scheduling.StoryPoints': rng.pick([1, 2, 3, 5, 8, 13]) }
          : { 'Microsoft.VSTS.Common.StackRank': rng.int(1, 1_000_000) + 0.5 };
    default:
      return {
        'System.CommentCount': Number(cur['System.CommentCount'] ?? 0) + 1,
        'System.History': commentHtml(rng, ctx.org.people),
      };
  }
}

function link(
  ctx: Ctx,
  family: LinkFamily,
  source: Item,
  target: Item,
  at: number,
  by: number,
  comment?: string,
): Link {
  const l: Link = { family, source: source.id, target: target.id, addedAt: at, addedBy: by, addedSeq: 0 };
  if (comment) l.comment = comment;
  source.links.push(l);
  target.links.push(l);
  ctx.links.push(l);
  return l;
}

function earlier(ctx: Ctx, rng: Rng, project: string, types: readonly string[]): Item | undefined {
  const candidates = types.flatMap((t) => ctx.byProjectType.get(`${project}|${t}`)?.slice(-40) ?? []);
  if (candidates.length === 0) return undefined;
  return ctx.byId.get(rng.pick(candidates));
}

function addLinks(ctx: Ctx, rng: Rng, item: Item, type: string, created: number, times: number[]): void {
  const project = String(item.revisions[0]!.delta['System.TeamProject']);
  const last = times[times.length - 1]!;
  const within = () => rng.pick(times) + rng.int(0, 999);
  const clamp = (t: number) => Math.min(t, ctx.anchor - 1);
  const by = item.revisions[0]!.by;
  const parentTypes = PARENT_TYPES[type];
  if (parentTypes && rng.chance(PARENT_CHANCE[type] ?? 0)) {
    const parent = earlier(ctx, rng, project, parentTypes);
    if (parent) {
      const l = link(ctx, 'Hierarchy', parent, item, clamp(created + rng.int(500, 3_600_000)), by);
      if (rng.chance(0.1) && last > l.addedAt + 2000) {
        l.removedAt = rng.int(l.addedAt + 1000, last);
        l.removedBy = by;
        const other = earlier(ctx, rng, project, parentTypes);
        if (other && other !== parent) link(ctx, 'Hierarchy', other, item, clamp(l.removedAt + 1000), by);
      }
    }
  }
  if (rng.chance(0.06) && item.id > 1) {
    const other = ctx.items[rng.int(Math.max(0, ctx.items.length - 500), ctx.items.length - 1)];
    if (other)
      link(ctx, 'Related', item, other, clamp(within()), by, rng.chance(0.3) ? 'see also' : undefined);
  }
  if (type === 'Bug' && rng.chance(0.03)) {
    const original = earlier(ctx, rng, project, ['Bug']);
    if (original) link(ctx, 'Duplicate', original, item, clamp(within()), by);
  }
  if (rng.chance(0.04)) {
    const pred = earlier(ctx, rng, project, ['User Story', 'Feature', 'Task']);
    if (pred) link(ctx, 'Dependency', pred, item, clamp(within()), by);
  }
  const resource = (kind: ResourceLink['kind'], url: string, extra: Partial<ResourceLink>) =>
    item.resources.push({
      kind,
      url,
      resourceId: ctx.nextResourceId++,
      addedAt: clamp(within()),
      addedBy: by,
      ...extra,
    });
  if (rng.chance(0.08)) {
    const sha = guid(rng).replace(/-/g, '').slice(0, 40);
    resource('ArtifactLink', `vstfs:///Git/Commit/${ctx.org.id}%2F${guid(rng)}%2F${sha}`, {
      name: 'Fixed in Commit',
    });
  }
  if (rng.chance(0.03))
    resource('Hyperlink', `https://support.example.com/tickets/${rng.int(1000, 99999)}?q=a%20b&x=ü`, {
      comment: 'Customer ticket',
    });
  if (rng.chance(0.04))
    resource('AttachedFile', '', {
      attachmentId: guid(rng),
      name: rng.pick(['screenshot.png', 'log file.txt', 'trace ü.json']),
      size: rng.int(100, 900_000),
    });
}
