import type { StateCategory } from '../../domain/work-item.js';
import { HttpError } from '../../errors.js';
import type { AdoApi, RevisionRow } from './api.js';
import { F, str } from './fields.js';
import { type AdoMapContext, categoryFromAdo } from './map-item.js';

/**
 * State categories per work item type (`type|state` → category), read from the work item types of a
 * project when a revision shows a combination not yet known; cached in the cursor between runs.
 * A project scope reads its own project's types; an organisation scope those of each revision's project
 * (process templates differ between projects), each at most once per run.
 */
export class StateCategories implements AdoMapContext {
  readonly known: Record<string, StateCategory | null>;
  private readonly loaded = new Set<string>();

  constructor(
    private readonly api: AdoApi,
    /** The scope's project; undefined for an organisation scope. */
    private readonly scopeProject: string | undefined,
    readonly orgUrl: string,
    readonly customerField: string,
    readonly storyPointsField: string | undefined,
    cached: Record<string, StateCategory | null>,
  ) {
    this.known = { ...cached };
  }

  categoryOf(type: string, state: string | null): StateCategory | null {
    return state === null ? null : (this.known[`${type}|${state}`] ?? null);
  }

  /** Reads the types of the projects whose revisions here show an unknown type/state combination. */
  async ensure(rows: RevisionRow[]): Promise<void> {
    const projects = new Set<string>();
    for (const row of rows) {
      const type = str(row.fields[F.type]);
      const state = str(row.fields[F.state]);
      if (type === null || state === null || `${type}|${state}` in this.known) continue;
      const project = this.scopeProject ?? str(row.fields[F.project]);
      if (project !== null && !this.loaded.has(project)) projects.add(project);
    }
    for (const project of projects) await this.load(project);
  }

  private async load(project: string): Promise<void> {
    this.loaded.add(project);
    try {
      for (const type of await this.api.workItemTypes(project)) {
        for (const s of type.states ?? []) this.known[`${type.name}|${s.name}`] = categoryFromAdo(s.category);
      }
    } catch (error) {
      // A project deleted since the revision was made: its states stay without a category.
      if (this.scopeProject === undefined && error instanceof HttpError && error.details.status === 404)
        return;
      throw error;
    }
  }
}
