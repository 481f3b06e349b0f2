import { createHash } from 'node:crypto';
import type { AdoConfig } from '../../config/config.js';
import type { Cursor } from '../../domain/cursor.js';
import { isOrgScope, orgScope } from '../../domain/glossary.js';
import { type FieldChange, HISTORY_VERSION } from '../../domain/history.js';
import { emptyPage, type SyncPage } from '../../domain/page.js';
import type { Relation } from '../../domain/relation.js';
import type { Sprint } from '../../domain/sprint.js';
import type { StateCategory } from '../../domain/work-item.js';
import { HttpError } from '../../errors.js';
import type { HttpClientOptions } from '../../http/client.js';
import { prefetch } from '../../http/prefetch.js';
import type { RequestStats } from '../../http/request-stats.js';
import type { Logger } from '../../log/logger.js';
import type { Connector, DoctorCheck, ScopeSyncInput } from '../connector.js';
import type { FieldCatalog } from '../field-catalog.js';
import { AdoApi, BATCH_IDS, type RevisionRow } from './api.js';
import type { SignInOptions } from './auth/sign-in.js';
import { CarriedValues } from './carried-values.js';
import { IdCensus } from './census.js';
import { adoDoctor } from './doctor.js';
import { adoFieldCatalog } from './field-catalog.js';
import type { TrackedValues } from './map-item.js';
import { foldLinks, itemLinks, linkRelations } from './map-links.js';
import { RestoreWatch } from './restores.js';
import { groupByItem, mapRevisions } from './revisions-page.js';
import { sprintsOf } from './sprints.js';
import { StateCategories } from './state-categories.js';

/** Items whose iteration path changed in these rows: their sprint membership is rebuilt with the page. */
function iterationChanged(changes: FieldChange[]): string[] {
  return [...new Set(changes.filter((c) => c.field === 'iteration').map((c) => c.itemId))];
}

export interface AdoConnectorOptions {
  logger?: Logger;
  /** Overrides for the HTTP client (tests shorten backoff). */
  http?: Partial<HttpClientOptions>;
  /** Microsoft Entra ID sign-in settings (tests: the simulator's CA, a shorter refresh margin). */
  signIn?: SignInOptions;
  /** How long team iterations are trusted before they are read again, ms. Default 6 h. */
  sprintRefreshMs?: number;
  /** Ids per census WIQL window at first; shrunk (and remembered) when the service answers VS402337. Default 19,999. */
  wiqlWindow?: number;
}

/** Connector state kept in the cursor's `extra`. */
interface AdoCursorState {
  /** Continuation token of the reporting links stream. */
  linksToken?: string;
  /** `type|state` → category, from the work item types' states. */
  categories?: Record<string, StateCategory | null>;
  sprintsRefreshedAt?: number;
  /**
   * Set while the revision stream is read from its start again after a reset: stored values of earlier
   * revisions may be of an older history version then, so items met mid-history are read whole.
   */
  rereading?: boolean;
}

/**
 * Azure DevOps connector. Per scope (a project, or with ADO_PROJECT=* the whole organisation): every
 * revision through the reporting revisions API (its continuation token is the cursor: no WIQL cap,
 * nothing re-read), link events through the reporting links API, team iterations of the
 * ADO_SCRUM_PROJECT teams, and an id census by keyset WIQL windows for the source count, destroyed
 * items and items moved out. The organisation scope reads one stream instead of one per project, and
 * an item moved between projects arrives there whole, in order: no per-item reads.
 */
export class AdoConnector implements Connector {
  readonly platform = 'ado' as const;
  readonly projects: string[];
  private readonly api: AdoApi;
  private readonly sprintRefreshMs: number;
  private readonly idCensus: IdCensus;

  constructor(
    private readonly config: AdoConfig,
    private readonly options: AdoConnectorOptions = {},
  ) {
    this.projects = config.wholeOrganization ? [orgScope(config.organization)] : config.projects;
    this.api = new AdoApi(config, {
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.signIn ? { signIn: options.signIn } : {}),
      ...options.http,
    });
    this.sprintRefreshMs = options.sprintRefreshMs ?? 6 * 3600_000;
    this.idCensus = new IdCensus(this.api, options.wiqlWindow, options.logger);
  }

  get requests(): RequestStats {
    return this.api.http.stats;
  }

  /** The teams whose iterations a scope syncs: the project's, or every configured one for the organisation. */
  private teamsOf(scope: string): { project: string; team: string }[] {
    return this.config.teams.filter((t) => isOrgScope(scope) || t.project === scope);
  }

  private filterHash(scope: string): string {
    return createHash('sha1')
      .update(
        JSON.stringify([
          scope,
          this.config.customerField,
          this.config.storyPointsField,
          'reporting-v1',
          HISTORY_VERSION,
        ]),
      )
      .digest('hex')
      .slice(0, 12);
  }

  /** Authentication is checked by the first request of each scope; nothing extra to spend here. */
  async preflight(): Promise<void> {}

  doctor(): Promise<DoctorCheck[]> {
    return adoDoctor(this.api, this.config);
  }

  fieldCatalog(): Promise<FieldCatalog> {
    return adoFieldCatalog(this.api, this.config);
  }

  async *syncScope(input: ScopeSyncInput): AsyncIterable<SyncPage> {
    const filterHash = this.filterHash(input.project);
    const previous = !input.full && input.cursor?.filterHash === filterHash ? input.cursor : undefined;
    let cursor: Cursor = previous ?? {
      watermark: null,
      continuation: null,
      filterHash,
      extra: { rereading: input.cursor !== undefined },
    };
    const state = (): AdoCursorState => (cursor.extra ?? {}) as AdoCursorState;
    // The API paths' project; none for the organisation scope.
    const project = isOrgScope(input.project) ? undefined : input.project;
    const ctx = new StateCategories(
      this.api,
      project,
      this.api.orgUrl,
      this.config.customerField,
      this.config.storyPointsField,
      state().categories ?? {},
    );

    const carried = new CarriedValues();
    const restores = new RestoreWatch();
    if (input.retryIds.length > 0) {
      const ids = input.retryIds.map(Number).filter(Number.isInteger);
      yield await this.itemsFromRevisions(ids, cursor, ctx, carried);
    }

    // Revisions: the continuation token is the cursor, written with each page. The next batch is
    // fetched while the current one is mapped and written.
    let next = prefetch(this.api.reportingRevisions(project, cursor.continuation ?? undefined));
    for (;;) {
      input.signal.throwIfAborted();
      const batch = await next;
      const more = !batch.isLastBatch && batch.values.length > 0;
      if (more) next = prefetch(this.api.reportingRevisions(project, batch.continuationToken));
      const page = await this.revisionsPage(batch.values, input, cursor, ctx, carried, restores);
      cursor = { ...page.cursor, continuation: batch.continuationToken ?? cursor.continuation };
      cursor.extra = { ...state(), categories: ctx.known, ...(more ? {} : { rereading: false }) };
      // Items whose newer revisions never came (moved to another project's stream) are stored as they are.
      yield more
        ? { ...page, cursor }
        : { ...page, cursor, itemStates: [...page.itemStates, ...carried.drain()] };
      if (!more) break;
    }

    // Link events: the last event of each link decides.
    for (;;) {
      input.signal.throwIfAborted();
      const batch = await this.api.reportingLinks(project, state().linksToken);
      const { current, removed } = foldLinks(batch.values);
      cursor = {
        ...cursor,
        extra: { ...state(), linksToken: batch.continuationToken ?? state().linksToken },
      };
      yield { ...emptyPage(cursor), relations: current, removedRelations: removed };
      if (batch.isLastBatch || batch.values.length === 0) break;
    }

    const sprints = await this.sprintsIfDue(input.project, input.full, state());
    if (sprints) {
      cursor = { ...cursor, extra: { ...state(), sprintsRefreshedAt: Date.now() } };
      yield { ...emptyPage(cursor), sprints };
    }

    yield* this.census(input, project, cursor, ctx, carried);
  }

  /** One reporting batch as a page; earlier values of items seen mid-history come from the store, or their full revisions. */
  private async revisionsPage(
    rows: RevisionRow[],
    input: ScopeSyncInput,
    cursor: Cursor,
    ctx: StateCategories,
    carried: CarriedValues,
    restores: RestoreWatch,
  ): Promise<SyncPage> {
    await ctx.ensure(rows);
    const groups = groupByItem(rows);
    const known = new Map<string, TrackedValues>();
    const needPrevious: { itemId: string; rev: number }[] = [];
    for (const [id, revs] of groups) {
      const itemId = String(id);
      const first = revs[0]!.rev;
      if (first === 1) continue;
      const values = carried.before(itemId, first);
      if (values) known.set(itemId, values);
      else needPrevious.push({ itemId, rev: first });
    }
    const stored = (cursor.extra as AdoCursorState | undefined)?.rereading
      ? new Map<string, TrackedValues>()
      : await input.stored.valuesBefore(needPrevious);
    for (const [itemId, values] of stored) known.set(itemId, values);
    // Items whose earlier revisions were never stored (e.g. moved in from a project not synced): read them whole.
    for (const { itemId } of needPrevious) {
      if (known.has(itemId)) continue;
      const id = Number(itemId);
      const revs = groups.get(id)!;
      // A deleted item's revisions answer 404: its earlier history is gone with it.
      const all = await this.revisionsOrNone(id);
      const first = revs[0]!.rev;
      groups.set(id, [...all.filter((r) => r.rev < first), ...revs]);
    }
    const mapped = mapRevisions(groups, (id) => known.get(String(id)), ctx);
    const restored = await restores.restored(groups, new Set(stored.keys()), input.stored);
    const watermark = Math.max(mapped.newestChange, cursor.watermark ? Date.parse(cursor.watermark) : 0);
    return {
      ...emptyPage({ ...cursor, watermark: watermark > 0 ? new Date(watermark).toISOString() : null }),
      items: mapped.items,
      stateChanges: mapped.stateChanges,
      fieldChanges: mapped.fieldChanges,
      sprintItemsFromPaths: iterationChanged(mapped.fieldChanges),
      deletions: mapped.deletions,
      failures: mapped.failures,
      itemStates: carried.settle(mapped.states, mapped.superseded),
      relations: await this.currentLinks(restored),
    };
  }

  /** The current work item links of the given items, both directions (restored items: no link event brings theirs back). */
  private async currentLinks(ids: number[]): Promise<Relation[]> {
    const out = new Map<string, Relation>();
    for (let i = 0; i < ids.length; i += BATCH_IDS) {
      for (const item of await this.api.relationsOf(ids.slice(i, i + BATCH_IDS)))
        for (const r of itemLinks(item.id, item.relations).flatMap(linkRelations))
          out.set(`${r.sourceId}|${r.targetId}|${r.relationRaw}`, r);
    }
    return [...out.values()];
  }

  /** Every revision of an item, or none when it no longer exists (deleted or destroyed: 404). */
  private async revisionsOrNone(id: number): Promise<RevisionRow[]> {
    try {
      return await this.api.revisions(id);
    } catch (error) {
      if (error instanceof HttpError && error.details.status === 404) return [];
      throw error;
    }
  }

  /** Items read whole through their revisions (retries, census finds). */
  private async itemsFromRevisions(
    ids: number[],
    cursor: Cursor,
    ctx: StateCategories,
    carried: CarriedValues,
  ): Promise<SyncPage> {
    const rows: RevisionRow[] = [];
    for (const id of ids) rows.push(...(await this.revisionsOrNone(id)));
    await ctx.ensure(rows);
    const mapped = mapRevisions(groupByItem(rows), () => undefined, ctx);
    return {
      ...emptyPage(cursor),
      items: mapped.items,
      stateChanges: mapped.stateChanges,
      fieldChanges: mapped.fieldChanges,
      sprintItemsFromPaths: iterationChanged(mapped.fieldChanges),
      deletions: mapped.deletions,
      failures: mapped.failures,
      itemStates: carried.settle(mapped.states, mapped.superseded),
    };
  }

  private async sprintsIfDue(
    scope: string,
    full: boolean,
    state: AdoCursorState,
  ): Promise<Sprint[] | undefined> {
    const teams = this.teamsOf(scope);
    if (teams.length === 0) return undefined;
    const fresh =
      state.sprintsRefreshedAt !== undefined && Date.now() - state.sprintsRefreshedAt < this.sprintRefreshMs;
    if (!full && fresh) return undefined;
    const byId = new Map<string, Sprint>();
    for (const { project, team } of teams) {
      for (const sprint of sprintsOf(await this.api.teamIterations(project, team), team)) {
        const known = byId.get(sprint.id);
        byId.set(sprint.id, known ? { ...sprint, team: `${known.team}, ${team}` } : sprint);
      }
    }
    return [...byId.values()];
  }

  /**
   * Ids at the source by keyset WIQL windows (below the cap, learned from VS402337) against the stored ids: items
   * missing here are read whole; stored items gone there are looked up (moved to another project) or
   * marked deleted (destroyed). Gives the source count.
   */
  private async *census(
    input: ScopeSyncInput,
    project: string | undefined,
    cursor: Cursor,
    ctx: StateCategories,
    carried: CarriedValues,
  ): AsyncIterable<SyncPage> {
    const source = await this.idCensus.ids(project, input.signal);
    const stored = await input.stored.ids();
    const missingHere = [...source].filter((id) => !stored.has(id));
    const goneThere = [...stored].filter((id) => !source.has(id));
    for (let i = 0; i < missingHere.length; i += BATCH_IDS) {
      yield await this.itemsFromRevisions(missingHere.slice(i, i + BATCH_IDS), cursor, ctx, carried);
    }
    if (goneThere.length > Math.max(50, stored.size / 2)) {
      this.options.logger?.error(
        { project: input.project, missing: goneThere.length, stored: stored.size },
        `census: ${goneThere.length} of ${stored.size} stored items of ${input.project} are not visible any more; not marking them deleted (check the token's access to the project)`,
      );
      yield { ...emptyPage(cursor), sourceCount: source.size };
      return;
    }
    const deletions = [];
    for (let i = 0; i < goneThere.length; i += BATCH_IDS) {
      const ids = goneThere.slice(i, i + BATCH_IDS);
      const found = await this.api.workItemsBatch(ids);
      const alive = new Set(found.map((f) => f.id));
      const moved = found.map((f) => f.id);
      if (moved.length > 0) yield await this.itemsFromRevisions(moved, cursor, ctx, carried);
      const now = new Date();
      for (const id of ids) if (!alive.has(id)) deletions.push({ numericId: id, deletedAt: now });
    }
    yield { ...emptyPage(cursor), deletions, sourceCount: source.size };
  }
}
