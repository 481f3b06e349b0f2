/**
 * The control API (in-process; `routes-control.ts` exposes it over HTTP under `/__sim`). Every change
 * is stamped with the simulated clock and appended as a revision, exactly as an edit in Azure DevOps
 * would be. `truth()` returns items in native ADO shape for assertions.
 */
import type { FaultInjector, FaultRule } from '../common/faults.js';
import type { SimServer } from '../common/server.js';
import type { AdoFaultRule } from './ado-faults.js';
import type { AdoLimits, SimContext } from './api.js';
import { adoDate } from './format.js';
import { type Delta, type FieldValue, type Item, type LinkFamily, personRef } from './model.js';
import { findField, parseRel } from './process.js';
import { fullFields, renderRelations } from './render.js';
import { stateDelta } from './rules.js';
import { StoreError } from './store.js';
import type { ThrottleSettings } from './throttle.js';

/** A person: index into `people()`, display name or e-mail. */
export type PersonInput = number | string;
/** A field value: identities as a person (name/e-mail/index), dates as ISO strings or epoch ms; null clears. */
export type FieldInput = string | number | boolean | null;

export interface TruthItem {
  id: number;
  rev: number;
  project: string;
  type: string;
  deleted: boolean;
  deletedDate?: string;
  /** Latest fields, every field (as `$expand=all` returns them). */
  fields: Record<string, unknown>;
  /** Current relations as `$expand=relations` returns them. */
  relations: Record<string, unknown>[];
  /** Every revision with all its fields (omitted when asked). */
  revisions?: { rev: number; fields: Record<string, unknown> }[];
}

export interface AdoSimControl {
  advanceClock(ms: number): void;
  createItem(input: {
    type: string;
    project?: string;
    title?: string;
    fields?: Record<string, FieldInput>;
    by?: PersonInput;
  }): TruthItem;
  /** Sets fields in one new revision (System.State here applies the state rules too). */
  updateFields(id: number, fields: Record<string, FieldInput>, by?: PersonInput): TruthItem;
  changeState(id: number, state: string, opts?: { reason?: string; by?: PersonInput }): TruthItem;
  /** `rel` is a reference name (System.LinkTypes.Hierarchy-Reverse...) with a work item id, or ArtifactLink/Hyperlink/AttachedFile with a URL. */
  addRelation(
    id: number,
    rel: string,
    target: number | string,
    opts?: { comment?: string; by?: PersonInput },
  ): TruthItem;
  removeRelation(id: number, rel: string, target: number | string, by?: PersonInput): TruthItem;
  moveItem(
    id: number,
    project: string,
    opts?: { areaPath?: string; iterationPath?: string; by?: PersonInput },
  ): TruthItem;
  /** To the recycle bin (a revision with System.IsDeleted). */
  deleteItem(id: number, by?: PersonInput): void;
  restoreItem(id: number, by?: PersonInput): TruthItem;
  /** Permanent: gone from every API. */
  destroyItem(id: number): void;
  /** A shared fault (429, 5xx with a generic body, slow, dropped, truncated). */
  addFault(rule: FaultRule): void;
  /** An ADO-shaped fault: TF246020 500, 503 with/without Retry-After, WIQL timeout VS402335. */
  addAdoFault(rule: AdoFaultRule): void;
  /** Clears both kinds of faults. */
  clearFaults(): void;
  /** How bad credentials without `X-TFS-FedAuthRedirect: Suppress` are answered (default 203). */
  setAuthFailure(mode: '203' | '302'): void;
  /** Report usage with X-RateLimit-* headers (and 429 when exhausted); undefined switches it off. */
  setThrottle(settings: ThrottleSettings | undefined): void;
  /** Changes service limits from now on, e.g. `{wiqlMaxResults: 10}` for a server configured with a low WIQL cap (VS402337). */
  setLimits(limits: Partial<AdoLimits>): AdoLimits;
  counters(): Record<string, number>;
  resetCounters(): void;
  /** One item (deleted ones too); undefined when destroyed or unknown. */
  truth(id: number, opts?: { revisions?: boolean }): TruthItem | undefined;
  /** Every item that was not destroyed, by id. */
  truthAll(opts?: { revisions?: boolean }): TruthItem[];
  /** Ids of live items (not deleted, not destroyed), ascending. */
  ids(): number[];
  /** Ids of the items in the recycle bin, ascending. */
  deletedIds(): number[];
  people(): { index: number; displayName: string; email: string; id: string }[];
}

const DERIVED =
  /^System\.(Id|Rev|ChangedDate|ChangedBy|AuthorizedDate|AuthorizedAs|RevisedDate|Watermark|PersonId|AreaId|IterationId|NodeName|AreaLevel\d|IterationLevel\d|Parent|IsDeleted|CreatedDate|CreatedBy)$/;

export function createControl(sim: SimContext, server: SimServer, faults: FaultInjector): AdoSimControl {
  const { store } = sim;
  const person = (p: PersonInput | undefined, fallback = 0): number => {
    if (p === undefined) return fallback;
    if (typeof p === 'number') {
      if (!sim.people[p]) throw new StoreError(400, `Unknown person index ${p}.`);
      return p;
    }
    const lower = p.toLowerCase();
    const found = sim.people.find(
      (x) =>
        x.displayName.toLowerCase() === lower ||
        x.email === lower ||
        `${x.displayName} <${x.email}>`.toLowerCase() === lower,
    );
    if (!found) throw new StoreError(400, `Unknown person '${p}'.`);
    return found.index;
  };
  const toDelta = (fields: Record<string, FieldInput>): { delta: Delta; state?: string } => {
    const delta: Delta = {};
    let state: string | undefined;
    for (const [name, value] of Object.entries(fields)) {
      const def = findField(name);
      if (!def && !name.startsWith('Custom.'))
        throw new StoreError(400, `TF51535: Cannot find field ${name}.`);
      const ref = def?.referenceName ?? name;
      if (DERIVED.test(ref))
        throw new StoreError(400, `TF401326: Invalid field status 'ReadOnly' for field '${ref}'.`);
      if (ref === 'System.State') {
        state = String(value);
        continue;
      }
      if (value === null) delta[ref] = null;
      else if (def?.type === 'identity') delta[ref] = personRef(person(value as PersonInput));
      else if (def?.type === 'dateTime') {
        const ms = typeof value === 'number' ? value : Date.parse(String(value));
        if (Number.isNaN(ms)) throw new StoreError(400, `Invalid date '${String(value)}' for ${ref}.`);
        delta[ref] = ms;
      } else if (def?.type === 'integer' || def?.type === 'double') delta[ref] = Number(value);
      else delta[ref] = value as FieldValue;
    }
    return state === undefined ? { delta } : { delta, state };
  };
  const truthOf = (item: Item, revisions = true): TruthItem => {
    const last = item.revisions.length - 1;
    const current = store.snapshot(item, last);
    delete current['System.History'];
    const out: TruthItem = {
      id: item.id,
      rev: item.revisions[last]!.rev,
      project: String(item.current['System.TeamProject']),
      type: String(item.current['System.WorkItemType']),
      deleted: item.deleted !== undefined,
      fields: fullFields(sim, item, last, current, Number.POSITIVE_INFINITY),
      relations: renderRelations(sim, item, Number.POSITIVE_INFINITY),
    };
    if (item.deleted) out.deletedDate = adoDate(item.deleted.at);
    if (revisions) {
      let stored: Record<string, FieldValue> | undefined;
      out.revisions = item.revisions.map((r, index) => {
        stored = store.snapshot(item, index, stored ? { index: index - 1, fields: stored } : undefined);
        return { rev: r.rev, fields: fullFields(sim, item, index, stored, r.at) };
      });
    }
    return out;
  };
  const truth = (id: number) => {
    const item = store.get(id);
    if (!item) throw new StoreError(404, `Work item ${id} does not exist.`);
    return truthOf(item);
  };
  type LinkArgs =
    | { family: LinkFamily; source: number; target: number }
    | { kind: 'ArtifactLink' | 'Hyperlink' | 'AttachedFile'; url: string };
  const linkArgs = (id: number, rel: string, target: number | string): LinkArgs => {
    const parsed = parseRel(rel);
    if (parsed) {
      const other = Number(target);
      return {
        family: parsed.family,
        source: parsed.forward ? id : other,
        target: parsed.forward ? other : id,
      };
    }
    if (rel === 'ArtifactLink' || rel === 'Hyperlink' || rel === 'AttachedFile')
      return { kind: rel, url: String(target) };
    throw new StoreError(400, `Unknown relation type '${rel}'.`);
  };

  return {
    advanceClock: (ms) => sim.clock.advance(ms),
    createItem: (input) => {
      const { delta, state } = toDelta({
        ...(input.title ? { 'System.Title': input.title } : {}),
        ...input.fields,
      });
      const by = person(input.by);
      const item = store.create(input.type, input.project ?? store.org.projects[0]!.name, delta, by);
      if (state !== undefined) store.setState(item.id, state, by);
      return truthOf(item);
    },
    updateFields: (id, fields, by) => {
      const { delta, state } = toDelta(fields);
      const who = person(by);
      const comment = typeof delta['System.History'] === 'string' && !('System.CommentCount' in delta);
      store.update(
        id,
        (at, current) => ({
          ...delta,
          ...(comment ? { 'System.CommentCount': Number(current['System.CommentCount'] ?? 0) + 1 } : {}),
          ...(state === undefined ? {} : stateDelta(current, state, at, who)),
        }),
        who,
      );
      return truth(id);
    },
    changeState: (id, state, opts) => {
      store.setState(id, state, person(opts?.by), opts?.reason);
      return truth(id);
    },
    addRelation: (id, rel, target, opts) => {
      const a = linkArgs(id, rel, target);
      if ('family' in a) store.addLink(a.family, a.source, a.target, person(opts?.by), opts?.comment);
      else
        store.addResource(
          id,
          a.kind,
          a.url,
          person(opts?.by),
          opts?.comment ? { comment: opts.comment } : {},
        );
      return truth(id);
    },
    removeRelation: (id, rel, target, by) => {
      const a = linkArgs(id, rel, target);
      if ('family' in a) store.removeLink(a.family, a.source, a.target, person(by));
      else store.removeResource(id, a.url, person(by));
      return truth(id);
    },
    moveItem: (id, project, opts) => {
      store.move(id, project, person(opts?.by), opts?.areaPath, opts?.iterationPath);
      return truth(id);
    },
    deleteItem: (id, by) => {
      store.delete(id, person(by));
    },
    restoreItem: (id, by) => {
      store.restore(id, person(by));
      return truth(id);
    },
    destroyItem: (id) => store.destroy(id, 0),
    addFault: (rule) => faults.add(rule),
    addAdoFault: (rule) => sim.adoFaults.add(rule),
    clearFaults: () => {
      faults.clear();
      sim.adoFaults.clear();
    },
    setAuthFailure: (mode) => {
      sim.authFailure = mode;
    },
    setThrottle: (settings) => sim.throttle.set(settings),
    setLimits: (limits) => {
      for (const [key, value] of Object.entries(limits)) {
        if (!(key in sim.limits)) throw new StoreError(400, `Unknown limit '${key}'.`);
        if (!Number.isInteger(value) || (value as number) < 1)
          throw new StoreError(400, `Limit ${key} must be a positive integer.`);
        sim.limits[key as keyof AdoLimits] = value as number;
      }
      return { ...sim.limits };
    },
    counters: () => Object.fromEntries(server.counts),
    resetCounters: () => server.resetCounts(),
    truth: (id, opts) => {
      const item = store.get(id);
      return item ? truthOf(item, opts?.revisions ?? true) : undefined;
    },
    truthAll: (opts) =>
      [...store.items.values()].sort((a, b) => a.id - b.id).map((i) => truthOf(i, opts?.revisions ?? true)),
    ids: () =>
      [...store.items.values()]
        .filter((i) => !i.deleted)
        .map((i) => i.id)
        .sort((a, b) => a - b),
    deletedIds: () =>
      [...store.items.values()]
        .filter((i) => i.deleted)
        .map((i) => i.id)
        .sort((a, b) => a - b),
    people: () =>
      sim.people.map((p) => ({ index: p.index, displayName: p.displayName, email: p.email, id: p.id })),
  };
}
