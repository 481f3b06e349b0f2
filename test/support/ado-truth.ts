import type { TruthItem } from '../../sim/ado/control.js';

const name = (v: unknown): string | null =>
  v && typeof v === 'object'
    ? ((v as { displayName?: string }).displayName ?? null)
    : typeof v === 'string'
      ? v
      : null;

/** What work_items must hold for the simulator's live items (written independently of the mapper). */
export function expectedAdoItems(truth: TruthItem[]) {
  return truth
    .filter((t) => !t.deleted)
    .map((t) => {
      const f = t.fields;
      const severity =
        typeof f['Microsoft.VSTS.Common.Severity'] === 'string'
          ? `P${(f['Microsoft.VSTS.Common.Severity'] as string)[0]}`
          : null;
      const tags =
        typeof f['System.Tags'] === 'string'
          ? (f['System.Tags'] as string)
              .split(';')
              .map((s) => s.trim())
              .filter(Boolean)
          : [];
      return {
        id: String(t.id),
        project: f['System.TeamProject'],
        work_item_type: f['System.WorkItemType'],
        title: f['System.Title'],
        state: f['System.State'],
        severity,
        assigned_to: name(f['System.AssignedTo']),
        area_path: f['System.AreaPath'],
        iteration_path: f['System.IterationPath'],
        tags: tags.sort(),
      };
    })
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** Expected state sequence per live item: its state at creation, then each revision that changed it. */
export function expectedAdoStates(truth: TruthItem[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of truth) {
    if (t.deleted) continue;
    const states: string[] = [];
    for (const r of t.revisions ?? []) {
      const state = r.fields['System.State'] as string;
      if (states[states.length - 1] !== state) states.push(state);
    }
    out.set(String(t.id), states);
  }
  return out;
}

const WORK_ITEM_LINKS = /^System\.LinkTypes\.(Hierarchy|Related|Dependency|Duplicate)/;

/** Expected work item links between live items, as `source>target` from each item's side. */
export function expectedAdoLinks(truth: TruthItem[]): string[] {
  const live = new Set(truth.filter((t) => !t.deleted).map((t) => t.id));
  const out = new Set<string>();
  for (const t of truth) {
    if (!live.has(t.id)) continue;
    for (const r of t.relations as { rel: string; url: string }[]) {
      if (!WORK_ITEM_LINKS.test(r.rel)) continue;
      const target = Number(r.url.split('/').pop());
      if (live.has(target)) out.add(`${t.id}>${target}`);
    }
  }
  return [...out].sort();
}
