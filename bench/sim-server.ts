/**
 * One simulator in its own process, so that its memory and CPU are not counted as worksync's.
 * Started by bench/run.ts as `node --import tsx bench/sim-server.ts <jira|ado> <items> <seed>` with an
 * IPC channel. It answers these messages (see SimRequestMessage):
 *   stats  → the data sizes the minimum-request formula needs (counted from the simulator's truth, or
 *            by a scan of the reporting API whose requests are then removed from the counters)
 *   change → changes `fraction` of the live items through the control API and advances the clock
 *   soak-change → the soak's changes of one round (bench/lib/soak-mutations.ts)
 *   counts → the simulator's own request counters;  reset → clears them;  stop → exits
 */

import { generateItems } from '../sim/ado/generator.js';
import { type AdoSim, startAdoSim } from '../sim/ado/index.js';
import { buildOrg } from '../sim/ado/org.js';
import { SimClock } from '../sim/common/clock.js';
import { generateDataset } from '../sim/jira/generator.js';
import { type JiraSim, startJiraSim } from '../sim/jira/index.js';
import type {
  AdoStats,
  ChangeResult,
  JiraStats,
  SimReady,
  SimReply,
  SimRequestMessage,
} from './lib/protocol.js';
import { soakChangeAdo, soakChangeJira } from './lib/soak-mutations.js';

/** Generated history ends here: fixed, so the same seed gives the same data on every run. */
export const SIM_EPOCH = Date.UTC(2026, 0, 1);
/** The Jira simulator's default API-user time zone (startJiraSim's default). */
const JIRA_TIME_ZONE = 'Australia/Sydney';

const [platform, itemsArg, seedArg] = process.argv.slice(2);
const items = Number(itemsArg ?? 20_000);
const seed = Number(seedArg ?? 1);

function send(message: SimReady | SimReply): void {
  process.send?.(message);
}

/**
 * Data sizes of the Jira simulator, from its generator run again with the same inputs (the simulator
 * does not expose its store; rendering its truth for 100,000 issues would take minutes). Histories per
 * issue are the generator's count (the simulator regenerates exactly that many on demand).
 */
function jiraStats(sim: JiraSim): JiraStats {
  const data = generateDataset({
    seed,
    items,
    projectKeys: sim.projectKeys,
    anchor: SIM_EPOCH,
    apiEmail: sim.email,
    timeZone: JIRA_TIME_ZONE,
  });
  const projects: JiraStats['projects'] = {};
  for (const key of sim.projectKeys) projects[key] = { issues: 0, histories: 0 };
  let deleted = 0;
  for (const issue of data.issues) {
    if (!issue.current || issue.hidden) {
      deleted++;
      continue;
    }
    const project = issue.current.key.split('-')[0] ?? '';
    const entry = projects[project] ?? { issues: 0, histories: 0 };
    entry.issues += 1;
    entry.histories += issue.generatedCount + issue.extraHistories.length;
    projects[project] = entry;
  }
  return { platform: 'jira', projects, deleted };
}

/**
 * Data sizes of the Azure DevOps simulator, from its generator run again with the same inputs: revisions
 * per project as project-scoped reporting serves them (by each revision's System.TeamProject, every
 * item since worksync asks includeDeleted), link events (additions and removals) by the source item's
 * project, as the reporting links API filters them.
 */
function adoStats(sim: AdoSim): AdoStats {
  const org = buildOrg(seed, sim.organization, sim.projects, SIM_EPOCH);
  const generated = generateItems(org, seed, items, SIM_EPOCH);
  const projects: AdoStats['projects'] = {};
  for (const project of sim.projects)
    projects[project] = {
      items: 0,
      deletedItems: 0,
      revisions: 0,
      linkEvents: 0,
      teams: sim.scrumProjects.filter((p) => p.split(':')[0] === project).length,
    };
  const projectOf = new Map<number, string>();
  for (const item of generated.items) {
    let project = '';
    for (const revision of item.revisions) {
      const moved = revision.delta['System.TeamProject'];
      if (typeof moved === 'string') project = moved;
      const entry = projects[project];
      if (entry) entry.revisions += 1;
    }
    const current = String(item.current['System.TeamProject'] ?? project);
    projectOf.set(item.id, current);
    const entry = projects[current];
    if (!entry) continue;
    if (item.current['System.IsDeleted'] === true) entry.deletedItems += 1;
    else entry.items += 1;
  }
  for (const link of generated.links) {
    const entry = projects[projectOf.get(link.source) ?? projectOf.get(link.target) ?? ''];
    if (entry) entry.linkEvents += link.removedAt !== undefined ? 2 : 1;
  }
  return { platform: 'ado', projects };
}

const bump = (map: Record<string, number>, key: string, n = 1) => {
  map[key] = (map[key] ?? 0) + n;
};

/** Changes every (1/fraction)-th live issue: summary and priority, and the status of every other one. */
function changeJira(sim: JiraSim, fraction: number, advanceMs: number): ChangeResult {
  const live = sim.control.truth({ changelog: false }).filter((t) => !t.deleted);
  const step = Math.max(1, Math.round(1 / fraction));
  const priorities = ['Highest', 'High', 'Medium', 'Low'];
  const statuses = ['In Progress', 'In Review', 'Done'];
  const out: ChangeResult = { changed: 0, byProject: {}, revisionsByProject: {} };
  sim.control.advance(advanceMs / 2);
  for (let i = 0, n = 0; i < live.length; i += step, n++) {
    const key = live[i]!.key;
    sim.control.updateIssue(key, { summary: `bench change ${n}`, priority: priorities[n % 4]! });
    let histories = 1;
    if (n % 2 === 0) {
      sim.control.transition(key, statuses[(n / 2) % statuses.length]!);
      histories++;
    }
    const project = key.split('-')[0] ?? '';
    bump(out.byProject, project);
    bump(out.revisionsByProject, project, histories);
    out.changed++;
  }
  sim.control.advance(advanceMs / 2);
  return out;
}

/** Changes every (1/fraction)-th live item: title and priority, and the state of every other one. */
function changeAdo(sim: AdoSim, fraction: number, advanceMs: number): ChangeResult {
  const ids = sim.control.ids();
  const step = Math.max(1, Math.round(1 / fraction));
  const out: ChangeResult = { changed: 0, byProject: {}, revisionsByProject: {} };
  sim.control.advanceClock(advanceMs / 2);
  for (let i = 0, n = 0; i < ids.length; i += step, n++) {
    const id = ids[i]!;
    const before = sim.control.truth(id, { revisions: false })?.rev ?? 0;
    let after = sim.control.updateFields(id, {
      'System.Title': `bench change ${n}`,
      'Microsoft.VSTS.Common.Priority': (n % 4) + 1,
    });
    if (n % 2 === 0) {
      try {
        after = sim.control.changeState(id, 'Active');
      } catch {
        // Already active, or a type without that state: the field change above still counts.
      }
    }
    bump(out.byProject, after.project);
    bump(out.revisionsByProject, after.project, after.rev - before);
    out.changed++;
  }
  sim.control.advanceClock(advanceMs / 2);
  return out;
}

async function main(): Promise<void> {
  if (platform !== 'jira' && platform !== 'ado')
    throw new Error('usage: sim-server.ts <jira|ado> <items> <seed>');
  const started = Date.now();
  const clock = new SimClock(SIM_EPOCH);
  const sim: JiraSim | AdoSim =
    platform === 'jira'
      ? await startJiraSim({ items, seed, clock, timeZone: JIRA_TIME_ZONE })
      : await startAdoSim({ items, seed, clock });
  send({ type: 'ready', platform, env: sim.env(), startMs: Date.now() - started });
  process.on('message', (raw: SimRequestMessage) => {
    void (async () => {
      try {
        switch (raw.cmd) {
          case 'stats': {
            const stats = platform === 'jira' ? jiraStats(sim as JiraSim) : adoStats(sim as AdoSim);
            send({ type: 'reply', id: raw.id, value: stats });
            break;
          }
          case 'change': {
            const value =
              platform === 'jira'
                ? changeJira(sim as JiraSim, raw.fraction, raw.advanceMs)
                : changeAdo(sim as AdoSim, raw.fraction, raw.advanceMs);
            send({ type: 'reply', id: raw.id, value });
            break;
          }
          case 'soak-change': {
            const value =
              platform === 'jira'
                ? soakChangeJira(sim as JiraSim, raw.round, raw.fraction, raw.advanceMs)
                : soakChangeAdo(sim as AdoSim, raw.round, raw.fraction, raw.advanceMs);
            send({ type: 'reply', id: raw.id, value });
            break;
          }
          case 'counts':
            send({ type: 'reply', id: raw.id, value: Object.fromEntries(sim.server.counts) });
            break;
          case 'reset':
            sim.server.resetCounts();
            send({ type: 'reply', id: raw.id, value: null });
            break;
          case 'stop':
            await sim.close();
            send({ type: 'reply', id: raw.id, value: null });
            process.disconnect?.();
            process.exit(0);
        }
      } catch (error) {
        send({ type: 'reply', id: raw.id, error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  process.on('disconnect', () => {
    void sim.close().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sim-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
