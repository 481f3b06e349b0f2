import type { TruthIssue } from '../../sim/jira/index.js';

/** Jira's timestamp forms → epoch ms (written independently of the connector's parser). */
export function jiraMs(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  return Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

type Fields = Record<string, unknown> & {
  summary: string;
  status: { name: string };
  issuetype: { name: string };
  project: { key: string };
  priority?: { name: string } | null;
  assignee?: { displayName: string } | null;
  labels?: string[];
  parent?: { key: string } | null;
  created: string;
};

/** What work_items must hold for the simulator's current truth, by key. */
export function expectedItems(truth: TruthIssue[]) {
  return truth
    .filter((t) => !t.deleted)
    .map((t) => {
      const f = t.fields as unknown as Fields;
      return {
        id: t.key,
        numeric_id: Number(t.id),
        project: f.project.key,
        work_item_type: f.issuetype.name,
        title: f.summary,
        state: f.status.name,
        priority: f.priority?.name ?? null,
        assigned_to: f.assignee?.displayName ?? null,
        tags: [...(f.labels ?? [])].sort(),
        parent_id: f.parent?.key ?? null,
        created_at: jiraMs(f.created),
      };
    })
    .sort((a, b) => a.numeric_id - b.numeric_id);
}

interface History {
  id: string;
  items: { field: string; fieldId?: string; toString?: string | null; fromString?: string | null }[];
}

/** Expected state sequence per item: the state at creation, then every status change in order. */
export function expectedStates(truth: TruthIssue[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of truth) {
    if (t.deleted) continue;
    const statusItems = (t.changelog as unknown as History[]).flatMap((h) =>
      h.items.filter((i) => i.fieldId === 'status' || i.field === 'status'),
    );
    const f = t.fields as unknown as Fields;
    const initial = statusItems[0]?.fromString ?? f.status.name;
    out.set(t.key, [initial, ...statusItems.map((i) => i.toString ?? '')]);
  }
  return out;
}

/** Expected link relations (source key → target key, phrase) between live issues, from both sides. */
export function expectedLinks(truth: TruthIssue[]): string[] {
  const live = new Map(truth.filter((t) => !t.deleted).map((t) => [t.id, t.key]));
  const out: string[] = [];
  for (const t of truth) {
    if (t.deleted) continue;
    for (const link of t.links) {
      const outward = live.get(link.outwardIssueId);
      const inward = live.get(link.inwardIssueId);
      if (!outward || !inward) continue;
      if (t.id === link.outwardIssueId) out.push(`${outward}>${inward}`);
      if (t.id === link.inwardIssueId) out.push(`${inward}>${outward}`);
    }
  }
  return [...new Set(out)].sort();
}
