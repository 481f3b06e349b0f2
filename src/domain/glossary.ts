/**
 * Glossary of worksync's vocabulary (types only, no I/O).
 *
 * - platform: `ado` (Azure DevOps Boards) or `jira` (Jira Cloud). Each has its own database schema.
 * - scope: one unit of sync and of locking: a platform plus a project (ADO project name, Jira project key),
 *   or a whole ADO organisation (`org:<organization>`, with ADO_PROJECT=*): one stream for every project.
 * - work item: an item of any type (Bug, Story, Task, Epic...) in the common shape of `WorkItem`.
 * - state category: the platform-independent phase of a state: proposed | in_progress | resolved | completed | removed.
 * - change: one revision (ADO) or changelog entry (Jira); identified per item by `changeId`.
 * - cursor: what a scope's sync has covered; written in the same transaction as the rows it covers.
 * - page: one batch of items (with their history and relations) written atomically with its cursor.
 */
export type Platform = 'ado' | 'jira';

export const PLATFORMS: readonly Platform[] = ['ado', 'jira'];

/** The original tool's log file per platform, kept for compatibility (under LOG_DIR). */
export const PLATFORM_LOG_FILE: Record<Platform, string> = {
  ado: 'ado_export.log',
  jira: 'jira_export.log',
};

/** Prefix of a scope that covers every project of an organisation; `:` is not allowed in ADO project names. */
const ORG_SCOPE_PREFIX = 'org:';

/** The scope name of a whole organisation. */
export function orgScope(organization: string): string {
  return `${ORG_SCOPE_PREFIX}${organization}`;
}

/** Whether a scope covers every project (its items carry their own project names). */
export function isOrgScope(scope: string): boolean {
  return scope.startsWith(ORG_SCOPE_PREFIX);
}
