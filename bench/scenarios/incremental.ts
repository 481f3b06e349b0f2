import { ratioTargets, syncScenario, writeTarget } from '../lib/measure.js';
import { adoIncrementalMinimum, jiraIncrementalMinimum } from '../lib/minimum.js';
import { requireSims, type Scenario, type TargetCheck } from '../lib/types.js';

/** Share of each platform's items changed in scenario (b). */
const CHANGED_FRACTION = 0.01;
/** Simulated time that passes around the changes (the clocks are advanced through the control API). */
const ADVANCE_MS = 5 * 60_000;
/** Nothing changed: at most this many requests per project. */
const IDLE_REQUESTS_PER_PROJECT = 3;

/** (b) incremental sync after 1% of the items of each platform changed. */
export const scenarioB: Scenario = {
  id: 'b',
  title: 'incremental sync after 1% of the items changed',
  dataSet: 'default',
  needsSims: true,
  async run(ctx) {
    ctx.log(`  changing ${CHANGED_FRACTION * 100}% of the items of each simulator...`);
    const { sims, stats } = requireSims(ctx);
    const failedFull =
      ctx.previous.find((r) => r.id === 'a')?.platforms.filter((p) => p.error !== undefined) ?? [];
    const [jira, ado] = await Promise.all([
      sims.jira.change(CHANGED_FRACTION, ADVANCE_MS),
      sims.ado.change(CHANGED_FRACTION, ADVANCE_MS),
    ]);
    return syncScenario(ctx, {
      id: 'b',
      title: `incremental sync after ${jira.changed} Jira and ${ado.changed} ADO items changed`,
      mode: 'incremental',
      minimum: {
        jira: jiraIncrementalMinimum(stats.jira, jira.byProject),
        ado: adoIncrementalMinimum(stats.ado, ado.revisionsByProject, ctx.adoScope),
      },
      compare: 'since',
      targets: (result) => [...ratioTargets(result, 1.2, 'incremental'), ...writeTarget(result)],
      extra: {
        changed: { jira, ado },
        simulatedMinutesAdvanced: ADVANCE_MS / 60_000,
        ...(failedFull.length > 0
          ? {
              caveat: `the full sync (a) failed for ${failedFull.map((p) => p.platform).join(', ')}: this incremental sync resumes it from the last committed cursor, so its figures for that platform include the rest of the full sync`,
            }
          : {}),
      },
    });
  },
};

/** (c) incremental sync with nothing changed. */
export const scenarioC: Scenario = {
  id: 'c',
  title: 'incremental sync with nothing changed',
  dataSet: 'default',
  needsSims: true,
  run: (ctx) =>
    syncScenario(ctx, {
      id: 'c',
      title: 'incremental sync, nothing changed',
      mode: 'incremental',
      minimum: {
        jira: jiraIncrementalMinimum(requireSims(ctx).stats.jira, {}),
        ado: adoIncrementalMinimum(requireSims(ctx).stats.ado, {}, ctx.adoScope),
      },
      compare: 'none',
      targets: (result): TargetCheck[] => {
        const checks: TargetCheck[] = result.platforms.map((p) => {
          const perProject = p.requests / p.projects;
          return {
            name: `nothing changed, ${p.platform}`,
            target: `≤ ${IDLE_REQUESTS_PER_PROJECT} requests per project`,
            value: `${p.requests} requests for ${p.projects} projects = ${perProject.toFixed(2)} per project`,
            met: perProject <= IDLE_REQUESTS_PER_PROJECT,
          };
        });
        const changed = ctx.previous.find((r) => r.id === 'b' && r.status === 'ok');
        if (changed) {
          for (const p of result.platforms) {
            const b = changed.platforms.find((x) => x.platform === p.platform);
            if (!b) continue;
            checks.push({
              name: `incremental grows with the changes, ${p.platform}`,
              target: '(b) costs more than (c), by about the changed items’ pages',
              value: `${b.requests} after 1% changed vs ${p.requests} with nothing changed`,
              met: b.requests >= p.requests && b.requestRatio <= 1.2,
            });
          }
        }
        return checks;
      },
    }),
};
