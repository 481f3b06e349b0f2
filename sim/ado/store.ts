/**
 * The simulator's store: items by id, the organisation-wide revision log (watermark order) and the link
 * event log used by the reporting APIs, snapshots at any revision or instant, and every mutation.
 * Mutations append revisions stamped with the simulated clock, as the service would.
 */
import type { SimClock } from '../common/clock.js';
import type { Generated } from './generator.js';
import { ChangeLog } from './logs.js';
import {
  type Delta,
  type FieldValue,
  type Item,
  type Link,
  type LinkEvent,
  type LinkFamily,
  PersonRef,
  type Project,
  personRef,
  type ResourceLink,
  type Revision,
  type TreeNode,
} from './model.js';
import { flatten, type Org } from './org.js';
import { findType } from './process.js';
import { applyDelta, stateDelta } from './rules.js';

/** An error a mutation reports to the caller (the control API turns it into an HTTP status). */
export class StoreError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class AdoStore {
  readonly items = new Map<number, Item>();
  /** Revision and link logs (reporting APIs). */
  readonly log = new ChangeLog();
  private readonly nodes = new Map<string, TreeNode>();
  private lastAt = 0;
  private nextId = 1;
  private nextResourceId = 900_000;

  constructor(
    readonly org: Org,
    readonly clock: SimClock,
    { items, links }: Generated,
  ) {
    for (const p of org.projects) {
      for (const n of [...flatten(p.areaRoot), ...flatten(p.iterationRoot)])
        this.nodes.set(n.path.toLowerCase(), n);
    }
    for (const item of items) {
      this.items.set(item.id, item);
      this.nextId = Math.max(this.nextId, item.id + 1);
      this.lastAt = Math.max(this.lastAt, item.revisions[item.revisions.length - 1]!.at);
    }
    this.log.loadRevisions(items);
    const events: LinkEvent[] = [];
    for (const link of links) {
      events.push({ seq: 0, link, active: true, at: link.addedAt });
      if (link.removedAt !== undefined) events.push({ seq: 0, link, active: false, at: link.removedAt });
    }
    events.sort((a, b) => a.at - b.at || Number(b.active) - Number(a.active));
    for (const e of events) this.pushLinkEvent(e);
  }

  private pushLinkEvent(e: LinkEvent): void {
    this.log.pushLink(e);
    this.lastAt = Math.max(this.lastAt, e.at);
  }

  /** The highest watermark assigned so far. */
  get watermark(): number {
    return this.log.watermark;
  }

  get linkLog(): readonly LinkEvent[] {
    return this.log.links;
  }

  /** The revision with watermark `wm`, unless its item was destroyed. */
  logEntry(wm: number): { item: Item; index: number } | undefined {
    const e = this.log.entry(wm);
    const item = e && this.items.get(e.id);
    return item && e ? { item, index: e.index } : undefined;
  }

  /** A live (not destroyed) item; deleted items are returned too, check `deleted`. */
  get(id: number): Item | undefined {
    return this.items.get(id);
  }

  project(nameOrId: string): Project | undefined {
    const lower = nameOrId.toLowerCase();
    return this.org.projects.find((p) => p.name.toLowerCase() === lower || p.id === lower);
  }

  node(path: string): TreeNode | undefined {
    return this.nodes.get(path.toLowerCase());
  }

  /** Stored fields as of revision index `index` (System.History only when set by that revision). */
  snapshot(
    item: Item,
    index: number,
    from?: { index: number; fields: Record<string, FieldValue> },
  ): Record<string, FieldValue> {
    if (index === item.revisions.length - 1 && !from) {
      const fields = { ...item.current };
      const h = item.revisions[index]!.delta['System.History'];
      if (typeof h === 'string') fields['System.History'] = h;
      return fields;
    }
    const fields: Record<string, FieldValue> = from && from.index <= index ? { ...from.fields } : {};
    for (let r = from && from.index <= index ? from.index + 1 : 0; r <= index; r++) {
      delete fields['System.History'];
      applyDelta(fields, item.revisions[r]!.delta);
    }
    return fields;
  }

  /** Index of the revision in force at `ms` (-1 when the item did not exist yet). */
  indexAt(item: Item, ms: number): number {
    let lo = 0;
    let hi = item.revisions.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (item.revisions[mid]!.at <= ms) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Work item links of `item` active at `ms` (Infinity: now). */
  linksAt(item: Item, ms: number): Link[] {
    return item.links.filter((l) => l.addedAt <= ms && (l.removedAt === undefined || l.removedAt > ms));
  }

  resourcesAt(item: Item, ms: number): ResourceLink[] {
    return item.resources.filter((l) => l.addedAt <= ms && (l.removedAt === undefined || l.removedAt > ms));
  }

  parentAt(item: Item, ms: number): number | undefined {
    return this.linksAt(item, ms).find((l) => l.family === 'Hierarchy' && l.target === item.id)?.source;
  }

  // ---- mutations ----

  private stamp(item?: Item): number {
    const last = item ? item.revisions[item.revisions.length - 1]!.at + 1 : 0;
    const at = Math.max(this.clock.now(), this.lastAt, last);
    this.lastAt = at;
    return at;
  }

  private live(id: number): Item {
    const item = this.items.get(id);
    if (!item)
      throw new StoreError(
        404,
        `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      );
    if (item.deleted)
      throw new StoreError(
        404,
        `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      );
    return item;
  }

  /** Appends a revision with `delta` (fields whose value does not change are dropped). */
  private append(item: Item, make: Delta | ((at: number) => Delta), by: number): Revision {
    const at = this.stamp(item);
    const delta = typeof make === 'function' ? make(at) : make;
    const effective: Delta = {};
    for (const [k, v] of Object.entries(delta)) {
      const old = item.current[k];
      const same =
        v instanceof PersonRef && old instanceof PersonRef ? v.index === old.index : v === (old ?? null);
      if (!same || k === 'System.History') effective[k] = v;
    }
    const rev: Revision = { rev: item.revisions.length + 1, at, by, wm: 0, delta: effective };
    item.revisions.push(rev);
    rev.wm = this.log.pushRevision(item.id, item.revisions.length - 1, at);
    applyDelta(item.current, effective);
    delete item.current['System.History'];
    return rev;
  }

  create(type: string, projectName: string, fields: Delta, by: number): Item {
    const typeDef = findType(type);
    if (!typeDef) throw new StoreError(400, `VS402323: Work item type ${type} does not exist.`);
    const project = this.project(projectName);
    if (!project)
      throw new StoreError(404, `TF200016: The following project does not exist: ${projectName}.`);
    const at = this.stamp();
    const delta: Delta = {
      'System.AreaPath': project.name,
      'System.TeamProject': project.name,
      'System.IterationPath': project.name,
      'System.WorkItemType': typeDef.name,
      'System.CreatedDate': at,
      'System.CreatedBy': personRef(by),
      'System.CommentCount': 0,
      'System.Title': `New ${typeDef.name}`,
      ...stateDelta({ 'System.WorkItemType': typeDef.name }, typeDef.initial, at, by),
      'Microsoft.VSTS.Common.Priority': 2,
      ...fields,
    };
    const item: Item = { id: this.nextId++, revisions: [], links: [], resources: [], current: {} };
    const rev: Revision = { rev: 1, at, by, wm: 0, delta };
    item.revisions.push(rev);
    rev.wm = this.log.pushRevision(item.id, 0, at);
    applyDelta(item.current, delta);
    delete item.current['System.History'];
    this.items.set(item.id, item);
    return item;
  }

  /** Appends a revision; `fields` may be computed from the revision time (state changes need it). */
  update(
    id: number,
    fields: Delta | ((at: number, current: Readonly<Record<string, FieldValue>>) => Delta),
    by: number,
  ): Revision {
    const item = this.live(id);
    return this.append(item, typeof fields === 'function' ? (at) => fields(at, item.current) : fields, by);
  }

  setState(id: number, state: string, by: number, reason?: string): Revision {
    const item = this.live(id);
    const type = findType(String(item.current['System.WorkItemType']));
    if (!type?.states.some((s) => s.name === state))
      throw new StoreError(
        400,
        `TF401320: Rule Error for field State. Error code: Required, HasValues, LimitedToValues, AllowsOldValue, InvalidEmpty. Value '${state}' is not allowed.`,
      );
    return this.append(item, (at) => stateDelta(item.current, state, at, by, reason), by);
  }

  move(id: number, projectName: string, by: number, areaPath?: string, iterationPath?: string): Revision {
    const project = this.project(projectName);
    if (!project)
      throw new StoreError(404, `TF200016: The following project does not exist: ${projectName}.`);
    return this.append(
      this.live(id),
      {
        'System.TeamProject': project.name,
        'System.AreaPath': areaPath ?? project.name,
        'System.IterationPath': iterationPath ?? project.name,
      },
      by,
    );
  }

  addLink(family: LinkFamily, sourceId: number, targetId: number, by: number, comment?: string): Link {
    const source = this.live(sourceId);
    const target = this.live(targetId);
    if (sourceId === targetId)
      throw new StoreError(400, 'TF201036: You cannot add a link to the work item itself.');
    const active = this.linksAt(source, Number.POSITIVE_INFINITY);
    if (
      active.some(
        (l) =>
          l.family === family &&
          ((l.source === sourceId && l.target === targetId) ||
            (l.source === targetId && l.target === sourceId)),
      )
    )
      throw new StoreError(
        400,
        `TF201035: The link already exists between work items ${sourceId} and ${targetId}.`,
      );
    if (family === 'Hierarchy' && this.parentAt(target, Number.POSITIVE_INFINITY) !== undefined)
      throw new StoreError(400, `TF201036: Work item ${targetId} already has a parent.`);
    const link: Link = {
      family,
      source: sourceId,
      target: targetId,
      addedAt: this.stamp(),
      addedBy: by,
      addedSeq: 0,
    };
    if (comment) link.comment = comment;
    source.links.push(link);
    target.links.push(link);
    this.pushLinkEvent({ seq: 0, link, active: true, at: link.addedAt });
    return link;
  }

  removeLink(family: LinkFamily, sourceId: number, targetId: number, by: number): Link {
    const source = this.live(sourceId);
    const link = this.linksAt(source, Number.POSITIVE_INFINITY).find(
      (l) =>
        l.family === family &&
        ((l.source === sourceId && l.target === targetId) ||
          (family === 'Related' && l.source === targetId && l.target === sourceId)),
    );
    if (!link) throw new StoreError(400, `The relation between ${sourceId} and ${targetId} does not exist.`);
    link.removedAt = this.stamp();
    link.removedBy = by;
    this.pushLinkEvent({ seq: 0, link, active: false, at: link.removedAt });
    return link;
  }

  addResource(
    id: number,
    kind: ResourceLink['kind'],
    url: string,
    by: number,
    extra: Partial<ResourceLink> = {},
  ): ResourceLink {
    const item = this.live(id);
    const res: ResourceLink = {
      kind,
      url,
      resourceId: this.nextResourceId++,
      addedAt: this.stamp(),
      addedBy: by,
      ...extra,
    };
    item.resources.push(res);
    return res;
  }

  removeResource(id: number, url: string, by: number): ResourceLink {
    const item = this.live(id);
    const res = this.resourcesAt(item, Number.POSITIVE_INFINITY).find(
      (r) => r.url === url || r.attachmentId === url,
    );
    if (!res) throw new StoreError(400, `The relation to ${url} does not exist.`);
    res.removedAt = this.stamp();
    res.removedBy = by;
    return res;
  }

  /** Moves the item to the recycle bin: a revision setting System.IsDeleted. */
  delete(id: number, by: number): Item {
    const item = this.live(id);
    const rev = this.append(item, { 'System.IsDeleted': true }, by);
    item.deleted = { at: rev.at, by };
    return item;
  }

  restore(id: number, by: number): Item {
    const item = this.items.get(id);
    if (!item?.deleted)
      throw new StoreError(
        404,
        `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      );
    delete item.deleted;
    this.append(item, { 'System.IsDeleted': false }, by);
    return item;
  }

  /** Permanently removes the item (its revisions disappear from every API; its links end). */
  destroy(id: number, by: number): void {
    const item = this.items.get(id);
    if (!item)
      throw new StoreError(
        404,
        `TF401232: Work item ${id} does not exist, or you do not have permissions to read it.`,
      );
    for (const link of this.linksAt(item, Number.POSITIVE_INFINITY)) {
      link.removedAt = this.stamp();
      link.removedBy = by;
      this.pushLinkEvent({ seq: 0, link, active: false, at: link.removedAt });
    }
    item.destroyed = true;
    this.items.delete(id);
  }
}
