import type { AdoConfig } from '../../config/config.js';
import { HttpClient, type HttpClientOptions } from '../../http/client.js';
import type { Logger } from '../../log/logger.js';
import { type AdoSignIn, adoSignIn, type SignInOptions } from './auth/sign-in.js';
import type { AdoFieldDetails } from './field-catalog.js';
import type { AdoFields } from './fields.js';
import type { ItemRelation, ReportingLink } from './map-links.js';

/** The api-version worksync speaks. */
export const API_VERSION = '7.1';
/** Revisions per reporting page asked for (the service's maximum page size). */
export const REPORTING_PAGE_SIZE = 1000;
/** Ids per `workitemsbatch` request (the service's limit). */
export const BATCH_IDS = 200;
/** Revisions per page of the per-item revisions API. */
export const REVISIONS_PAGE_SIZE = 200;
/** Ids per WIQL answer: below the 20,000 cap (VS402337), so keyset windows never hit it. */
export const WIQL_WINDOW = 19_999;

export interface ReportingBatch<T> {
  values: T[];
  continuationToken?: string;
  nextLink?: string;
  isLastBatch: boolean;
}

export interface RevisionRow {
  id: number;
  rev: number;
  fields: AdoFields;
}

export interface WorkItemType {
  name: string;
  states?: { name: string; category?: string }[];
}

export interface TeamIteration {
  id: string;
  name: string;
  path?: string;
  attributes?: { startDate?: string | null; finishDate?: string | null; timeFrame?: string };
}

/** The Azure DevOps REST 7.1 calls worksync makes, over the one HTTP client. */
export class AdoApi {
  readonly http: HttpClient;
  /** `{baseUrl}/{organization}`: the root of every call, and of the browser links. */
  readonly orgUrl: string;
  /** How requests are signed (a PAT, or Microsoft Entra ID tokens). */
  readonly signIn: AdoSignIn;

  constructor(
    config: AdoConfig,
    options: { logger?: Logger; signIn?: SignInOptions } & Partial<HttpClientOptions> = {},
  ) {
    this.orgUrl = `${config.baseUrl}/${encodeURIComponent(config.organization)}`;
    const { signIn: signInOptions, ...http } = options;
    this.signIn = adoSignIn(config, signInOptions);
    this.http = new HttpClient({
      baseUrl: this.orgUrl,
      headers: {
        ...this.signIn.headers,
        // Without it a bad token gets a 200/203 HTML sign-in page instead of a 401.
        'x-tfs-fedauthredirect': 'Suppress',
        accept: `application/json;api-version=${API_VERSION}`,
      },
      authHint: this.signIn.authHint,
      ...(this.signIn.authorization ? { authorization: this.signIn.authorization } : {}),
      ...http,
    });
  }

  /** The path prefix of a project; none (organisation level) when undefined. */
  private static project(project: string | undefined): string {
    return project === undefined ? '' : `/${encodeURIComponent(project)}`;
  }

  getProject(project: string): Promise<{ id: string; name: string }> {
    return this.http.json({
      path: `/_apis/projects/${encodeURIComponent(project)}`,
      endpoint: 'core/projects',
    });
  }

  /** The organisation's projects (first page of up to 100: enough to show access). */
  async listProjects(): Promise<{ count: number; value: { name: string }[] }> {
    return this.http.json({ path: '/_apis/projects', endpoint: 'core/projects', query: { $top: 100 } });
  }

  getTeam(project: string, team: string): Promise<{ id: string; name: string }> {
    return this.http.json({
      path: `/_apis/projects/${encodeURIComponent(project)}/teams/${encodeURIComponent(team)}`,
      endpoint: 'core/teams',
    });
  }

  async workItemTypes(project: string): Promise<WorkItemType[]> {
    const body = await this.http.json<{ value: WorkItemType[] }>({
      path: `${AdoApi.project(project)}/_apis/wit/workitemtypes`,
      endpoint: 'wit/workitemtypes',
    });
    return body.value;
  }

  /** One batch of the revisions stream of a project, or of the whole organisation when undefined. */
  reportingRevisions(
    project: string | undefined,
    continuationToken?: string,
  ): Promise<ReportingBatch<RevisionRow>> {
    return this.http.json({
      path: `${AdoApi.project(project)}/_apis/wit/reporting/workitemrevisions`,
      endpoint: 'wit/reporting/workitemrevisions',
      query: {
        includeDeleted: true,
        // Identities as "Display Name <unique name>" strings: the IdentityRef form here has no display name.
        // Long text (description, repro steps) is only returned with $expand=fields.
        $expand: 'fields',
        $maxPageSize: REPORTING_PAGE_SIZE,
        continuationToken,
      },
    });
  }

  reportingLinks(
    project: string | undefined,
    continuationToken?: string,
  ): Promise<ReportingBatch<ReportingLink>> {
    return this.http.json({
      path: `${AdoApi.project(project)}/_apis/wit/reporting/workitemlinks`,
      endpoint: 'wit/reporting/workitemlinks',
      query: { continuationToken },
    });
  }

  /** Every revision of one item, oldest first (paged). Organisation-level: the item may have moved project. */
  async revisions(id: number): Promise<RevisionRow[]> {
    const out: RevisionRow[] = [];
    for (let skip = 0; ; skip += REVISIONS_PAGE_SIZE) {
      const page = await this.http.json<{ count: number; value: RevisionRow[] }>({
        path: `/_apis/wit/workitems/${id}/revisions`,
        endpoint: 'wit/workitems/revisions',
        query: { $top: REVISIONS_PAGE_SIZE, $skip: skip },
      });
      out.push(...page.value);
      if (page.value.length < REVISIONS_PAGE_SIZE) return out;
    }
  }

  /** Ids of the project's (or organisation's) items with an id above `afterId`, ascending, at most `top` of them. */
  async wiqlIdsAfter(project: string | undefined, afterId: number, top = WIQL_WINDOW): Promise<number[]> {
    const inProject = project === undefined ? '' : '[System.TeamProject] = @project AND ';
    const body = await this.http.json<{ workItems: { id: number }[] }>({
      method: 'POST',
      path: `${AdoApi.project(project)}/_apis/wit/wiql`,
      endpoint: 'wit/wiql',
      query: { $top: top, timePrecision: true },
      body: {
        query: `SELECT [System.Id] FROM WorkItems WHERE ${inProject}[System.Id] > ${Math.floor(afterId)} ORDER BY [System.Id] ASC`,
      },
    });
    return body.workItems.map((w) => w.id);
  }

  /** Every field of the organisation. */
  async fields(): Promise<AdoFieldDetails[]> {
    const body = await this.http.json<{ value: AdoFieldDetails[] }>({
      path: '/_apis/wit/fields',
      endpoint: 'wit/fields',
    });
    return body.value;
  }

  /** Ids of the most recently changed items of the projects (every project when undefined), newest first. */
  async recentlyChangedIds(projects: string[] | undefined, top: number): Promise<number[]> {
    const quoted = (projects ?? []).map((p) => `'${p.replaceAll("'", "''")}'`).join(', ');
    const where = projects === undefined ? '' : ` WHERE [System.TeamProject] IN (${quoted})`;
    const body = await this.http.json<{ workItems: { id: number }[] }>({
      method: 'POST',
      path: '/_apis/wit/wiql',
      endpoint: 'wit/wiql',
      query: { $top: top },
      body: { query: `SELECT [System.Id] FROM WorkItems${where} ORDER BY [System.ChangedDate] DESC` },
    });
    return body.workItems.map((w) => w.id);
  }

  /** Up to 200 items by id; missing or deleted ones are left out (errorPolicy omit). */
  async workItemsBatch(ids: number[]): Promise<{ id: number; rev: number; fields: AdoFields }[]> {
    const body = await this.http.json<{ value: ({ id: number; rev: number; fields: AdoFields } | null)[] }>({
      method: 'POST',
      path: '/_apis/wit/workitemsbatch',
      endpoint: 'wit/workitemsbatch',
      body: { ids, errorPolicy: 'omit' },
    });
    return body.value.filter((v): v is { id: number; rev: number; fields: AdoFields } => v !== null);
  }

  /** The current relations of up to 200 items (`$expand=relations`); missing or deleted ones are left out. */
  async relationsOf(ids: number[]): Promise<{ id: number; relations: ItemRelation[] }[]> {
    const body = await this.http.json<{ value: ({ id: number; relations?: ItemRelation[] } | null)[] }>({
      method: 'POST',
      path: '/_apis/wit/workitemsbatch',
      endpoint: 'wit/workitemsbatch',
      body: { ids, $expand: 'relations', errorPolicy: 'omit' },
    });
    return body.value.flatMap((v) => (v ? [{ id: v.id, relations: v.relations ?? [] }] : []));
  }

  async teamIterations(project: string, team: string): Promise<TeamIteration[]> {
    const body = await this.http.json<{ value: TeamIteration[] }>({
      path: `${AdoApi.project(project)}/${encodeURIComponent(team)}/_apis/work/teamsettings/iterations`,
      endpoint: 'work/teamsettings/iterations',
    });
    return body.value;
  }
}
