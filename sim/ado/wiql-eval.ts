/**
 * Runs a parsed flat WIQL query over the store: compiles conditions into predicates, applies day
 * precision to dates unless `timePrecision` (and rejects a time given without it, as the service does),
 * sorts, and returns the ids. Strings compare case-insensitively; identities match display name, e-mail
 * or `Name <mail>`; Tags CONTAINS matches a whole tag.
 */
import { DAY_MS, identityString } from './format.js';
import { type FieldValue, type Item, type Person, PersonRef, type Project, type Team } from './model.js';
import { timeFrame } from './org.js';
import { type FieldDef, findField } from './process.js';
import type { AdoStore } from './store.js';
import { type Cond, type Query, type Value, WiqlError } from './wiql.js';

export interface WiqlContext {
  store: AdoStore;
  people: readonly Person[];
  now: number;
  project?: Project;
  team?: Team;
  timePrecision: boolean;
  patUser: number;
}

export interface WiqlResult {
  ids: number[];
  columns: FieldDef[];
  sort: { field: FieldDef; desc: boolean }[];
  asOf: number;
}

type Row = { item: Item; stored: Readonly<Record<string, FieldValue>>; index: number };
type Pred = (row: Row) => boolean;
type Scalar = string | number | boolean | undefined;

/** Parses a WIQL date literal (ISO 8601 or M/D/YYYY, optional time, UTC). */
export function parseWiqlDate(raw: string): { ms: number; hasTime: boolean } | undefined {
  const iso =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      raw.trim(),
    );
  const us =
    /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(AM|PM)?)?\s*(Z)?$/i.exec(
      raw.trim(),
    );
  let y: number,
    mo: number,
    d: number,
    h = 0,
    mi = 0,
    s = 0,
    frac = 0,
    hasTime = false,
    tz = 0;
  if (iso) {
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (iso[4] !== undefined) {
      hasTime = true;
      [h, mi, s, frac] = [Number(iso[4]), Number(iso[5]), Number(iso[6] ?? 0), Number(iso[7] ?? 0)];
    }
    const zone = iso[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const m = /([+-])(\d{2}):?(\d{2})/.exec(zone)!;
      tz = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
    }
  } else if (us) {
    [mo, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
    if (us[4] !== undefined) {
      hasTime = true;
      [h, mi, s, frac] = [Number(us[4]), Number(us[5]), Number(us[6] ?? 0), Number(us[7] ?? 0)];
      if (us[8]?.toUpperCase() === 'PM' && h < 12) h += 12;
      if (us[8]?.toUpperCase() === 'AM' && h === 12) h = 0;
    }
  } else return undefined;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Math.round(frac * 1000)) - tz;
  return Number.isNaN(ms) ? undefined : { ms, hasTime };
}

function unknownField(name: string): never {
  throw new WiqlError(
    `TF51005: The query references a field that does not exist. The error is caused by «[${name}]».`,
  );
}

export function runWiql(q: Query, ctx: WiqlContext): WiqlResult {
  if (q.from.toLowerCase() !== 'workitems')
    throw new WiqlError(
      `The simulator supports flat queries FROM WorkItems only. The error is caused by «${q.from}».`,
    );
  const columns = q.select.map((f) => findField(f) ?? unknownField(f));
  const sort = q.orderBy.map((o) => ({ field: findField(o.field) ?? unknownField(o.field), desc: o.desc }));
  let asOf = ctx.now;
  if (q.asOf) {
    const v = q.asOf.kind === 'lit' ? parseWiqlDate(q.asOf.raw) : undefined;
    if (!v) throw new WiqlError('The ASOF clause requires a date.');
    asOf = v.ms;
  }
  const pred = q.where ? compile(q.where, ctx) : () => true;
  const rows: Row[] = [];
  for (const item of ctx.store.items.values()) {
    let row: Row;
    if (asOf === ctx.now) {
      if (item.deleted) continue;
      row = { item, stored: item.current, index: item.revisions.length - 1 };
    } else {
      const index = ctx.store.indexAt(item, asOf);
      if (index < 0) continue;
      const stored = ctx.store.snapshot(item, index);
      if (stored['System.IsDeleted'] === true) continue;
      row = { item, stored, index };
    }
    if (pred(row)) rows.push(row);
  }
  const keys = sort.map((s) => ({ get: getter(s.field, ctx), desc: s.desc }));
  rows.sort((a, b) => {
    for (const k of keys) {
      const c = cmpScalar(k.get(a), k.get(b));
      if (c !== 0) return k.desc ? -c : c;
    }
    return a.item.id - b.item.id;
  });
  return { ids: rows.map((r) => r.item.id), columns, sort, asOf };
}

function cmpScalar(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** A comparable value of `field` for a row (identities by display name, strings lower-cased). */
function getter(field: FieldDef, ctx: WiqlContext): (row: Row) => Scalar {
  const name = field.referenceName;
  const raw = (row: Row): FieldValue | undefined => {
    const r = row.item.revisions[row.index]!;
    switch (name) {
      case 'System.Id':
        return row.item.id;
      case 'System.Rev':
        return r.rev;
      case 'System.ChangedDate':
      case 'System.AuthorizedDate':
        return r.at;
      case 'System.ChangedBy':
      case 'System.AuthorizedAs':
        return new PersonRef(r.by);
      case 'System.Watermark':
        return r.wm;
      case 'System.Parent':
        return ctx.store.parentAt(row.item, Number.POSITIVE_INFINITY);
      case 'System.AreaId':
      case 'System.IterationId':
        return ctx.store.node(
          String(row.stored[name === 'System.AreaId' ? 'System.AreaPath' : 'System.IterationPath'] ?? ''),
        )?.id;
      default:
        return row.stored[name];
    }
  };
  return (row) => {
    const v = raw(row);
    if (v instanceof PersonRef) return ctx.people[v.index]!.displayName.toLowerCase();
    return typeof v === 'string' ? v.toLowerCase() : v;
  };
}

function identityMatches(ctx: WiqlContext, v: FieldValue | undefined, want: string): boolean {
  if (!(v instanceof PersonRef)) return want === '';
  const p = ctx.people[v.index]!;
  return [p.displayName, p.email, identityString(p)].some((s) => s.toLowerCase() === want);
}

function compile(c: Cond, ctx: WiqlContext): Pred {
  switch (c.kind) {
    case 'and': {
      const [l, r] = [compile(c.left, ctx), compile(c.right, ctx)];
      return (row) => l(row) && r(row);
    }
    case 'or': {
      const [l, r] = [compile(c.left, ctx), compile(c.right, ctx)];
      return (row) => l(row) || r(row);
    }
    case 'not': {
      const inner = compile(c.inner, ctx);
      return (row) => !inner(row);
    }
    default:
      break;
  }
  const field = findField(c.field) ?? unknownField(c.field);
  const get = getter(field, ctx);
  const isDate = field.type === 'dateTime';
  const isNumber = field.type === 'integer' || field.type === 'double';
  const isIdentity = field.type === 'identity';
  const day = (ms: number) => Math.floor(ms / DAY_MS);
  const norm = (v: Scalar): Scalar => (isDate && !ctx.timePrecision && typeof v === 'number' ? day(v) : v);
  const resolve = (v: Value): Scalar => {
    if (v.kind === 'field') {
      findField(v.name) ?? unknownField(v.name);
      return undefined;
    }
    if (v.kind === 'macro') return macro(v, field, ctx, c.text);
    if (isDate) {
      const d = parseWiqlDate(v.raw);
      if (!d)
        throw new WiqlError(
          `The string '${v.raw}' is not recognized as a valid date. The error is caused by «${c.text}».`,
        );
      if (d.hasTime && !ctx.timePrecision)
        throw new WiqlError(
          `You cannot supply a time with the date when running a query using date precision. The error is caused by «${c.text}».`,
        );
      return norm(d.ms);
    }
    if (isNumber) {
      if (v.raw === '') return undefined;
      const n = Number(v.raw);
      if (Number.isNaN(n))
        throw new WiqlError(
          `The value '${v.raw}' is not a valid number. The error is caused by «${c.text}».`,
        );
      return n;
    }
    if (field.type === 'boolean') return v.raw.toLowerCase() === 'true';
    return v.raw.toLowerCase();
  };
  const rawValue = (row: Row) => (isIdentity ? row.stored[field.referenceName] : undefined);
  const eq = (row: Row, want: Scalar): boolean => {
    if (isIdentity) return identityMatches(ctx, rawValue(row), String(want ?? ''));
    const actual = norm(get(row));
    if (want === '' || want === undefined) return actual === undefined || actual === '';
    return actual === want;
  };
  switch (c.kind) {
    case 'cmp': {
      const want = resolve(c.value);
      if (c.op === '=') return (row) => eq(row, want);
      if (c.op === '<>') return (row) => !eq(row, want);
      return (row) => {
        const a = norm(get(row));
        if (a === undefined || want === undefined) return false;
        const cmp = cmpScalar(a, want);
        return c.op === '>' ? cmp > 0 : c.op === '>=' ? cmp >= 0 : c.op === '<' ? cmp < 0 : cmp <= 0;
      };
    }
    case 'in': {
      const wants = c.values.map(resolve);
      return (row) => wants.some((w) => eq(row, w)) !== c.negate;
    }
    case 'under': {
      const want = String(resolve(c.value) ?? '');
      return (row) => {
        const a = String(get(row) ?? '');
        return (a === want || a.startsWith(`${want}\\`)) !== c.negate;
      };
    }
    case 'contains': {
      const want = String(resolve(c.value) ?? '');
      const tags = field.referenceName === 'System.Tags';
      return (row) => {
        const a = String(get(row) ?? '');
        const hit = tags ? a.split(';').some((t) => t.trim() === want) : a.includes(want);
        return hit !== c.negate;
      };
    }
    case 'empty':
      return (row) => {
        const a = get(row);
        return (a === undefined || a === '') !== c.negate;
      };
    case 'ever': {
      const want = resolve(c.value);
      return (row) =>
        row.item.revisions.some((_, index) =>
          eq({ item: row.item, index, stored: ctx.store.snapshot(row.item, index) }, want),
        );
    }
  }
}

function macro(
  v: Extract<Value, { kind: 'macro' }>,
  field: FieldDef,
  ctx: WiqlContext,
  text: string,
): Scalar {
  switch (v.name) {
    case '@project':
      if (!ctx.project)
        throw new WiqlError(
          `TF51011: The @project macro requires a project in the request URL. The error is caused by «${text}».`,
        );
      return ctx.project.name.toLowerCase();
    case '@today': {
      const ms = Math.floor(ctx.now / DAY_MS) * DAY_MS + v.offset * DAY_MS;
      return field.type === 'dateTime' && !ctx.timePrecision ? Math.floor(ms / DAY_MS) : ms;
    }
    case '@me':
      return identityString(ctx.people[ctx.patUser]!).toLowerCase();
    case '@currentiteration': {
      const team = ctx.team ?? ctx.project?.teams[0];
      const current = team?.iterations.find((n) => timeFrame(n, ctx.now) === 'current');
      if (!current)
        throw new WiqlError(
          `TF51011: @CurrentIteration needs a team with a current iteration. The error is caused by «${text}».`,
        );
      return current.path.toLowerCase();
    }
    default:
      throw new WiqlError(`TF51011: The macro ${v.name} is not supported. The error is caused by «${text}».`);
  }
}
