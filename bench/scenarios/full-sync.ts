import { ratioTargets, syncScenario, writeTarget } from '../lib/measure.js';
import { adoFullMinimum, jiraFullMinimum } from '../lib/minimum.js';
import {
  type BenchContext,
  requireSims,
  type Scenario,
  type ScenarioResult,
  type TargetCheck,
} from '../lib/types.js';

/** Peak RSS of a full sync at 20,000 items per platform must stay under this (MB). */
const RSS_LIMIT_MB = 300;
/** Growth of peak RSS from 20,000 to 100,000 items per platform must stay under this factor. */
const RSS_GROWTH = 1.3;
/** Scenario (a) must finish within this (ms). */
const TIME_LIMIT_MS = 60_000;

function targets(ctx: BenchContext, id: string, result: ScenarioResult): TargetCheck[] {
  const checks = [...ratioTargets(result, 1.2, 'full sync'), ...writeTarget(result)];
  if (id === 'a') {
    checks.push({
      name: 'peak RSS at 20,000 items per platform',
      target: `< ${RSS_LIMIT_MB} MB`,
      value: `${result.peakRssMb} MB`,
      met: result.peakRssMb < RSS_LIMIT_MB,
    });
    checks.push({
      name: 'scenario (a) wall time',
      target: `< ${TIME_LIMIT_MS / 1000} s`,
      value: `${(result.wallMs / 1000).toFixed(1)} s`,
      met: result.wallMs < TIME_LIMIT_MS,
    });
  } else {
    const small = ctx.previous.find((r) => r.id === 'a' && r.status === 'ok');
    if (small) {
      const growth = result.peakRssMb / small.peakRssMb;
      checks.push({
        name: `peak RSS growth ${small.itemsPerPlatform} → ${result.itemsPerPlatform} items per platform`,
        target: `< ${RSS_GROWTH}×`,
        value: `${growth.toFixed(2)}× (${small.peakRssMb} → ${result.peakRssMb} MB)`,
        met: growth < RSS_GROWTH,
      });
    }
  }
  return checks;
}

function fullSync(id: 'a' | 'd', dataSet: 'default' | 'large'): Scenario {
  return {
    id,
    title: `full sync of ${dataSet === 'default' ? 'the default' : 'the large'} data set`,
    dataSet,
    needsSims: true,
    run: (ctx) =>
      syncScenario(ctx, {
        id,
        title: `full sync, ${ctx.items.toLocaleString('en')} items per platform`,
        mode: 'full',
        minimum: {
          jira: jiraFullMinimum(requireSims(ctx).stats.jira),
          ado: adoFullMinimum(requireSims(ctx).stats.ado, ctx.adoScope),
        },
        compare: 'all',
        targets: (result) => targets(ctx, id, result),
      }),
  };
}

/** (a) full sync of 20,000 Jira issues and 20,000 Azure DevOps items into empty schemas. */
export const scenarioA = fullSync('a', 'default');
/** (d) with --large: the same at 100,000 items per platform. */
export const scenarioD = fullSync('d', 'large');
