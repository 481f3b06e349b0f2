/**
 * The HTML report in a real browser: Debian's Chromium (/usr/bin/chromium, installed by
 * .ci/ensure-chromium.sh) driven by playwright-core, offline, with a fresh profile. Every chart of every
 * platform must render with a size and with data marks; the page must log no error and fetch nothing.
 *
 * With CI=true a missing Chromium fails the test; elsewhere the test is skipped with a message.
 * REPORT_SCREENSHOT=/tmp/report.png also saves a full-page screenshot, to look at the report.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_NAMES, MARK_SELECTOR } from '../../src/metrics/report/render.js';
import { SPRINT_CHART_NAMES } from '../../src/metrics/report/sprint-section.js';
import { writeReport } from '../../src/metrics/report/write-report.js';
import { HOSTILE_TITLES, realisticReportData } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const present = existsSync(CHROMIUM);
const required = process.env.CI === 'true';
if (!present && !required) {
  console.warn(
    `report browser test skipped: ${CHROMIUM} is missing (run \`bash .ci/ensure-chromium.sh\` as root to install it)`,
  );
}

describe.skipIf(!present && !required)('HTML report in Chromium', () => {
  const data = realisticReportData();
  let dir: string | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  const errors: string[] = [];
  const requests: string[] = [];
  let reportUrl = '';

  beforeAll(async () => {
    if (!present)
      throw new Error(`${CHROMIUM} is missing: CI must run .ci/ensure-chromium.sh before the tests`);
    dir = await mkdtemp(join(tmpdir(), 'worksync-report-'));
    const { path } = await writeReport(data, join(dir, 'report.html'));
    reportUrl = pathToFileURL(path).href;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      offline: true,
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(reportUrl, { waitUntil: 'load' });
    const screenshot = process.env.REPORT_SCREENSHOT;
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  });

  afterAll(async () => {
    await context?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('renders every chart of every platform, with a size and data marks', async () => {
    const charts = page.locator('svg[data-chart]');
    const expected = data.platforms.flatMap((p) => [
      ...CHART_NAMES.map((name) => `${p.platform}/${name}`),
      ...p.sprints.teams.flatMap(() => SPRINT_CHART_NAMES.map((name) => `${p.platform}/${name}`)),
    ]);
    expect(await charts.count()).toBe(expected.length);
    const seen: string[] = [];
    for (const chart of await charts.all()) {
      const name = `${await chart.getAttribute('data-platform')}/${await chart.getAttribute('data-chart')}`;
      seen.push(name);
      expect(await chart.getAttribute('data-empty'), name).toBeNull();
      const box = await chart.boundingBox();
      expect(box?.width, name).toBeGreaterThan(100);
      expect(box?.height, name).toBeGreaterThan(100);
      const marks = chart.locator(MARK_SELECTOR);
      expect(await marks.count(), name).toBeGreaterThan(0);
      // Marks are drawn: some have a size, and they lie inside their chart.
      let drawn = 0;
      for (const mark of await marks.all()) {
        const b = await mark.boundingBox();
        if (!b || !box || b.width <= 0 || b.height <= 0) continue;
        drawn++;
        expect(b.x, name).toBeGreaterThanOrEqual(box.x - 1);
        expect(b.y, name).toBeGreaterThanOrEqual(box.y - 1);
        expect(b.x + b.width, name).toBeLessThanOrEqual(box.x + box.width + 1);
        expect(b.y + b.height, name).toBeLessThanOrEqual(box.y + box.height + 1);
        if (drawn >= 20) break;
      }
      expect(drawn, name).toBeGreaterThan(0);
    }
    expect(seen.sort()).toEqual(expected.sort());
  });

  it('plots every point, bar and series of the data', async () => {
    for (const p of data.platforms) {
      const chart = (name: string) =>
        page.locator(`svg[data-platform="${p.platform}"][data-chart="${name}"]`);
      const count = (name: string) => chart(name).locator(MARK_SELECTOR).count();
      expect(await count('open-bugs-by-severity')).toBe(p.openBugsBySeverity.length);
      expect(await count('created-vs-resolved')).toBe(p.createdVsResolved.length * 2);
      expect(await count('cumulative-flow')).toBe(4);
      expect(await count('cycle-time-scatter')).toBe(p.cycleTimeScatter.points.length);
      expect(await count('aging-wip')).toBe(p.agingWip.length);
      expect(await chart('cycle-time-scatter').locator('[data-percentile]').count()).toBe(3);
      const all = p.forecasts!.scopes.find((s) => s.scope === 'all')!;
      expect(await count('forecast-how-many')).toBe(all.howMany.length * 3);
    }
  });

  it('shows the forecast table of each platform: every scope, its answers, hostile names as text', async () => {
    for (const p of data.platforms) {
      const table = page.locator(`table.forecast[data-platform="${p.platform}"]`);
      expect(await table.isVisible()).toBe(true);
      const box = await table.boundingBox();
      expect(box?.width).toBeGreaterThan(400);
      const rows = table.locator('tbody tr');
      expect(await rows.count()).toBe(p.forecasts!.scopes.length);
      for (const [i, s] of p.forecasts!.scopes.entries()) {
        const row = rows.nth(i);
        expect(await row.getAttribute('data-scope')).toBe(`${s.scope}:${s.value}`);
        const first = s.howMany[0]!;
        const cell = row.locator(`td[data-horizon="${first.horizonDays}"]`);
        expect((await cell.textContent())?.startsWith(first.p85!.toLocaleString('en-US'))).toBe(true);
        const when = await row.locator('td[data-when="p85"]').textContent();
        if (s.when.p85 === null) expect(when).toBe(s.sampleItems === 0 ? 'no throughput' : 'over 10 years');
        else {
          const date = new Date(Date.parse(`${p.forecasts!.computedOn}T00:00:00Z`) + s.when.p85 * 86_400_000);
          expect(when).toBe(`${date.toISOString().slice(0, 10)}${s.when.p85.toLocaleString('en-US')} d`);
        }
      }
      expect(await table.locator('th.scope').allTextContents()).toContain(`${HOSTILE_TITLES[0]} · team`);
    }
  });

  it('shows the summary table of each platform', async () => {
    const tables = page.locator('table.summary');
    expect(await tables.count()).toBe(data.platforms.length);
    for (const [i, p] of data.platforms.entries()) {
      const items = tables.nth(i).locator('td[data-summary="items"]');
      expect(await items.textContent()).toBe(p.summary.items.toLocaleString('en-US'));
      expect(await tables.nth(i).isVisible()).toBe(true);
    }
  });

  it('shows each team of the sprint section: velocity bars and average, burndown and burnup with the ideal, the commitment table', async () => {
    for (const p of data.platforms) {
      const teams = page.locator(`section.sprints[data-platform="${p.platform}"] div.sprint-team`);
      expect(await teams.count()).toBe(p.sprints.teams.length);
      for (const [i, t] of p.sprints.teams.entries()) {
        const block = teams.nth(i);
        expect(await block.getAttribute('data-team')).toBe(t.team);
        const marks = (name: string) => block.locator(`svg[data-chart="${name}"]`).locator(MARK_SELECTOR);
        expect(await marks('sprint-velocity').count()).toBe(t.sprints.length * 2 + 1);
        expect(await marks('sprint-burndown').count()).toBe(1);
        expect(await marks('sprint-burnup').count()).toBe(2);
        for (const kind of ['burndown', 'burnup']) {
          const ideal = block.locator(`svg[data-chart="sprint-${kind}"] [data-ideal="${kind}"]`);
          expect((await ideal.boundingBox())?.width, kind).toBeGreaterThan(100);
        }
        const table = block.locator('table.sprint-commitment');
        expect(await table.isVisible()).toBe(true);
        const rows = table.locator('tbody tr');
        expect(await rows.count()).toBe(t.sprints.length);
        const last = t.sprints[t.sprints.length - 1]!;
        expect(await rows.last().locator('th').textContent()).toBe(last.name);
        expect(await rows.last().locator('td[data-completed]').getAttribute('data-completed')).toBe(
          String(last.completedPoints),
        );
        // Every chart's title names the team and is the chart's accessible name (ids are unique).
        for (const svg of await block.locator('svg[data-chart]').all()) {
          const title = await page
            .locator(`[id="${await svg.getAttribute('aria-labelledby')}"]`)
            .textContent();
          expect(title).toContain(t.label);
        }
      }
    }
  });

  it('shows hostile titles as text and runs no script', async () => {
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('svg b, main b').count()).toBe(0);
    const labels = (
      await page.locator('svg[data-chart="aging-wip"] .row-label title').allTextContents()
    ).join('\n');
    for (const title of HOSTILE_TITLES) expect(labels).toContain(title);
  });

  it('logs no error and fetches nothing but the file itself', () => {
    expect(errors).toEqual([]);
    expect(requests.filter((url) => url !== reportUrl)).toEqual([]);
  });
});
