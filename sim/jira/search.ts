import { createHash } from 'node:crypto';
import type { SimClock } from '../common/clock.js';
import { JsonText } from '../common/server.js';
import { errorBody, JIRA_ERRORS } from './errors.js';
import {
  issueJson,
  namesJson,
  parseExpand,
  parseFieldSelection,
  schemaJson,
  writeIssue,
} from './issue-json.js';
import { JqlError, parseJql } from './jql.js';
import { type CompiledQuery, compareTuples, compileQuery, type SortValue } from './jql-eval.js';
import type { Json, RenderEnv } from './render.js';
import type { JiraSettings } from './settings.js';
import type { JiraStore } from './store.js';
import type { IssueRecord, IssueState } from './types.js';

/**
 * `/rest/api/3/search/jql` and `/search/approximate-count`: bounded JQL only, token paging
 * (search-after on the ORDER BY tuple, so issues changed while paging can appear again, never
 * get skipped), `isLast` and no `total`, a server-chosen page cap, the lagging search index.
 */

export interface SearchRequest {
  jql: string;
  nextPageToken?: string | undefined;
  maxResults?: unknown;
  fields?: string[] | undefined;
  expand?: unknown;
  properties?: string[] | undefined;
  reconcileIssues?: unknown;
}

interface Hit {
  issue: IssueRecord;
  state: IssueState;
  tuple: SortValue[];
}

interface CacheEntry {
  version: number;
  validUntil: number;
  now: number;
  compiled: CompiledQuery;
  hits: Hit[];
}

const TOKEN_TTL_MS = 7 * 86_400_000;

type Result = { status: number; body: Json | JsonText };
const bad = (messages: string[]): Result => ({ status: 400, body: errorBody(messages) });

export class SearchService {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly store: JiraStore,
    private readonly env: RenderEnv,
    private readonly clock: SimClock,
    private readonly settings: JiraSettings,
    private readonly userIndex: number,
  ) {}

  /** Matching issues in order, as the (lagging) index sees them; cached per query and data version. */
  private run(
    jql: string,
    reconcile: readonly string[],
    allowUnbounded = false,
  ): { hits: Hit[]; compiled: CompiledQuery } {
    const now = this.clock.now();
    const cacheKey = `${jql}\u0000${reconcile.join(',')}`;
    const hit = this.cache.get(cacheKey);
    if (
      hit &&
      hit.version === this.store.version &&
      now < hit.validUntil &&
      (!hit.compiled.usesNow || hit.now === now)
    ) {
      return hit;
    }
    const query = parseJql(jql);
    if (query.where === null && !allowUnbounded) throw new JqlError(JIRA_ERRORS.unboundedJql);
    const compiled = compileQuery(query, {
      store: this.store,
      zone: this.env.zone,
      now,
      userIndex: this.userIndex,
    });
    const strong = new Set(reconcile);
    const hits: Hit[] = [];
    for (const issue of this.store.issues) {
      if (issue.hidden) continue;
      const state = strong.has(issue.id) ? issue.current : this.store.searchState(issue);
      if (state && compiled.predicate(issue, state))
        hits.push({ issue, state, tuple: compiled.sortKey(issue, state) });
    }
    hits.sort((a, b) => compareTuples(a.tuple, b.tuple, compiled.dirs));
    const entry = {
      version: this.store.version,
      validUntil: this.store.nextVisibilityChange(),
      now,
      compiled,
      hits,
    };
    if (this.cache.size >= 32) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, entry);
    return entry;
  }

  search(req: SearchRequest): Result {
    if (typeof req.jql !== 'string' || req.jql.trim() === '') return bad([JIRA_ERRORS.unboundedJql]);
    const maxResults = req.maxResults === undefined ? 50 : Number(req.maxResults);
    if (!Number.isInteger(maxResults) || maxResults < 0)
      return bad([`The value '${String(req.maxResults)}' is invalid for maxResults.`]);
    if ((req.properties?.length ?? 0) > 5) return bad(['The number of properties cannot exceed 5.']);
    const reconcile = Array.isArray(req.reconcileIssues) ? req.reconcileIssues.map(String) : [];
    if (reconcile.length > 50) return bad(['The number of issues to reconcile cannot exceed 50.']);
    const selection = parseFieldSelection(req.fields, 'id');
    const expand = parseExpand(req.expand);
    const jqlHash = createHash('sha1').update(req.jql).digest('base64url').slice(0, 12);
    let after: SortValue[] | undefined;
    if (req.nextPageToken !== undefined && req.nextPageToken !== '') {
      const decoded = decodeToken(req.nextPageToken);
      if (!decoded || decoded.h !== jqlHash || decoded.x < this.clock.now())
        return bad([JIRA_ERRORS.badToken]);
      after = decoded.a;
    }
    let ran: { hits: Hit[]; compiled: CompiledQuery };
    try {
      ran = this.run(req.jql, reconcile);
    } catch (error) {
      if (error instanceof JqlError) return bad([error.message]);
      throw error;
    }
    const { hits, compiled } = ran;
    let start = 0;
    if (after) {
      const cursor = after;
      let lo = 0;
      let hi = hits.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareTuples(hits[mid]!.tuple, cursor, compiled.dirs) <= 0) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    const cap =
      selection.idOnly && !expand.has('changelog')
        ? this.settings.idOnlyPageCap
        : this.settings.fieldsPageCap;
    const size = Math.min(maxResults, cap);
    const page = hits.slice(start, start + size);
    const isLast = start + page.length >= hits.length;
    // `{issues, names?, schema?, nextPageToken?, isLast}`, written as JSON text: the issues' objects and
    // their JSON.stringify were most of this endpoint's CPU.
    const out = new JsonText().push('{"issues":[');
    const options = { selection, expand, changelogCap: this.settings.searchChangelogCap, bareIdOnly: true };
    for (const [i, h] of page.entries()) {
      if (i > 0) out.push(',');
      writeIssue(out, this.store, this.env, h.issue, h.state, options);
    }
    out.push(']');
    // Like the old search, `names` and `schema` describe the page's fields once, at the top.
    if (expand.has('names')) out.push(`,"names":${JSON.stringify(namesJson(selection))}`);
    if (expand.has('schema')) out.push(`,"schema":${JSON.stringify(schemaJson(selection))}`);
    if (!isLast && page.length > 0) {
      const token = encodeToken({
        h: jqlHash,
        a: page[page.length - 1]!.tuple,
        x: this.clock.now() + TOKEN_TTL_MS,
      });
      out.push(`,"nextPageToken":${JSON.stringify(token)}`);
    }
    out.push(`,"isLast":${isLast || page.length === 0}}`);
    return { status: 200, body: out };
  }

  /** The removed `/rest/api/3/search` (only when `legacySearch` is on): offset pages with `total`. */
  legacy(req: SearchRequest & { startAt?: unknown }): Result {
    const startAt = req.startAt === undefined ? 0 : Number(req.startAt);
    const maxResults = Math.min(req.maxResults === undefined ? 50 : Number(req.maxResults), 100);
    if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0) {
      return bad(['The request parameters are invalid.']);
    }
    let hits: Hit[];
    try {
      hits = this.run(req.jql ?? '', [], true).hits;
    } catch (error) {
      if (error instanceof JqlError) return bad([error.message]);
      throw error;
    }
    const selection = parseFieldSelection(req.fields, '*navigable');
    const expand = parseExpand(req.expand);
    const issues = hits
      .slice(startAt, startAt + maxResults)
      .map((h) =>
        issueJson(this.store, this.env, h.issue, h.state, { selection, expand, changelogCap: 100 }),
      );
    return { status: 200, body: { expand: 'schema,names', startAt, maxResults, total: hits.length, issues } };
  }

  count(jql: unknown): Result {
    if (typeof jql !== 'string' || jql.trim() === '') return bad([JIRA_ERRORS.unboundedJql]);
    try {
      return { status: 200, body: { count: this.run(jql, []).hits.length } };
    } catch (error) {
      if (error instanceof JqlError) return bad([error.message]);
      throw error;
    }
  }
}

interface Token {
  h: string;
  a: SortValue[];
  x: number;
}

function encodeToken(t: Token): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeToken(text: string): Token | undefined {
  try {
    const t = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Token>;
    if (typeof t.h !== 'string' || !Array.isArray(t.a) || typeof t.x !== 'number') return undefined;
    return t as Token;
  } catch {
    return undefined;
  }
}
