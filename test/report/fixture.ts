/**
 * A realistic report for the browser test: two platforms, about four months of daily figures, generated
 * from a fixed seed (no database), with the hostile titles real work items have.
 */
import { scopeSeed } from '../../src/metrics/forecast-random.js';
import { simulate } from '../../src/metrics/forecast-simulate.js';
import type { ForecastReport } from '../../src/metrics/report/forecast-data.js';
import type { PlatformReport, ReportData, Series } from '../../src/metrics/report/report-data.js';
import { sprintFixture } from './sprint-fixture.js';

const DAY_MS = 86_400_000;

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (sorted.length - 1) * p;
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export const HOSTILE_TITLES = [
  '<script>alert("owned")</script> in the export',
  'Tom & Jerry\'s "quoted" <b>bold</b> title',
  '🔥 Login crashes on iOS 17 🚀 when the 👩‍💻 emoji is in the name',
  'A very long title that goes on and on about the checkout page failing under load on Black Friday weekend',
  "O'Brien's report: 5 > 3 && 2 < 4",
];

function platform(kind: 'ado' | 'jira', seed: number, end: number, days: number): PlatformReport {
  const rand = prng(seed);
  const first = end - (days - 1) * DAY_MS;
  const dayList = Array.from({ length: days }, (_, i) => isoDay(first + i * DAY_MS));

  const severities = ['P1', 'P2', 'P3', 'P4', '(none)'];
  const levels = [3, 12, 25, 9, 4];
  const openBugsBySeverity: Series[] = severities.map((name, s) => {
    let value = levels[s]!;
    return {
      name,
      points: dayList.map((day) => {
        value = Math.max(0, value + Math.round((rand() - 0.48) * (2 + s)));
        return { day, value };
      }),
    };
  });

  const createdVsResolved: PlatformReport['createdVsResolved'] = [];
  const firstMonday = first + ((((4 - first / DAY_MS) % 7) + 7) % 7) * DAY_MS;
  for (let w = firstMonday; w <= end; w += 7 * DAY_MS) {
    createdVsResolved.push({
      week: isoDay(w),
      created: 20 + Math.floor(rand() * 25),
      resolved: 15 + Math.floor(rand() * 28),
    });
  }

  let proposed = 120;
  let inProgress = 30;
  let resolved = 10;
  let completed = 400;
  const cumulativeFlow = dayList.map((day) => {
    const started = Math.floor(rand() * 5);
    const finished = Math.min(inProgress, Math.floor(rand() * 5));
    proposed = Math.max(0, proposed + Math.floor(rand() * 6) - started);
    inProgress += started - finished;
    const closed = Math.min(resolved, Math.floor(rand() * 3));
    resolved += finished - closed;
    completed += closed + Math.floor(rand() * 2);
    return { day, proposed, in_progress: inProgress, resolved, completed };
  });

  const types = kind === 'ado' ? ['Bug', 'User Story', 'Task', 'Feature'] : ['Bug', 'Story', 'Task'];
  const prefix = kind === 'ado' ? '' : 'WS-';
  const points: PlatformReport['cycleTimeScatter']['points'] = [];
  const scatterStart = end - 89 * DAY_MS;
  for (let i = 0; i < 140; i++) {
    const day = isoDay(scatterStart + Math.floor(rand() * 90) * DAY_MS);
    const cycleTimeDays =
      Math.round(Math.exp(Math.log(4) + (rand() + rand() + rand() - 1.5) * 1.6) * 10) / 10;
    points.push({ id: `${prefix}${1000 + i}`, day, cycleTimeDays, type: types[i % types.length]! });
  }
  const sorted = points.map((p) => p.cycleTimeDays).sort((a, b) => a - b);

  const agingWip: PlatformReport['agingWip'] = Array.from({ length: 24 }, (_, i) => ({
    id: `${prefix}${2000 + i}`,
    title: HOSTILE_TITLES[i % 7] ?? `Refactor module ${i} of the sync engine`,
    state: kind === 'ado' ? (i % 3 === 0 ? 'Active' : 'Committed') : i % 2 ? 'In Progress' : 'In Review',
    type: types[i % types.length]!,
    // Most work in progress is young, a few items are stuck.
    ageDays: Math.round(rand() ** 2 * 60 * 10) / 10,
  })).sort((a, b) => b.ageDays - a.ageDays);

  const last = openBugsBySeverity.reduce((n, s) => n + (s.points[s.points.length - 1]?.value ?? 0), 0);
  return {
    platform: kind,
    title: kind === 'ado' ? 'Azure DevOps' : 'Jira',
    summary: {
      items: 2500,
      openItems: proposed + inProgress,
      openBugs: last,
      wip: inProgress,
      throughput30d: 180 + Math.floor(rand() * 40),
      cycleTimeP50: percentile(sorted, 0.5),
      bugMttr: 6.4,
      slaBreaches: kind === 'ado' ? 7 : 0,
    },
    openBugsBySeverity,
    createdVsResolved,
    cumulativeFlow,
    cycleTimeScatter: {
      points,
      p50: percentile(sorted, 0.5),
      p85: percentile(sorted, 0.85),
      p95: percentile(sorted, 0.95),
    },
    sprints: sprintFixture(kind, prng(seed + 1000), end, HOSTILE_TITLES[1]!),
    agingWip,
    forecasts: forecasts(kind, rand, end),
  };
}

/**
 * Forecasts as worksync computes them, from 84 days of made-up throughput per scope: the platform,
 * three projects and two teams (one with a hostile name); one project without throughput.
 */
function forecasts(kind: 'ado' | 'jira', rand: () => number, end: number): ForecastReport {
  const computedOn = isoDay(end);
  const scopes: [string, string, number, number][] = [
    ['all', '', 6, 240],
    ['project', kind === 'ado' ? 'Phoenix' : 'PHX', 3.5, 150],
    ['project', kind === 'ado' ? 'Atlas' : 'ATL', 2.5, 90],
    ['project', kind === 'ado' ? 'Legacy' : 'LEG', 0, 4],
    ['team', kind === 'ado' ? 'Phoenix Team' : 'board 3', 3.5, 60],
    ['team', HOSTILE_TITLES[0]!, 1, 25],
  ];
  const horizons = [14, 28, 56, 84];
  return {
    computedOn,
    trials: 10_000,
    windowWeeks: 12,
    seed: 42,
    scopes: scopes.map(([scope, value, rate, open]) => {
      const daily = Array.from({ length: 84 }, () => Math.floor(rand() * 2 * rate + 0.5));
      const r = simulate({ daily, horizons, openItems: open, trials: 10_000, seed: scopeSeed(42, value) });
      return {
        scope,
        value,
        openItems: open,
        sampleItems: daily.reduce((a, b) => a + b, 0),
        sampleDays: 84,
        howMany: r.howMany.map((h) => ({ ...h, targetDate: isoDay(end + h.horizonDays * DAY_MS) })),
        when: r.when,
      };
    }),
  };
}

/** About four months of both platforms, ending 2024-06-28. */
export function realisticReportData(): ReportData {
  const end = Date.UTC(2024, 5, 28);
  return {
    generatedAt: '2024-06-28T17:45:00.000Z',
    database: 'embedded PGlite in ./data/demo-20240628-174500',
    platforms: [platform('ado', 7, end, 120), platform('jira', 11, end, 120)],
  };
}
