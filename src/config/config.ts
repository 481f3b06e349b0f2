import type { LevelWithSilent } from 'pino';
import type { MetricsPolicy } from '../metrics/policy.js';
import type { AdoAuth } from './ado-auth.js';

/** Where the data goes: a PostgreSQL server, or embedded PostgreSQL (PGlite) in a folder. */
export type DatabaseConfig =
  | {
      kind: 'postgres';
      connection:
        | { connectionString: string }
        | { host: string; port: number; user: string; password?: string; database: string };
      /** The server as shown to people: host, port and database, never the password. */
      display: string;
    }
  | { kind: 'pglite'; dataDir: string; display: string };

export interface AdoConfig {
  organization: string;
  /** Projects whose items are synced (ADO_PROJECT plus the projects of ADO_SCRUM_PROJECT), in order, distinct. */
  projects: string[];
  /**
   * ADO_PROJECT=*: every project of the organisation, read as one organisation-level stream (`projects`
   * then holds only the ADO_SCRUM_PROJECT projects, for their sprints).
   */
  wholeOrganization: boolean;
  /** ADO_SCRUM_PROJECT pairs: their team iterations are synced. */
  teams: { project: string; team: string }[];
  /** How to sign in (ADO_AUTH): the personal access token, or Microsoft Entra ID. */
  auth: AdoAuth;
  /** No trailing slash. Default https://dev.azure.com. */
  baseUrl: string;
  /** Field reference name holding the customer. Default Custom.CustomerName. */
  customerField: string;
  /**
   * ADO_STORY_POINTS_FIELD: the field holding an item's estimate. Unset: the first of
   * Microsoft.VSTS.Scheduling.StoryPoints (Agile), .Effort (Scrum), .Size (CMMI) the item holds.
   */
  storyPointsField?: string;
}

export interface JiraConfig {
  /** No trailing slash. */
  url: string;
  projectKeys: string[];
  email: string;
  apiToken: string;
  /** Default customfield_10001. */
  customerFieldId: string;
  /** Default customfield_10020; when unset and that is not the sprint field of the site, found by type. */
  sprintFieldId: string;
  /** Whether JIRA_SPRINT_FIELD_ID was set (then it is used as given, never replaced). */
  sprintFieldSet: boolean;
  /**
   * JIRA_STORY_POINTS_FIELD_ID. Unset: the number fields named "Story point estimate" (team-managed) and
   * "Story Points" (company-managed), found at start-up and logged.
   */
  storyPointsFieldId?: string;
  /**
   * The site's cloud id (JIRA_CLOUD_ID): calls go through the API gateway, as scoped API tokens (service
   * accounts) require. Unset: the site URL, and the gateway only when the site refuses the token (401).
   */
  cloudId?: string;
  /** The Atlassian API gateway (JIRA_API_GATEWAY_URL). Default https://api.atlassian.com. */
  gatewayUrl: string;
  /**
   * Whether a 401 on the site may be tried again through the gateway: for Atlassian Cloud sites
   * (*.atlassian.net, *.jira.com) or with JIRA_API_GATEWAY_URL set; never towards a host nobody named.
   */
  probeGateway: boolean;
}

/** The validated configuration; the only place that reads the environment is `loadConfig`. */
export interface Config {
  database: DatabaseConfig;
  /** Present when the platform is configured. */
  ado?: AdoConfig;
  jira?: JiraConfig;
  /** Schema of the ADO tables. Default public. */
  adoSchema: string;
  /** Schema of the Jira tables. Default jira_sync. */
  jiraSchema: string;
  /** Minutes between continuous syncs. Default 60. */
  syncIntervalMinutes: number;
  /** Default logs. */
  logDir: string;
  /** Default info. */
  logLevel: LevelWithSilent;
  /** Embedded database and other local state. Default ./data. */
  dataDir: string;
  /** Read-only role granted SELECT by every migration when it exists (WORKSYNC_READER_ROLE). Default worksync_reader. */
  readerRole: string;
  /**
   * Platform URL variables on plain http to a host outside loopback, allowed by
   * WORKSYNC_ALLOW_INSECURE_HTTP=true (absent otherwise: such a URL is a configuration error).
   */
  insecureHttp?: string[];
  /** Port of the health and metrics endpoint; off when absent. */
  httpPort?: number;
  /** KPI computation: trailing window (METRICS_WINDOW_DAYS, default 30) and SLA days per severity (SLA_POLICY). */
  metrics: MetricsPolicy;
  /** Every configured secret in the forms it could leak; used to mask output. */
  secrets: string[];
}
