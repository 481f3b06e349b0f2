/**
 * Behaviour switches of the simulator, changeable at run time through the control API.
 * Defaults follow the notes' best knowledge of Jira Cloud; the comments say where it is unconfirmed.
 */
export interface JiraSettings {
  /** Search page cap when only `id`/`key` are requested (Spec: "max 5000"). */
  idOnlyPageCap: number;
  /** Search page cap with any other field or with `expand=changelog` (unconfirmed; 100 is what clients see). */
  fieldsPageCap: number;
  /** Histories embedded by `expand=changelog` on `/search/jql` (unconfirmed: 20 or 40). */
  searchChangelogCap: number;
  /** Histories embedded by `expand=changelog` on `GET /issue` (100 as the old search did). */
  issueChangelogCap: number;
  /** Histories embedded by `/issue/bulkfetch` (Spec: 40). */
  bulkIssueChangelogCap: number;
  /** `/issue/{id}/changelog` page cap. */
  changelogPageCap: number;
  /** The removed `/rest/api/3/search` answers 410 unless true ("legacy still works" for old clients). */
  legacySearch: boolean;
  /** 401 body: Jira's plain text or its JSON ErrorCollection (both observed). */
  unauthorizedStyle: 'text' | 'json';
  /** Requests without any credentials get 200 with an empty search page instead of 401. */
  anonymousEmptySearch: boolean;
  /** Bulk changelog quirk (JRACLOUD-94906): repeat the previous page's last history at the top of the next page. */
  bulkRepeatLastHistory: boolean;
  /** Bulk changelog quirk: `created` as epoch seconds (as the Spec example shows). */
  bulkEpochSecondsCreated: boolean;
  /** 429s from the fault injector: which limiter they claim and what body they carry. */
  rateLimitReason:
    | 'jira-burst-based'
    | 'jira-quota-global-based'
    | 'jira-quota-tenant-based'
    | 'jira-per-issue-on-write'
    | 'gateway';
  rateLimitBody: 'json' | 'empty' | 'html';
  /** Enforce the burst token buckets (per endpoint and method; GET/POST 100 rps) on real time. */
  enforceBurstLimits: boolean;
}

export const DEFAULT_SETTINGS: JiraSettings = {
  idOnlyPageCap: 5000,
  fieldsPageCap: 100,
  searchChangelogCap: 40,
  issueChangelogCap: 100,
  bulkIssueChangelogCap: 40,
  changelogPageCap: 100,
  legacySearch: false,
  unauthorizedStyle: 'text',
  anonymousEmptySearch: false,
  bulkRepeatLastHistory: false,
  bulkEpochSecondsCreated: false,
  rateLimitReason: 'jira-burst-based',
  rateLimitBody: 'json',
  enforceBurstLimits: false,
};
