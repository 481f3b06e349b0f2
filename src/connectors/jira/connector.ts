import { createHash } from 'node:crypto';
import type { JiraConfig } from '../../config/config.js';
import type { Cursor } from '../../domain/cursor.js';
import { type FieldChange, HISTORY_VERSION, type StateChange } from '../../domain/history.js';
import { emptyPage, type SyncPage } from '../../domain/page.js';
import type { Sprint, SprintMembership } from '../../domain/sprint.js';
import type { StateCategory } from '../../domain/work-item.js';
import { describeError } from '../../errors.js';
import type { HttpClientOptions } from '../../http/client.js';
import { prefetch, readAhead } from '../../http/prefetch.js';
import type { RequestStats } from '../../http/request-stats.js';
import type { Logger } from '../../log/logger.js';
import type { Connector, DoctorCheck, ScopeSyncInput } from '../connector.js';
import type { FieldCatalog } from '../field-catalog.js';
import { CENSUS_PAGE_SIZE, CHANGELOG_ISSUES_PER_REQUEST, JiraApi, SEARCH_PAGE_SIZE } from './api.js';
import {
  addHistoryPage,
  compactChangelog,
  historyRows,
  learnStatuses,
  type MappedIssues,
  mapIssues,
  type ParsedHistories,
  relationsOf,
  sprintsOf,
} from './batch.js';
import { jiraDoctor } from './doctor.js';
import { jiraFieldCatalog } from './field-catalog.js';
import {
  configuredFields,
  type DiscoveredFields,
  discoverFields,
  needsDiscovery,
} from './field-discovery.js';
import { keysJql, projectJql, updatedSinceJql } from './jql.js';
import { categoryOf, type JiraMapContext } from './map-issue.js';
import { sprintMembership } from './map-sprint-items.js';
import type { JiraHistory } from './schema.js';
import { signIn } from './sign-in.js';

/** A batch of mapped issues with the changelogs of those whose history is written. */
interface ReadyBatch extends ParsedHistories {
  batch: MappedIssues;
  /**
   * Issues whose histories are written, by issue id, with the time (ms since the epoch) from which their
   * history rows are written: the stored `updated` of a stored issue (older rows were written with it), 0
   * for all.
   */
  changed: Map<string, number>;
}

export interface JiraConnectorOptions {
  logger?: Logger;
  /** Re-read window behind the cursor, ms: covers search's eventual consistency and clock skew. Default 10 min. */
  overlapMs?: number;
  /** Issues per batch, whose changelogs are fetched together (at most 1000 ids per request). Default 1000. */
  batchSize?: number;
  /**
   * Issues per written page (one transaction): a batch is written in pages of this size once its
   * changelogs are in, so that rows, parameters and SQL text exist for one page at a time. Default 250.
   */
  pageSize?: number;
  /** Overrides for the HTTP client (tests shorten backoff). */
  http?: Partial<HttpClientOptions>;
}

/** Fields asked of search: what the mapper reads. `raw` holds exactly these. */
function fieldList(config: JiraConfig, found: DiscoveredFields): string[] {
  return [
    'summary',
    'status',
    'issuetype',
    'project',
    'created',
    'updated',
    'resolutiondate',
    'statuscategorychangedate',
    'priority',
    'assignee',
    'reporter',
    'creator',
    'components',
    'labels',
    'description',
    'parent',
    'subtasks',
    'issuelinks',
    'resolution',
    'duedate',
    'fixVersions',
    found.sprintFieldId,
    config.customerFieldId,
    ...found.storyPointsFieldIds,
  ];
}

/**
 * Jira Cloud connector. Per project: issues through `/search/jql` (epoch-ms bound behind the cursor,
 * ordered by updated then id, token paging), complete changelogs through `/changelog/bulkfetch` for the
 * issues that changed, a census of ids when the counts disagree (deletions and moves).
 */
export class JiraConnector implements Connector {
  readonly platform = 'jira' as const;
  readonly projects: string[];
  private readonly api: JiraApi;
  private fields: string[];
  private mapContext: JiraMapContext;
  /** Whether the custom fields in use (`mapContext`) are settled: set, or found on the site. */
  private fieldsChecked: boolean;
  private readonly statusCategories = new Map<string, StateCategory | null>();
  private statusesLoaded = false;
  private readonly overlapMs: number;
  private readonly batchSize: number;
  private readonly pageSize: number;

  constructor(
    private readonly config: JiraConfig,
    private readonly options: JiraConnectorOptions = {},
  ) {
    this.projects = config.projectKeys;
    this.api = new JiraApi(config, {
      ...(options.logger ? { logger: options.logger } : {}),
      ...options.http,
    });
    this.fieldsChecked = !needsDiscovery(config);
    const fields = configuredFields(config);
    this.fields = fieldList(config, fields);
    this.mapContext = { siteUrl: config.url, customerFieldId: config.customerFieldId, ...fields };
    this.overlapMs = options.overlapMs ?? 10 * 60_000;
    this.batchSize = options.batchSize ?? 1000;
    this.pageSize = options.pageSize ?? 250;
  }

  get requests(): RequestStats {
    return this.api.http.stats;
  }

  /** The filter the cursor was made with: a change of fields or project resets the cursor. */
  private filterHash(project: string): string {
    return createHash('sha1')
      .update(JSON.stringify([project, this.fields, HISTORY_VERSION]))
      .digest('hex')
      .slice(0, 12);
  }

  /** Fails fast on bad credentials: an anonymous search would answer 200 with nothing. */
  async preflight(): Promise<void> {
    await signIn(this.api, this.config, this.options.logger);
    if (!this.fieldsChecked) await this.findFields();
  }

  /** With a custom field unset, once per process (one request): the field list settles it (see discoverFields). */
  private async findFields(): Promise<void> {
    const found = await discoverFields(this.api, this.config, this.options.logger);
    this.fieldsChecked = true;
    this.fields = fieldList(this.config, found);
    this.mapContext = { ...this.mapContext, ...found };
  }

  doctor(): Promise<DoctorCheck[]> {
    return jiraDoctor(this.api, this.config);
  }

  fieldCatalog(): Promise<FieldCatalog> {
    return jiraFieldCatalog(this.api, this.projects);
  }

  async *syncScope(request: ScopeSyncInput): AsyncIterable<SyncPage> {
    const filterHash = this.filterHash(request.project);
    const previous = !request.full && request.cursor?.filterHash === filterHash ? request.cursor : undefined;
    let cursor: Cursor = previous ?? { watermark: null, continuation: null, filterHash };
    // A cursor made with other fields or an older history version: every changelog is read again,
    // changed issues or not, so that stored histories hold what is tracked now.
    const input = !previous && request.cursor ? { ...request, full: true } : request;

    if (input.retryIds.length > 0) {
      for (let i = 0; i < input.retryIds.length; i += SEARCH_PAGE_SIZE) {
        const keys = input.retryIds.slice(i, i + SEARCH_PAGE_SIZE);
        for await (const issues of this.searchPages(keysJql(input.project, keys), input.signal)) {
          yield* this.batchPages(this.mapBatch(issues), cursor, input, true);
        }
      }
    }

    const since = cursor.watermark ? Date.parse(cursor.watermark) - this.overlapMs : undefined;
    // From scratch (first or full sync) the search lists every issue of the project: their ids are the
    // census, no second listing needed.
    const listed = previous === undefined ? new Set<number>() : undefined;
    const search = this.searchPages(updatedSinceJql(input.project, since), input.signal);
    // The next batch is listed and its changelogs fetched while this one is written.
    for await (const ready of readAhead(this.prepared(this.batches(search, listed), input))) {
      for (const page of this.pagesOf(ready, cursor)) {
        cursor = page.cursor;
        yield page;
      }
    }
    yield* this.census(input, cursor, listed);
  }

  /**
   * Search pages gathered into batches of `batchSize` issues (the last one smaller), each page mapped as
   * it arrives: a batch holds mapped issues, never its raw pages. Adds every issue id to `listed`.
   */
  private async *batches(
    pages: AsyncIterable<unknown[]>,
    listed: Set<number> | undefined,
  ): AsyncIterable<MappedIssues> {
    let batch = this.mapBatch([]);
    const size = () => batch.issues.length + batch.failures.length;
    for await (const issues of pages) {
      if (listed)
        for (const issue of issues) {
          const id = Number((issue as { id?: unknown }).id);
          if (Number.isSafeInteger(id)) listed.add(id);
        }
      this.mapBatch(issues, batch);
      if (size() >= this.batchSize) {
        yield batch;
        batch = this.mapBatch([]);
      }
    }
    if (size() > 0) yield batch;
  }

  /** Raw issues validated and mapped into `into` (status categories learnt on the way); the raw JSON is not kept. */
  private mapBatch(raw: unknown[], into?: MappedIssues): MappedIssues {
    const before = into?.issues.length ?? 0;
    const mapped = mapIssues(raw, this.mapContext, into);
    learnStatuses(
      mapped.issues.slice(before).map((i) => i.issue),
      this.statusCategories,
    );
    return mapped;
  }

  /** Token pages of a search, each the raw issues. */
  private async *searchPages(
    jql: string,
    signal: AbortSignal,
    fields = this.fields,
    size = SEARCH_PAGE_SIZE,
  ): AsyncIterable<unknown[]> {
    // The next page is requested before this one is handed on, so fetching overlaps mapping and writing.
    let next = prefetch(this.api.search(jql, fields, size));
    for (;;) {
      signal.throwIfAborted();
      const page = await next;
      const token = page.isLast === true ? undefined : (page.nextPageToken ?? undefined);
      if (token) next = prefetch(this.api.search(jql, fields, size, token));
      if (page.issues.length > 0) yield page.issues;
      if (!token) return;
    }
  }

  /** Category of a status by id or name; loads `/status` once when the issues did not teach it. */
  private async ensureStatuses(histories: Iterable<JiraHistory[]>): Promise<void> {
    if (this.statusesLoaded) return;
    for (const list of histories) {
      for (const history of list) {
        for (const item of history.items) {
          if (item.fieldId !== 'status' && item.field !== 'status') continue;
          for (const ref of [item.from, item.to]) {
            if (ref && !this.statusCategories.has(ref)) {
              const statuses = await this.api.statuses();
              for (const s of statuses) {
                const category = categoryOf(s.statusCategory?.key);
                this.statusCategories.set(s.id, category);
                this.statusCategories.set(s.name, category);
              }
              this.statusesLoaded = true;
              return;
            }
          }
        }
      }
    }
  }

  /**
   * Complete changelogs of the given issues, merged across pages (an issue's histories may span pages;
   * repeated entries are removed when mapped), each page validated and compacted as it arrives.
   */
  private async changelogs(issueIds: string[], signal: AbortSignal): Promise<ParsedHistories> {
    const parsed: ParsedHistories = { histories: new Map(), failures: new Map() };
    for (let i = 0; i < issueIds.length; i += CHANGELOG_ISSUES_PER_REQUEST) {
      const chunk = issueIds.slice(i, i + CHANGELOG_ISSUES_PER_REQUEST);
      let token: string | undefined;
      do {
        signal.throwIfAborted();
        const page = await this.api.bulkChangelog(chunk, token, (log) =>
          compactChangelog(log, this.mapContext),
        );
        addHistoryPage(parsed, page.logs);
        token = page.nextPageToken ?? undefined;
      } while (token);
    }
    return parsed;
  }

  /** Batches with their changelogs, fetched as each batch is asked for. */
  private async *prepared(
    batches: AsyncIterable<MappedIssues>,
    input: ScopeSyncInput,
  ): AsyncIterable<ReadyBatch> {
    for await (const batch of batches) yield await this.prepare(batch, input, false);
  }

  /**
   * A batch of mapped issues with its histories: those of the issues whose `updated` differs from what
   * is stored (or all, for retries and full syncs) come from one changelog fetch for the whole batch (as
   * few requests as the batch allows). A changelog holds the whole history of an issue; of a stored issue
   * only the entries from its stored `updated` on are new (the older ones were written with it, in the
   * same transaction), so only those are written: an issue changed once does not rewrite its whole history.
   */
  private async prepare(
    batch: MappedIssues,
    input: ScopeSyncInput,
    forceHistory: boolean,
  ): Promise<ReadyBatch> {
    const stored = await input.stored.updatedAt(batch.issues.map((i) => i.item.numericId));
    const changed = new Map<string, number>();
    for (const { issue, item } of batch.issues) {
      const storedAt = stored.get(item.numericId);
      if (forceHistory || input.full || storedAt === undefined) changed.set(issue.id, 0);
      else if (storedAt !== item.updatedAt.getTime()) changed.set(issue.id, storedAt);
    }
    const parsed = await this.changelogs([...changed.keys()], input.signal);
    await this.ensureStatuses(parsed.histories.values());
    return { batch, changed, ...parsed };
  }

  /** Writes a batch of mapped issues (see prepare and pagesOf). */
  private async *batchPages(
    batch: MappedIssues,
    cursor: Cursor,
    input: ScopeSyncInput,
    forceHistory: boolean,
  ): AsyncIterable<SyncPage> {
    yield* this.pagesOf(await this.prepare(batch, input, forceHistory), cursor);
  }

  /**
   * A prepared batch as pages of `pageSize`: each page maps its issues' histories and drops them. Each
   * page's cursor moves to the newest `updated` written so far, as the search is ordered by it (a crash
   * between pages re-reads the rest of the batch). Always yields at least one page.
   */
  private *pagesOf(ready: ReadyBatch, cursor: Cursor): Iterable<SyncPage> {
    const { batch, changed, histories, failures: historyFailures } = ready;
    const { issues } = batch;
    const category = (ref: string | null | undefined) =>
      ref ? (this.statusCategories.get(ref) ?? null) : null;

    let watermark = cursor.watermark ? Date.parse(cursor.watermark) : 0;
    // The mapping failures go with the first page.
    let failures = batch.failures;
    // Taken off the batch page by page: what is written is not held until the batch ends.
    for (let first = true; first || issues.length > 0; first = false) {
      const stateChanges: StateChange[] = [];
      const fieldChanges: FieldChange[] = [];
      const okItems: MappedIssues['issues'] = [];
      const sprintItems: SprintMembership[] = [];
      const sprintItemsOf: string[] = [];
      for (const { issue, item } of issues.splice(0, this.pageSize)) {
        const historyFailure = historyFailures.get(issue.id);
        const list = histories.get(issue.id) ?? [];
        histories.delete(issue.id);
        if (historyFailure) {
          failures.push({ itemId: item.id, reason: historyFailure });
          continue;
        }
        const historySince = changed.get(issue.id);
        if (historySince !== undefined) {
          try {
            const rows = historyRows(issue, item, list, this.mapContext, category);
            // Strictly older than the stored `updated`: an entry of that same instant may be new.
            for (const row of rows.stateChanges)
              if (row.changedAt.getTime() >= historySince) stateChanges.push(row);
            for (const row of rows.fieldChanges)
              if (row.changedAt.getTime() >= historySince) fieldChanges.push(row);
            // Membership comes from the whole changelog, so it is replaced whole.
            sprintItems.push(...sprintMembership(issue, item.id, item.createdAt, list, this.mapContext));
            sprintItemsOf.push(item.id);
          } catch (error) {
            failures.push({ itemId: item.id, reason: describeError(error) });
            continue;
          }
        }
        okItems.push({ issue, item });
      }
      const sprints = new Map<string, Sprint>();
      for (const { issue } of okItems)
        for (const s of sprintsOf(issue, this.mapContext.sprintFieldId)) sprints.set(s.id, s);
      for (const { item } of okItems) watermark = Math.max(watermark, item.updatedAt.getTime());
      cursor = { ...cursor, watermark: watermark > 0 ? new Date(watermark).toISOString() : cursor.watermark };
      yield {
        ...emptyPage(cursor),
        items: okItems.map((i) => i.item),
        stateChanges,
        fieldChanges,
        relations: okItems.flatMap(({ issue }) => relationsOf(issue)),
        relationsOf: okItems.map((i) => i.item.id),
        sprints: [...sprints.values()],
        sprintItems,
        sprintItemsOf,
        failures,
      };
      failures = [];
    }
  }

  /**
   * Deletions and moves. `listed`: every id of the project, as a first or full sync's search listed them.
   * Otherwise, when the source's count equals the stored count nothing can be missing; else every id of
   * the project is listed. Stored ids missing at the source are looked up (a moved issue comes back
   * under its new key) or marked deleted; ids missing here are fetched.
   */
  private async *census(
    input: ScopeSyncInput,
    cursor: Cursor,
    listed: Set<number> | undefined,
  ): AsyncIterable<SyncPage> {
    let source = listed;
    if (!source) {
      const jql = projectJql(input.project);
      const approximate = await this.api.approximateCount(jql);
      const storedCount = await input.stored.count();
      if (approximate === storedCount) {
        yield { ...emptyPage(cursor), sourceCount: approximate };
        return;
      }
      source = new Set<number>();
      for await (const issues of this.searchPages(jql, input.signal, ['id'], CENSUS_PAGE_SIZE)) {
        for (const issue of issues) source.add(Number((issue as { id: string }).id));
      }
    }
    const stored = await input.stored.ids();
    const missingHere = [...source].filter((id) => !stored.has(id));
    const goneThere = [...stored].filter((id) => !source.has(id));

    for (let i = 0; i < missingHere.length; i += SEARCH_PAGE_SIZE) {
      const ids = missingHere.slice(i, i + SEARCH_PAGE_SIZE).map(String);
      const found = await this.api.bulkIssues(ids, this.fields);
      if (found.issues.length > 0) yield* this.batchPages(this.mapBatch(found.issues), cursor, input, true);
    }

    if (goneThere.length > Math.max(50, stored.size / 2)) {
      this.options.logger?.error(
        { project: input.project, missing: goneThere.length, stored: stored.size },
        `census: ${goneThere.length} of ${stored.size} stored issues of ${input.project} are not visible any more; not marking them deleted (check the API user's Browse permission)`,
      );
      yield { ...emptyPage(cursor), sourceCount: source.size };
      return;
    }
    const deletions = [];
    for (let i = 0; i < goneThere.length; i += SEARCH_PAGE_SIZE) {
      const ids = goneThere.slice(i, i + SEARCH_PAGE_SIZE);
      const found = await this.api.bulkIssues(ids.map(String), this.fields);
      const alive = new Set(found.issues.map((issue) => Number((issue as { id: string }).id)));
      // Moved to another project: stored again under its new key and project.
      if (found.issues.length > 0) yield* this.batchPages(this.mapBatch(found.issues), cursor, input, true);
      const now = new Date();
      for (const id of ids) if (!alive.has(id)) deletions.push({ numericId: id, deletedAt: now });
    }
    yield { ...emptyPage(cursor), deletions, sourceCount: source.size };
  }
}
