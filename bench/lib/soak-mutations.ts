/**
 * The soak's changes at the sources between two cycles (run inside bench/sim-server.ts, message
 * `soak-change`). Unlike scenario (b)'s, they keep "incremental = full" true: Jira embeds an issue's
 * summary, status and priority in its parent's, children's and link partners' fields without touching
 * their `updated`, so only a full sync would reread those (as in real Jira). Jira issues therefore get
 * labels (never embedded), and a transition only when no other issue embeds them; ADO embeds nothing.
 */
import type { AdoSim } from '../../sim/ado/index.js';
import type { JiraSim } from '../../sim/jira/index.js';
import type { SoakChangeResult } from './protocol.js';

type Json = Record<string, unknown>;

const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;

/** Ids of issues whose fields another issue embeds, or that embed another's (parent, sub-tasks, links). */
function entangled(issues: { id: string; fields: unknown }[]): Set<string> {
  const out = new Set<string>();
  for (const issue of issues) {
    const fields = asObject(issue.fields) ?? {};
    const parent = asObject(fields.parent);
    const subtasks = Array.isArray(fields.subtasks) ? fields.subtasks : [];
    const links = Array.isArray(fields.issuelinks) ? fields.issuelinks : [];
    if (parent) {
      out.add(issue.id);
      if (typeof parent.id === 'string') out.add(parent.id);
    }
    if (subtasks.length > 0 || links.length > 0) out.add(issue.id);
  }
  return out;
}

export function soakChangeJira(
  sim: JiraSim,
  round: number,
  fraction: number,
  advanceMs: number,
): SoakChangeResult {
  const live = sim.control.truth({ changelog: false }).filter((t) => !t.deleted);
  const tied = entangled(live);
  const step = Math.max(1, Math.round(1 / fraction));
  const statuses = ['In Progress', 'In Review', 'Done', 'To Do'];
  const out: SoakChangeResult = { changed: 0, transitions: 0, created: 0 };
  sim.control.advance(advanceMs / 2);
  // A different slice each round, so that changes spread over the data.
  for (let i = round % step, n = 0; i < live.length; i += step, n++) {
    const issue = live[i]!;
    sim.control.updateIssue(issue.key, { labels: [`soak-${round}`, `n-${n % 5}`] });
    out.changed++;
    if (n % 2 === 0 && !tied.has(issue.id)) {
      try {
        sim.control.transition(issue.key, statuses[(round + n) % statuses.length]!);
        out.transitions++;
      } catch {
        // Already in that status: the label change still counts.
      }
    }
  }
  const project = sim.projectKeys[round % sim.projectKeys.length]!;
  sim.control.createIssue({ projectKey: project, summary: `soak new issue ${round}`, labels: ['soak'] });
  out.created++;
  sim.control.advance(advanceMs / 2);
  return out;
}

export function soakChangeAdo(
  sim: AdoSim,
  round: number,
  fraction: number,
  advanceMs: number,
): SoakChangeResult {
  const ids = sim.control.ids();
  const step = Math.max(1, Math.round(1 / fraction));
  const states = ['Active', 'Resolved', 'Closed', 'New'];
  const out: SoakChangeResult = { changed: 0, transitions: 0, created: 0 };
  sim.control.advanceClock(advanceMs / 2);
  for (let i = round % step, n = 0; i < ids.length; i += step, n++) {
    const id = ids[i]!;
    sim.control.updateFields(id, {
      'System.Title': `soak ${round} change ${n}`,
      'Microsoft.VSTS.Common.Priority': ((round + n) % 4) + 1,
    });
    out.changed++;
    if (n % 2 === 0) {
      try {
        sim.control.changeState(id, states[(round + n) % states.length]!);
        out.transitions++;
      } catch {
        // A state this type does not have, or already in it.
      }
    }
  }
  sim.control.createItem({ type: 'Task', title: `soak new item ${round}` });
  out.created++;
  sim.control.advanceClock(advanceMs / 2);
  return out;
}
