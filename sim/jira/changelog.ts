import { createHash } from 'node:crypto';
import { JsonText } from '../common/server.js';
import { errorBody, JIRA_ERRORS } from './errors.js';
import { historyJson, type Json, type RenderEnv, writeHistory } from './render.js';
import type { JiraSettings } from './settings.js';
import type { JiraStore } from './store.js';
import type { History, IssueRecord } from './types.js';

/**
 * The changelog endpoints: `/issue/{id}/changelog` (offset pages, oldest first,
 * `PageBeanChangelog`), `/issue/{id}/changelog/list` and `/changelog/bulkfetch` (token pages of
 * at most `maxResults` histories across up to 1000 issues, `BulkChangelogResponseBean`).
 */

type Result = { status: number; body: unknown };
const bad = (message: string): Result => ({ status: 400, body: errorBody([message]) });

export function changelogPage(
  store: JiraStore,
  env: RenderEnv,
  settings: JiraSettings,
  issue: IssueRecord,
  startAtRaw: string | null,
  maxRaw: string | null,
): Result {
  const startAt = startAtRaw === null ? 0 : Number(startAtRaw);
  const requested = maxRaw === null ? 100 : Number(maxRaw);
  if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(requested) || requested < 0) {
    return bad('The request parameters are invalid.');
  }
  const maxResults = Math.min(requested, settings.changelogPageCap);
  const all = store.histories(issue);
  const values = all.slice(startAt, startAt + maxResults).map((h) => historyJson(env, h));
  const key = issue.current!.key;
  const url = (at: number) =>
    `${env.base}/rest/api/3/issue/${key}/changelog?startAt=${at}&maxResults=${maxResults}`;
  const isLast = startAt + values.length >= all.length;
  const body: Json = { self: url(startAt) };
  if (!isLast) body.nextPage = url(startAt + values.length);
  Object.assign(body, { maxResults, startAt, total: all.length, isLast, values });
  return { status: 200, body };
}

/** `POST /issue/{id}/changelog/list`: the histories with the given ids (`PageOfChangelogs`). */
export function changelogList(store: JiraStore, env: RenderEnv, issue: IssueRecord, body: unknown): Result {
  const ids = (body as { changelogIds?: unknown } | null)?.changelogIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 1000)
    return bad('changelogIds must contain between 1 and 1000 ids.');
  const wanted = new Set(ids.map(String));
  const histories = store.histories(issue).filter((h) => wanted.has(String(h.id)));
  return {
    status: 200,
    body: {
      startAt: 0,
      maxResults: histories.length,
      total: histories.length,
      histories: histories.map((h) => historyJson(env, h)),
    },
  };
}

interface BulkToken {
  h: string;
  i: number;
  o: number;
}

function filterHistories(all: History[], fieldIds: Set<string> | undefined): History[] {
  if (!fieldIds) return all;
  const out: History[] = [];
  for (const h of all) {
    const items = h.items.filter((it) => it.fieldId !== undefined && fieldIds.has(it.fieldId));
    if (items.length > 0) out.push(items.length === h.items.length ? h : { ...h, items });
  }
  return out;
}

export function bulkChangelogs(
  store: JiraStore,
  env: RenderEnv,
  settings: JiraSettings,
  raw: unknown,
): Result {
  const body = (raw ?? {}) as {
    issueIdsOrKeys?: unknown;
    fieldIds?: unknown;
    maxResults?: unknown;
    nextPageToken?: unknown;
  };
  const ids = body.issueIdsOrKeys;
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    ids.length > 1000 ||
    !ids.every((x) => typeof x === 'string')
  ) {
    return bad('issueIdsOrKeys must contain between 1 and 1000 issue IDs or keys.');
  }
  const fieldIdList = body.fieldIds;
  if (
    fieldIdList !== undefined &&
    (!Array.isArray(fieldIdList) ||
      fieldIdList.length > 10 ||
      new Set(fieldIdList).size !== fieldIdList.length)
  ) {
    return bad('fieldIds must contain at most 10 unique field IDs.');
  }
  const maxResults = body.maxResults === undefined ? 1000 : Number(body.maxResults);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 10000)
    return bad('maxResults must be between 1 and 10000.');
  const fieldIds =
    Array.isArray(fieldIdList) && fieldIdList.length > 0 ? new Set(fieldIdList.map(String)) : undefined;

  // Unknown and deleted issues are omitted silently; the rest go in ascending id order.
  const seen = new Set<string>();
  const issues: IssueRecord[] = [];
  for (const idOrKey of ids as string[]) {
    const issue = store.resolve(idOrKey);
    if (issue && !seen.has(issue.id)) {
      seen.add(issue.id);
      issues.push(issue);
    }
  }
  issues.sort((a, b) => a.num - b.num);
  const hash = createHash('sha1')
    .update(JSON.stringify([ids, fieldIdList ?? null]))
    .digest('base64url')
    .slice(0, 12);

  let i = 0;
  let o = 0;
  if (typeof body.nextPageToken === 'string' && body.nextPageToken !== '') {
    let token: Partial<BulkToken> | undefined;
    try {
      token = JSON.parse(Buffer.from(body.nextPageToken, 'base64url').toString('utf8')) as Partial<BulkToken>;
    } catch {
      token = undefined;
    }
    if (!token || token.h !== hash || typeof token.i !== 'number' || typeof token.o !== 'number')
      return bad(JIRA_ERRORS.badToken);
    i = token.i;
    o = token.o;
    if (settings.bulkRepeatLastHistory && maxResults > 1) {
      if (o > 0) o--;
      else if (i > 0) {
        i--;
        o = Math.max(0, filterHistories(store.histories(issues[i]!, false), fieldIds).length - 1);
      }
    }
  }

  // `{issueChangeLogs: [{issueId, changeHistories}], nextPageToken?}`, written as JSON text (up to 10,000
  // histories a page: their objects and JSON.stringify were most of this endpoint's CPU).
  const out = new JsonText().push('{"issueChangeLogs":[');
  let taken = 0;
  while (i < issues.length && taken < maxResults) {
    const issue = issues[i]!;
    // Not cached: a page reads up to 1,000 issues once each, which only pushed out the cache's useful
    // entries and kept thousands of histories alive for the garbage collector to copy.
    const list = filterHistories(store.histories(issue, false), fieldIds);
    const slice = list.slice(o, o + (maxResults - taken));
    if (slice.length > 0) {
      out.push(`${taken > 0 ? ',' : ''}{"issueId":${JSON.stringify(issue.id)},"changeHistories":[`);
      for (const [k, h] of slice.entries())
        writeHistory(out, env, h, settings.bulkEpochSecondsCreated, k === 0);
      out.push(']}');
    }
    taken += slice.length;
    if (o + slice.length >= list.length) {
      i++;
      o = 0;
    } else {
      o += slice.length;
    }
  }
  out.push(']');
  if (i < issues.length) {
    const token = Buffer.from(JSON.stringify({ h: hash, i, o })).toString('base64url');
    out.push(`,"nextPageToken":${JSON.stringify(token)}`);
  }
  out.push('}');
  return { status: 200, body: out };
}
