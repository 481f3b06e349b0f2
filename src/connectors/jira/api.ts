import type { JiraConfig } from '../../config/config.js';
import { HttpClient, type HttpClientOptions } from '../../http/client.js';
import { readJsonStreaming } from '../../http/json-stream.js';
import type { Logger } from '../../log/logger.js';
import type { JiraFieldDetails } from './field-catalog.js';

/** `/search/jql` answer: token pages, no total. */
export interface SearchPage {
  issues: unknown[];
  nextPageToken?: string | null;
  isLast?: boolean;
}

/** `/changelog/bulkfetch` answer, each issue's entry (`issueChangeLogs[]`) as `read` made it. */
export interface BulkChangelogPage<L> {
  logs: L[];
  nextPageToken?: string | null;
}

export interface JiraStatus {
  id: string;
  name: string;
  statusCategory?: { key?: string };
}

/** Page size asked of `/search/jql` with fields (the server may return fewer). */
export const SEARCH_PAGE_SIZE = 100;
/** Page size asked of `/search/jql` for an id-only census (the documented maximum). */
export const CENSUS_PAGE_SIZE = 5000;
/** Issues per `/changelog/bulkfetch` request (the documented maximum). */
export const CHANGELOG_ISSUES_PER_REQUEST = 1000;
/** Histories per `/changelog/bulkfetch` page (the documented maximum). */
export const CHANGELOG_PAGE_SIZE = 10_000;

/** The Jira Cloud REST v3 calls worksync makes, over the one HTTP client. */
export class JiraApi {
  readonly http: HttpClient;
  private readonly siteUrl: string;
  private readonly gatewayUrl: string;

  /** REST v3 through the API gateway: the only way scoped API tokens (service accounts) work. */
  static gatewayBase(gatewayUrl: string, cloudId: string): string {
    return `${gatewayUrl}/ex/jira/${encodeURIComponent(cloudId)}/rest/api/3`;
  }

  /** Sends the next calls through the API gateway, for the site with this cloud id. */
  useGateway(cloudId: string): void {
    this.http.rebase(JiraApi.gatewayBase(this.gatewayUrl, cloudId));
  }

  /** The site's cloud id, from its unauthenticated `/_edge/tenant_info`. */
  async tenantCloudId(): Promise<string> {
    const body = await this.http.json<{ cloudId: string }>({
      path: `${this.siteUrl}/_edge/tenant_info`,
      endpoint: 'tenant_info',
    });
    return body.cloudId;
  }

  constructor(
    config: JiraConfig,
    options: { signal?: AbortSignal; logger?: Logger } & Partial<HttpClientOptions> = {},
  ) {
    const auth = Buffer.from(`${config.email}:${config.apiToken}`).toString('base64');
    this.siteUrl = config.url;
    this.gatewayUrl = config.gatewayUrl;
    this.http = new HttpClient({
      baseUrl: config.cloudId
        ? JiraApi.gatewayBase(config.gatewayUrl, config.cloudId)
        : `${config.url}/rest/api/3`,
      headers: { authorization: `Basic ${auth}` },
      authHint:
        'check JIRA_USER_EMAIL and JIRA_API_TOKEN (an API token of that user, with Browse projects permission)',
      ...options,
    });
  }

  myself(): Promise<{ accountId: string; displayName?: string; timeZone?: string }> {
    return this.http.json({ path: '/myself', endpoint: 'myself' });
  }

  statuses(): Promise<JiraStatus[]> {
    return this.http.json({ path: '/status', endpoint: 'status' });
  }

  /** Every field of the site, system and custom, with its schema. */
  fields(): Promise<JiraFieldDetails[]> {
    return this.http.json({ path: '/field', endpoint: 'field' });
  }

  project(key: string): Promise<{ id: string; key: string; name: string }> {
    return this.http.json({ path: `/project/${encodeURIComponent(key)}`, endpoint: 'project' });
  }

  search(jql: string, fields: string[], maxResults: number, nextPageToken?: string): Promise<SearchPage> {
    return this.http.json({
      method: 'POST',
      path: '/search/jql',
      endpoint: 'search/jql',
      body: { jql, fields, maxResults, ...(nextPageToken ? { nextPageToken } : {}) },
    });
  }

  async approximateCount(jql: string): Promise<number> {
    const body = await this.http.json<{ count: number }>({
      method: 'POST',
      path: '/search/approximate-count',
      endpoint: 'search/approximate-count',
      body: { jql },
    });
    return body.count;
  }

  /**
   * One page of changelogs (up to 10,000 histories), read as it streams in: each issue's entry of
   * `issueChangeLogs` goes through `read` (which validates and compacts it) as soon as it has arrived,
   * so the page's text and raw objects are never held whole.
   */
  bulkChangelog<L>(
    issueIds: string[],
    nextPageToken: string | undefined,
    read: (issueChangeLog: unknown) => L,
  ): Promise<BulkChangelogPage<L>> {
    return this.http.json(
      {
        method: 'POST',
        path: '/changelog/bulkfetch',
        endpoint: 'changelog/bulkfetch',
        body: {
          issueIdsOrKeys: issueIds,
          maxResults: CHANGELOG_PAGE_SIZE,
          ...(nextPageToken ? { nextPageToken } : {}),
        },
      },
      async (text) => {
        const logs: L[] = [];
        const rest = await readJsonStreaming(text, 'issueChangeLogs', (log) => logs.push(read(log)));
        const token = rest.nextPageToken;
        return { logs, nextPageToken: typeof token === 'string' ? token : null };
      },
    );
  }

  /** Up to 100 issues by id or key; unknown or deleted ones are silently omitted, moved ones come with their new key. */
  bulkIssues(idsOrKeys: string[], fields: string[]): Promise<{ issues: unknown[] }> {
    return this.http.json({
      method: 'POST',
      path: '/issue/bulkfetch',
      endpoint: 'issue/bulkfetch',
      body: { issueIdsOrKeys: idsOrKeys, fields },
    });
  }
}
