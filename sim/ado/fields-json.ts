/**
 * The reporting stream's rows written straight to JSON text, byte for byte what
 * `JSON.stringify({ id, rev, fields: selectFields(fullFields(...), select) })` gives, without building
 * those objects. Which keys a row has, in which order, and how each value is written (date, identity,
 * derived value) depends only on the set of stored keys and a few facts of the row (a parent, the depth
 * of its area and iteration paths), so it is planned once per such shape and reused for every revision
 * of that shape. The plan takes its key order from serviceOrder and selectFields themselves.
 */
import { adoDate, identityString, REVISED_SENTINEL } from './format.js';
import { type FieldValue, type Item, type Person, PersonRef, personRef } from './model.js';
import { findField } from './process.js';
import { compareServiceOrder, type FieldSelection, type RenderCtx, selectFields } from './render.js';

/** A set of stored field names, interned, with memoised one-key transitions (like V8's hidden classes). */
export class Shape {
  private static readonly interned = new Map<string, Shape>();
  static readonly EMPTY = new Shape([]);
  private readonly added = new Map<string, Shape>();
  private readonly removed = new Map<string, Shape>();

  /** `keys` sorted, so that every path to the same set ends at the same shape. */
  private constructor(readonly keys: readonly string[]) {}

  private static intern(keys: string[]): Shape {
    keys.sort();
    const signature = keys.join('\n');
    let shape = Shape.interned.get(signature);
    if (!shape) {
      // Optional fields combine: ~4,000 sets at 5,000 generated items, ~5,300 at 20,000. The bound only
      // guards against runaway growth (a cleared table makes equal sets distinct shapes, not wrong ones).
      if (Shape.interned.size >= 50_000) Shape.interned.clear();
      shape = new Shape(keys);
      Shape.interned.set(signature, shape);
    }
    return shape;
  }

  with(key: string): Shape {
    let next = this.added.get(key);
    if (!next) {
      next = Shape.intern([...this.keys, key]);
      this.added.set(key, next);
    }
    return next;
  }

  without(key: string): Shape {
    let next = this.removed.get(key);
    if (!next) {
      next = Shape.intern(this.keys.filter((k) => k !== key));
      this.removed.set(key, next);
    }
    return next;
  }

  static of(fields: Readonly<Record<string, FieldValue>>): Shape {
    return Shape.intern(Object.keys(fields));
  }
}

/** Stored fields as of revision `index`, with their shape: a reporting stream's place in one item's history. */
export interface FieldsCursor {
  index: number;
  fields: Record<string, FieldValue>;
  shape: Shape;
}

/**
 * Moves `cursor` forward to revision `to`, in place: store.snapshot's replay (System.History kept only
 * from the revision that sets it, null clears a field) with the shape following every added or removed key.
 */
export function advanceCursor(cursor: FieldsCursor, item: Item, to: number): void {
  const { fields } = cursor;
  let { shape } = cursor;
  for (let r = cursor.index + 1; r <= to; r++) {
    if (Object.hasOwn(fields, 'System.History')) {
      delete fields['System.History'];
      shape = shape.without('System.History');
    }
    const delta = item.revisions[r]!.delta;
    for (const name in delta) {
      const value = delta[name];
      if (value === null) {
        if (Object.hasOwn(fields, name)) {
          delete fields[name];
          shape = shape.without(name);
        }
      } else if (value !== undefined) {
        if (!Object.hasOwn(fields, name)) shape = shape.with(name);
        fields[name] = value;
      }
    }
  }
  cursor.index = to;
  cursor.shape = shape;
}

/** Where a planned key's value comes from (fullFields' derived fields, or the stored ones). */
type Source =
  | 'stored'
  | 'id'
  | 'rev'
  | 'changed'
  | 'by'
  | 'personId'
  | 'watermark'
  | 'revised'
  | 'parent'
  | 'areaId'
  | 'nodeName'
  | 'areaLevel'
  | 'iterationId'
  | 'iterationLevel'
  | 'deletedFlag';

/**
 * Written fragments (`,"Key":value`) by value, for one prefix: most fields take few values (states,
 * paths, people), and a cached fragment is one flat string instead of a stringify and two concatenations.
 * Fields with many values (titles, dates) give up caching once they pass the limit.
 */
interface FragmentCache {
  byValue: Map<FieldValue, string> | undefined;
}

const FRAGMENT_VALUES = 1000;

/** What does not depend on the row about one key: whether the selection shows it, how it is written. */
interface KeyInfo {
  visible: boolean;
  /** A dateTime field: numbers are written as dates. */
  date: boolean;
  /** `"Key":` as the first field, and after a comma. */
  first: { prefix: string; fragments: FragmentCache };
  next: { prefix: string; fragments: FragmentCache };
}

interface PlanEntry {
  key: string;
  source: Source;
  prefix: string;
  fragments: FragmentCache;
  date: boolean;
  /** 0-based level of AreaLevelN / IterationLevelN. */
  level: number;
}

/** What fullFields derives from an area or iteration path (the node's id, the path's levels). */
interface TreeInfo {
  parts: string[];
  nodeId: number | undefined;
  /** The derived keys of this path the selection shows: rows differ in plan only by those. */
  variant: string;
}

type TreeKind = 'Area' | 'Iteration';

const FIXED_DERIVED: readonly (readonly [string, Source])[] = [
  ['System.Id', 'id'],
  ['System.Rev', 'rev'],
  ['System.ChangedDate', 'changed'],
  ['System.ChangedBy', 'by'],
  ['System.AuthorizedDate', 'changed'],
  ['System.AuthorizedAs', 'by'],
  ['System.PersonId', 'personId'],
  ['System.Watermark', 'watermark'],
];

const numberJson = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

export type ReportingIdentity = 'string' | 'reporting';

/**
 * Writes rows of one request style (selection, identity form, includeDeleted). Plans are kept per shape
 * and row variant; key facts, path derivations and identity texts as they are first met.
 */
export class RowWriter {
  private readonly plans = new Map<Shape, Map<string, PlanEntry[]>>();
  private readonly keys = new Map<string, KeyInfo>();
  private readonly trees: Record<TreeKind, Map<string, TreeInfo>> = { Area: new Map(), Iteration: new Map() };
  private readonly identities = new Map<Person, string>();
  private readonly parentVisible: boolean;

  constructor(
    private readonly c: RenderCtx,
    private readonly identity: ReportingIdentity,
    private readonly select: FieldSelection,
    private readonly includeDeleted: boolean,
  ) {
    this.parentVisible = this.key('System.Parent').visible;
  }

  /** The row `{id, rev, fields}` of revision `index`, whose stored fields (and their shape) are given. */
  write(item: Item, index: number, stored: Readonly<Record<string, FieldValue>>, shape: Shape): string {
    const r = item.revisions[index]!;
    const parent = this.parentVisible ? this.c.store.parentAt(item, r.at) : undefined;
    const area = this.tree('Area', stored['System.AreaPath']);
    const iteration = this.tree('Iteration', stored['System.IterationPath']);
    const plan = this.plan(shape, parent !== undefined, area, iteration);
    let out = `{"id":${numberJson(item.id)},"rev":${numberJson(r.rev)},"fields":{`;
    for (const e of plan) {
      let value: FieldValue | undefined;
      switch (e.source) {
        case 'stored':
          value = stored[e.key];
          break;
        case 'id':
          value = item.id;
          break;
        case 'rev':
          value = r.rev;
          break;
        case 'changed':
          value = r.at;
          break;
        case 'by':
          value = personRef(r.by);
          break;
        case 'personId':
          value = this.c.people[r.by]!.personId;
          break;
        case 'watermark':
          value = r.wm;
          break;
        case 'revised': {
          const next = item.revisions[index + 1];
          out += `${e.prefix}"${next ? adoDate(next.at) : REVISED_SENTINEL}"`;
          continue;
        }
        case 'parent':
          value = parent;
          break;
        case 'areaId':
          value = area.nodeId;
          break;
        case 'nodeName':
          value = area.parts[area.parts.length - 1] ?? '';
          break;
        case 'areaLevel':
          value = area.parts[e.level];
          break;
        case 'iterationId':
          value = iteration.nodeId;
          break;
        case 'iterationLevel':
          value = iteration.parts[e.level];
          break;
        case 'deletedFlag':
          // Set by reportingRevisions after fullFields: the stored value as it is, not formatted.
          out += e.prefix + JSON.stringify(stored['System.IsDeleted'] ?? false);
          continue;
      }
      const cache = e.fragments.byValue;
      let fragment = cache?.get(value!);
      if (fragment === undefined) {
        fragment = e.prefix + this.valueJson(value!, e.date);
        if (cache && cache.size >= FRAGMENT_VALUES) e.fragments.byValue = undefined;
        else cache?.set(value!, fragment);
      }
      out += fragment;
    }
    return `${out}}}`;
  }

  /** outputValue, as JSON text. */
  private valueJson(value: FieldValue, date: boolean): string {
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number') return date ? `"${adoDate(value)}"` : numberJson(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (value instanceof PersonRef) return this.identityJson(this.c.people[value.index]!);
    return JSON.stringify(value);
  }

  private identityJson(p: Person): string {
    let text = this.identities.get(p);
    if (text === undefined) {
      text = JSON.stringify(
        this.identity === 'string' ? identityString(p) : { id: p.id, uniqueName: identityString(p) },
      );
      this.identities.set(p, text);
    }
    return text;
  }

  private key(key: string): KeyInfo {
    let info = this.keys.get(key);
    if (!info) {
      const name = JSON.stringify(key);
      info = {
        // selectFields filters key by key: asked of the one key, it says whether rows show it.
        visible: Object.hasOwn(selectFields({ [key]: true }, this.select), key),
        date: findField(key)?.type === 'dateTime',
        first: { prefix: `${name}:`, fragments: { byValue: new Map() } },
        next: { prefix: `,${name}:`, fragments: { byValue: new Map() } },
      };
      this.keys.set(key, info);
    }
    return info;
  }

  /** fullFields' derivation of an area or iteration path, cached by path (the trees do not change). */
  private tree(kind: TreeKind, path: FieldValue | undefined): TreeInfo {
    const text = String(path ?? '');
    const cache = this.trees[kind];
    let info = cache.get(text);
    if (!info) {
      const parts = text.split('\\');
      const node = this.c.store.node(text) ?? this.c.store.node(parts[0] ?? '');
      const derived = this.treeKeys(kind, parts, node?.id).map(([k]) => k);
      info = { parts, nodeId: node?.id, variant: derived.filter((k) => this.key(k).visible).join(',') };
      if (cache.size >= 10_000) cache.clear();
      cache.set(text, info);
    }
    return info;
  }

  /** The keys fullFields derives from a path, as it sets them. */
  private treeKeys(kind: TreeKind, parts: readonly string[], nodeId: number | undefined): [string, Source][] {
    const area = kind === 'Area';
    const keys: [string, Source][] = [];
    if (nodeId !== undefined) keys.push([`System.${kind}Id`, area ? 'areaId' : 'iterationId']);
    if (area) keys.push(['System.NodeName', 'nodeName']);
    for (let i = 0; i < parts.length; i++)
      keys.push([`System.${kind}Level${i + 1}`, area ? 'areaLevel' : 'iterationLevel']);
    return keys;
  }

  private plan(shape: Shape, hasParent: boolean, area: TreeInfo, iteration: TreeInfo): PlanEntry[] {
    let byVariant = this.plans.get(shape);
    if (!byVariant) {
      if (this.plans.size >= 50_000) this.plans.clear();
      byVariant = new Map();
      this.plans.set(shape, byVariant);
    }
    const variant = `${hasParent ? 'p' : ''}|${area.variant}|${iteration.variant}`;
    let plan = byVariant.get(variant);
    if (!plan) {
      plan = this.buildPlan(shape, hasParent, area, iteration);
      byVariant.set(variant, plan);
    }
    return plan;
  }

  /**
   * The row's keys as fullFields orders them (stored, then derived over them, then the revised date),
   * reportingRevisions adds System.IsDeleted and selectFields filters them.
   */
  private buildPlan(shape: Shape, hasParent: boolean, area: TreeInfo, iteration: TreeInfo): PlanEntry[] {
    const sources = new Map<string, Source>();
    const levels = new Map<string, number>();
    for (const k of shape.keys) sources.set(k, 'stored');
    for (const [k, source] of FIXED_DERIVED) sources.set(k, source);
    for (const [kind, info] of [
      ['Area', area],
      ['Iteration', iteration],
    ] as const) {
      for (const [k, source] of this.treeKeys(kind, info.parts, info.nodeId)) {
        sources.set(k, source);
        if (source === 'areaLevel' || source === 'iterationLevel')
          levels.set(k, Number(k.slice(`System.${kind}Level`.length)) - 1);
      }
    }
    if (hasParent) sources.set('System.Parent', 'parent');
    sources.set('System.RevisedDate', 'revised');
    // Built as an object, as the original rows are, so that its key order is JavaScript's own.
    const shown: Record<string, Source> = {};
    for (const k of [...sources.keys()].sort(compareServiceOrder))
      if (this.key(k).visible) shown[k] = sources.get(k)!;
    if (this.includeDeleted && this.key('System.IsDeleted').visible)
      shown['System.IsDeleted'] = 'deletedFlag';
    return Object.keys(shown).map((key, i) => {
      const info = this.key(key);
      const { prefix, fragments } = i === 0 ? info.first : info.next;
      return { key, source: shown[key]!, prefix, fragments, date: info.date, level: levels.get(key) ?? 0 };
    });
  }
}
