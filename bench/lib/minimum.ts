/**
 * The fewest requests the simulators' page limits allow for a sync, from the data sizes. These are lower
 * bounds a perfect client could reach, not what worksync is expected to do; see bench/README.md.
 */
import type { AdoStats, JiraStats } from './protocol.js';

/** Page caps of the simulators (sim/jira/settings.ts, sim/jira/changelog.ts, sim/ado/api.ts). */
export const CAPS = {
  /** `/search/jql` issues per page when fields other than id/key are asked (fieldsPageCap). */
  jiraSearchWithFields: 100,
  /** `/changelog/bulkfetch` issue ids per request. */
  jiraBulkChangelogIds: 1000,
  /** `/changelog/bulkfetch` histories per page (maxResults ≤ 10000). */
  jiraBulkChangelogHistories: 10_000,
  /** reporting/workitemrevisions rows per batch ($maxPageSize ≤ 1000). */
  adoReportingRevisions: 1000,
  /** reporting/workitemlinks rows per batch. */
  adoReportingLinks: 1000,
} as const;

export interface Minimum {
  total: number;
  /** The formula's terms, by endpoint, summed over projects. */
  parts: Record<string, number>;
  formula: string;
}

const ceil = (n: number, per: number) => Math.ceil(n / per);

function add(parts: Record<string, number>, key: string, n: number): void {
  parts[key] = (parts[key] ?? 0) + n;
}

function total(parts: Record<string, number>): number {
  return Object.values(parts).reduce((a, b) => a + b, 0);
}

/**
 * Jira full sync: per platform `myself` (credentials: an anonymous search answers 200 with nothing) and
 * `status` (categories of the statuses histories mention); per project p with N_p issues and H_p
 * changelog histories: ⌈N_p/100⌉ search pages + max(⌈N_p/1000⌉, ⌈H_p/10000⌉) bulk changelog pages. No
 * census: the full search already lists every id.
 */
export function jiraFullMinimum(stats: JiraStats): Minimum {
  const parts: Record<string, number> = { myself: 1, status: 1 };
  for (const { issues, histories } of Object.values(stats.projects)) {
    add(parts, 'search/jql', Math.max(1, ceil(issues, CAPS.jiraSearchWithFields)));
    add(
      parts,
      'changelog/bulkfetch',
      Math.max(ceil(issues, CAPS.jiraBulkChangelogIds), ceil(histories, CAPS.jiraBulkChangelogHistories)),
    );
  }
  return {
    total: total(parts),
    parts,
    formula:
      '1 myself + 1 status + Σ_projects [ max(1,⌈N_p/100⌉) search/jql + max(⌈N_p/1000⌉, ⌈H_p/10000⌉) changelog/bulkfetch ]',
  };
}

/**
 * Jira incremental sync with C_p changed issues in project p: `myself`; per project one search (pages of
 * 100 changed issues, at least one to learn there are none), the changed issues' changelogs (one page:
 * they hold far fewer than 10,000 histories), and one approximate count to detect deletions.
 */
export function jiraIncrementalMinimum(stats: JiraStats, changed: Record<string, number>): Minimum {
  const parts: Record<string, number> = { myself: 1 };
  for (const project of Object.keys(stats.projects)) {
    const c = changed[project] ?? 0;
    add(parts, 'search/jql', Math.max(1, ceil(c, CAPS.jiraSearchWithFields)));
    add(parts, 'changelog/bulkfetch', c > 0 ? ceil(c, CAPS.jiraBulkChangelogIds) : 0);
    add(parts, 'search/approximate-count', 1);
  }
  return {
    total: total(parts),
    parts,
    formula:
      '1 myself + Σ_projects [ max(1,⌈C_p/100⌉) search/jql + ⌈C_p/1000⌉ changelog/bulkfetch + 1 search/approximate-count ]',
  };
}

/** How worksync reads Azure DevOps in the run: one organisation stream (ADO_PROJECT=*) or one per project. */
export type AdoScopeMode = 'organization' | 'projects';

/** Adds the reporting batches of revisions/links counts: per project, or once over their sums. */
function addStreams(
  parts: Record<string, number>,
  mode: AdoScopeMode,
  counts: { revisions: number; links: number }[],
): void {
  const streams =
    mode === 'organization'
      ? [counts.reduce((a, c) => ({ revisions: a.revisions + c.revisions, links: a.links + c.links }))]
      : counts;
  for (const c of streams) {
    add(parts, 'wit/reporting/workitemrevisions', Math.max(1, ceil(c.revisions, CAPS.adoReportingRevisions)));
    add(parts, 'wit/reporting/workitemlinks', Math.max(1, ceil(c.links, CAPS.adoReportingLinks)));
  }
}

/**
 * Azure DevOps full sync, with R_p reporting revisions (deleted items included), L_p link events and
 * T_p ADO_SCRUM_PROJECT teams per project p. Organisation stream: ⌈ΣR_p/1000⌉ revision batches +
 * max(1,⌈ΣL_p/1000⌉) link batches; per-project streams: the same per project. Plus 1 work item types
 * request per project (state categories) and T_p team iterations. No census: the reporting stream with
 * deleted items lists every item.
 */
export function adoFullMinimum(stats: AdoStats, mode: AdoScopeMode): Minimum {
  const parts: Record<string, number> = {};
  const projects = Object.values(stats.projects);
  addStreams(
    parts,
    mode,
    projects.map((p) => ({ revisions: p.revisions, links: p.linkEvents })),
  );
  for (const p of projects) {
    add(parts, 'wit/workitemtypes', 1);
    add(parts, 'work/teamsettings/iterations', p.teams);
  }
  return {
    total: total(parts),
    parts,
    formula:
      mode === 'organization'
        ? 'max(1,⌈ΣR_p/1000⌉) reporting/workitemrevisions + max(1,⌈ΣL_p/1000⌉) reporting/workitemlinks + Σ_projects [ 1 workitemtypes + T_p teamsettings/iterations ] (one organisation stream, ADO_PROJECT=*)'
        : 'Σ_projects [ max(1,⌈R_p/1000⌉) reporting/workitemrevisions + max(1,⌈L_p/1000⌉) reporting/workitemlinks + 1 workitemtypes + T_p teamsettings/iterations ] (one stream per project)',
  };
}

/**
 * Azure DevOps incremental sync with V_p new revisions in project p: per stream the new revisions (at
 * least one batch, to learn there are none), one links batch, one WIQL census (destroyed items and,
 * per project, items moved out leave no revision in the stream). Team iterations are re-read every
 * 6 hours only.
 */
export function adoIncrementalMinimum(
  stats: AdoStats,
  newRevisions: Record<string, number>,
  mode: AdoScopeMode,
): Minimum {
  const parts: Record<string, number> = {};
  addStreams(
    parts,
    mode,
    Object.keys(stats.projects).map((project) => ({ revisions: newRevisions[project] ?? 0, links: 0 })),
  );
  add(parts, 'wit/wiql', mode === 'organization' ? 1 : Object.keys(stats.projects).length);
  return {
    total: total(parts),
    parts,
    formula:
      mode === 'organization'
        ? 'max(1,⌈ΣV_p/1000⌉) reporting/workitemrevisions + 1 reporting/workitemlinks + 1 wiql census (one organisation stream)'
        : 'Σ_projects [ max(1,⌈V_p/1000⌉) reporting/workitemrevisions + 1 reporting/workitemlinks + 1 wiql census ]',
  };
}
