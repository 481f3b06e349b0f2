import {
  categoryOfStatus,
  findByName,
  ISSUE_TYPES,
  PRIORITIES,
  RESOLUTIONS,
  STATUS_CATEGORIES,
  STATUSES,
  statusOf,
} from './catalog.js';
import { JqlError, type JqlNode, type JqlQuery, type JqlValue } from './jql.js';
import type { JiraStore } from './store.js';
import { parseJqlDate } from './time.js';
import type { IssueRecord, IssueState } from './types.js';

/**
 * Compiles a parsed JQL query into a predicate and a sort order. Date literals are read in the
 * searching user's time zone (minute precision), bare numbers as epoch milliseconds. Values that
 * do not exist (projects, issue keys) fail like Jira does, with a 400 ErrorCollection message.
 */

export type Predicate = (issue: IssueRecord, s: IssueState) => boolean;
export type SortValue = number | string;

export interface CompiledQuery {
  predicate: Predicate;
  /** Sort tuple of an issue; compare with `compareTuples` (directions in `dirs`). */
  sortKey: (issue: IssueRecord, s: IssueState) => SortValue[];
  dirs: number[];
  /** The query depends on the clock (relative dates, now()). */
  usesNow: boolean;
}

export interface EvalEnv {
  store: JiraStore;
  zone: string;
  now: number;
  /** The searching user's index (currentUser()). */
  userIndex: number;
}

const KNOWN_UNSUPPORTED = new Set([
  'summary',
  'description',
  'text',
  'comment',
  'component',
  'fixversion',
  'affectedversion',
  'environment',
  'duedate',
  'due',
  'watcher',
  'voter',
  'creator',
  'level',
  'filter',
  'attachments',
  'epic link',
  'cf[10001]',
  'customer',
  'cf[10020]',
]);

const DATE_FIELDS: Record<string, (s: IssueState) => number | null> = {
  created: (s) => s.created,
  createddate: (s) => s.created,
  updated: (s) => s.updated,
  updateddate: (s) => s.updated,
  resolutiondate: (s) => s.resolutionDate,
  resolved: (s) => s.resolutionDate,
  statuscategorychangeddate: (s) => s.statusCategoryChanged,
};

const keyNumber = (key: string): number => Number(key.slice(key.lastIndexOf('-') + 1));

export function compileQuery(q: JqlQuery, env: EvalEnv): CompiledQuery {
  let usesNow = false;
  const str = (v: JqlValue, field: string): string => {
    if (v.kind === 'string') return v.text;
    if (v.kind === 'func')
      throw new JqlError(`The function '${v.name}' is not supported by the simulator for field '${field}'.`);
    return '';
  };

  const clause = (node: Extract<JqlNode, { kind: 'clause' }>): Predicate => {
    const field = node.field.toLowerCase();
    const { op, values } = node;
    const onlyEq = (name: string) => {
      if (!['=', '!=', 'in', 'not in', 'is', 'is not'].includes(op)) {
        throw new JqlError(`The operator '${op.toUpperCase()}' is not supported by the '${name}' field.`);
      }
    };
    const negate = op === '!=' || op === 'not in' || op === 'is not';
    const isEmptyTest = values.length === 1 && values[0]!.kind === 'empty';
    /** Builds a membership predicate over a set of normalised values read from the state. */
    const member = (
      name: string,
      read: (i: IssueRecord, s: IssueState) => string[],
      resolve: (v: JqlValue) => string[],
    ): Predicate => {
      onlyEq(name);
      if (isEmptyTest) {
        return negate ? (i, s) => read(i, s).length > 0 : (i, s) => read(i, s).length === 0;
      }
      const wanted = new Set(values.flatMap(resolve));
      const hit: Predicate = (i, s) => read(i, s).some((x) => wanted.has(x));
      return negate ? (i, s) => !hit(i, s) : hit;
    };
    if (field in DATE_FIELDS) {
      const read = DATE_FIELDS[field]!;
      if (isEmptyTest) {
        if (op !== 'is' && op !== 'is not' && op !== '=' && op !== '!=')
          throw new JqlError(
            `The operator '${op.toUpperCase()}' is not supported by the '${node.field}' field.`,
          );
        return negate ? (_i, s) => read(s) !== null : (_i, s) => read(s) === null;
      }
      if (op === 'in' || op === 'not in' || op === '~' || op === '!~' || op === 'is' || op === 'is not') {
        throw new JqlError(
          `The operator '${op.toUpperCase()}' is not supported by the '${node.field}' field.`,
        );
      }
      const v = values[0]!;
      let bound: number | undefined;
      if (v.kind === 'func' && v.name === 'now') {
        usesNow = true;
        bound = env.now;
      } else if (v.kind === 'string') {
        if (/^-?\d{5,}$/.test(v.text)) bound = Number(v.text);
        else {
          bound = parseJqlDate(v.text, env.zone, env.now);
          if (bound !== undefined && !/^\d{4}/.test(v.text.trim())) usesNow = true;
        }
      }
      if (bound === undefined) {
        throw new JqlError(
          `Date value '${v.kind === 'string' ? v.text : v.kind}' for field '${node.field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
        );
      }
      const b = bound;
      const cmp: Record<string, (x: number) => boolean> = {
        '=': (x) => x === b,
        '!=': (x) => x !== b,
        '>': (x) => x > b,
        '>=': (x) => x >= b,
        '<': (x) => x < b,
        '<=': (x) => x <= b,
      };
      const test = cmp[op]!;
      return (_i, s) => {
        const x = read(s);
        return x !== null && test(x);
      };
    }
    switch (field) {
      case 'project':
        return member(
          'project',
          (_i, s) => [s.projectKey],
          (v) => {
            const text = str(v, 'project').toLowerCase();
            const p = env.store.data.projects.find(
              (x) => x.key.toLowerCase() === text || x.id === text || x.name.toLowerCase() === text,
            );
            if (!p)
              throw new JqlError(`The value '${str(v, 'project')}' does not exist for the field 'project'.`);
            return [p.key];
          },
        );
      case 'key':
      case 'issuekey':
      case 'id': {
        if (['>', '>=', '<', '<='].includes(op) && field !== 'id')
          throw new JqlError(`The simulator does not support range queries on '${node.field}'.`);
        return member(
          node.field,
          (i) => [i.id],
          (v) => {
            const text = str(v, node.field);
            if (/^\d+$/.test(text)) return [text];
            if (!/^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(text))
              throw new JqlError(`The issue key '${text}' for field '${node.field}' is invalid.`);
            const issue = env.store.find(text);
            // Deleted issues (and never-existing keys) fail the whole query, as on Jira.
            if (!issue?.current || issue.hidden)
              throw new JqlError(
                `An issue with key '${text.toUpperCase()}' does not exist for field '${node.field}'.`,
              );
            return [issue.id];
          },
        );
      }
      case 'status':
        return member(
          'status',
          (_i, s) => [s.statusId],
          (v) => {
            const text = str(v, 'status');
            const st = STATUSES.find((x) => x.id === text) ?? findByName(STATUSES, text);
            if (!st) throw new JqlError(`The value '${text}' does not exist for the field 'status'.`);
            return [st.id];
          },
        );
      case 'statuscategory':
        return member(
          'statusCategory',
          (_i, s) => [String(categoryOfStatus(s.statusId).id)],
          (v) => {
            const text = str(v, 'statusCategory').toLowerCase();
            const c = STATUS_CATEGORIES.find(
              (x) => String(x.id) === text || x.key === text || x.name.toLowerCase() === text,
            );
            if (!c)
              throw new JqlError(
                `The value '${str(v, 'statusCategory')}' does not exist for the field 'statusCategory'.`,
              );
            return [String(c.id)];
          },
        );
      case 'issuetype':
      case 'type':
        return member(
          'issuetype',
          (_i, s) => [s.typeId],
          (v) => {
            const text = str(v, 'issuetype');
            const t = ISSUE_TYPES.find((x) => x.id === text) ?? findByName(ISSUE_TYPES, text);
            if (!t) throw new JqlError(`The value '${text}' does not exist for the field 'issuetype'.`);
            return [t.id];
          },
        );
      case 'priority':
        return member(
          'priority',
          (_i, s) => [s.priorityId],
          (v) => {
            const text = str(v, 'priority');
            const p = PRIORITIES.find((x) => x.id === text) ?? findByName(PRIORITIES, text);
            if (!p) throw new JqlError(`The value '${text}' does not exist for the field 'priority'.`);
            return [p.id];
          },
        );
      case 'resolution':
        return member(
          'resolution',
          (_i, s) => (s.resolutionId ? [s.resolutionId] : ['unresolved']),
          (v) => {
            const text = str(v, 'resolution');
            if (text.toLowerCase() === 'unresolved') return ['unresolved'];
            const r = RESOLUTIONS.find((x) => x.id === text) ?? findByName(RESOLUTIONS, text);
            if (!r) throw new JqlError(`The value '${text}' does not exist for the field 'resolution'.`);
            return [r.id];
          },
        );
      case 'labels':
        return member(
          'labels',
          (_i, s) => [...s.labels],
          (v) => [str(v, 'labels')],
        );
      case 'parent':
        return member(
          'parent',
          (_i, s) => (s.parentId ? [s.parentId] : []),
          (v) => {
            const p = env.store.find(str(v, 'parent'));
            if (!p?.current)
              throw new JqlError(
                `An issue with key '${str(v, 'parent')}' does not exist for field 'parent'.`,
              );
            return [p.id];
          },
        );
      case 'sprint':
        return member(
          'sprint',
          (_i, s) => s.sprintIds.map(String),
          (v) => {
            if (v.kind === 'func' && (v.name === 'opensprints' || v.name === 'closedsprints')) {
              const state = v.name === 'opensprints' ? ['active', 'future'] : ['closed'];
              return env.store.data.sprints
                .filter((sp) => state.includes(sp.state))
                .map((sp) => String(sp.id));
            }
            const text = str(v, 'sprint');
            const sp = env.store.data.sprints.find(
              (x) => String(x.id) === text || x.name.toLowerCase() === text.toLowerCase(),
            );
            if (!sp) throw new JqlError(`The value '${text}' does not exist for the field 'sprint'.`);
            return [String(sp.id)];
          },
        );
      case 'assignee':
      case 'reporter': {
        const read = (_i: IssueRecord, s: IssueState) => {
          const u = field === 'assignee' ? s.assignee : s.reporter;
          return u === null ? [] : [env.store.data.users[u]!.accountId];
        };
        return member(field, read, (v) => {
          if (v.kind === 'func' && v.name === 'currentuser')
            return [env.store.data.users[env.userIndex]!.accountId];
          return [str(v, field)];
        });
      }
    }
    if (KNOWN_UNSUPPORTED.has(field))
      throw new JqlError(`The simulator does not support searching on the field '${node.field}'.`);
    throw new JqlError(`Field '${node.field}' does not exist or you do not have permission to view it.`);
  };

  const compile = (node: JqlNode): Predicate => {
    switch (node.kind) {
      case 'clause':
        return clause(node);
      case 'and': {
        const parts = node.items.map(compile);
        return (i, s) => parts.every((p) => p(i, s));
      }
      case 'or': {
        const parts = node.items.map(compile);
        return (i, s) => parts.some((p) => p(i, s));
      }
      case 'not': {
        const inner = compile(node.item);
        return (i, s) => !inner(i, s);
      }
    }
  };

  const predicate: Predicate = q.where ? compile(q.where) : () => true;
  const readers: ((i: IssueRecord, s: IssueState) => SortValue)[] = [];
  const dirs: number[] = [];
  let unique = false;
  for (const o of q.orderBy) {
    const f = o.field.toLowerCase();
    const d = o.dir === 'desc' ? -1 : 1;
    if (f === 'key' || f === 'issuekey') {
      readers.push(
        (_i, s) => s.projectKey,
        (_i, s) => keyNumber(s.key),
      );
      dirs.push(d, d);
      unique = true;
    } else if (f === 'id') {
      readers.push((i) => i.num);
      dirs.push(d);
      unique = true;
    } else if (f in DATE_FIELDS) {
      const read = DATE_FIELDS[f]!;
      readers.push((_i, s) => read(s) ?? Number.NEGATIVE_INFINITY);
      dirs.push(d);
    } else if (f === 'project') {
      readers.push((_i, s) => s.projectKey);
      dirs.push(d);
    } else if (f === 'priority') {
      // Jira orders priorities by their scheme position, highest first when ascending.
      readers.push((_i, s) => PRIORITIES.findIndex((p) => p.id === s.priorityId));
      dirs.push(d);
    } else if (f === 'status') {
      readers.push((_i, s) => statusOf(s.statusId).name);
      dirs.push(d);
    } else if (f === 'rank') {
      readers.push((i) => i.num);
      dirs.push(d);
    } else if (
      KNOWN_UNSUPPORTED.has(f) ||
      ['assignee', 'reporter', 'issuetype', 'type', 'resolution', 'labels'].includes(f)
    ) {
      throw new JqlError(`The simulator does not support ORDER BY '${o.field}'.`);
    } else {
      throw new JqlError(`Field '${o.field}' does not exist or you do not have permission to view it.`);
    }
  }
  if (q.orderBy.length === 0) {
    // Without ORDER BY the simulator returns newest issues first (Jira documents no default).
    readers.push((i) => i.num);
    dirs.push(-1);
  } else if (!unique) {
    readers.push((i) => i.num);
    dirs.push(1);
  }
  return { predicate, sortKey: (i, s) => readers.map((r) => r(i, s)), dirs, usesNow };
}

export function compareTuples(
  a: readonly SortValue[],
  b: readonly SortValue[],
  dirs: readonly number[],
): number {
  for (let k = 0; k < dirs.length; k++) {
    const x = a[k]!;
    const y = b[k]!;
    if (x === y) continue;
    return (x < y ? -1 : 1) * dirs[k]!;
  }
  return 0;
}
