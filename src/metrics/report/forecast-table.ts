/** The forecast table: per scope (the platform, each project, each team), how many items by each horizon and when the open items will be done. */
import type { Confidences, ForecastReport, ForecastScope } from './forecast-data.js';
import { esc, formatCount } from './text.js';

/** Rows shown at most (the platform, then projects, then teams); the table `forecasts` holds them all. */
export const FORECAST_TABLE_ROWS = 40;

const DAY_MS = 86_400_000;
const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

function scopeLabel(s: ForecastScope): string {
  return s.scope === 'all' ? 'All items' : `${s.value} · ${s.scope}`;
}

function howManyCell(h: ForecastScope['howMany'][number]): string {
  if (h.p85 === null) return '<td class="none">-</td>';
  const tip = `by ${h.targetDate}: at least ${h.p95} (95%), ${h.p85} (85%), ${h.p50} (50%)`;
  return (
    `<td data-horizon="${h.horizonDays}" title="${esc(tip)}">${esc(formatCount(h.p85))}` +
    `<span class="spread">${esc(`${formatCount(h.p95 ?? 0)}–${formatCount(h.p50 ?? 0)}`)}</span></td>`
  );
}

function whenCell(s: ForecastScope, computedOn: string, key: keyof Confidences): string {
  const days = s.when[key];
  if (s.openItems === 0) return `<td data-when="${key}" class="none">nothing open</td>`;
  if (days === null) {
    const why = s.sampleItems === 0 ? 'no throughput' : 'over 10 years';
    return `<td data-when="${key}" class="none">${why}</td>`;
  }
  return (
    `<td data-when="${key}">${esc(addDays(computedOn, days))}` +
    `<span class="spread">${esc(`${formatCount(days)} d`)}</span></td>`
  );
}

export function forecastTable(platform: string, data: ForecastReport | null): string {
  const caption =
    '<figcaption><h3>Forecasts by scope</h3><p>Items done by each date at 85% confidence (small: the 95%–50% range), ' +
    'and the day all items open now are done at 50%, 85% and 95% confidence. Teams are Azure DevOps team ' +
    'iterations and Jira boards.</p></figcaption>';
  if (!data || data.scopes.length === 0) {
    return `<figure class="chart wide forecast empty">${caption}<p class="empty-note">no forecast yet: run <code>worksync snapshot</code></p></figure>`;
  }
  const horizons = data.scopes[0]!.howMany.map((h) => h);
  const head =
    '<tr><th scope="col" class="scope">scope</th><th scope="col">open</th><th scope="col" title="completions / days sampled">history</th>' +
    horizons.map((h) => `<th scope="col">by ${esc(h.targetDate)}<br>${h.horizonDays} d</th>`).join('') +
    '<th scope="col">all open done: 50%</th><th scope="col">85%</th><th scope="col">95%</th></tr>';
  const shown = data.scopes.slice(0, FORECAST_TABLE_ROWS);
  const rows = shown.map(
    (s) =>
      `<tr data-scope="${esc(`${s.scope}:${s.value}`)}"><th scope="row" class="scope">${esc(scopeLabel(s))}</th>` +
      `<td>${esc(formatCount(s.openItems))}</td><td>${esc(`${formatCount(s.sampleItems)} / ${s.sampleDays} d`)}</td>` +
      s.howMany.map(howManyCell).join('') +
      (['p50', 'p85', 'p95'] as const).map((k) => whenCell(s, data.computedOn, k)).join('') +
      '</tr>',
  );
  const more =
    data.scopes.length > shown.length
      ? `<p class="note">${data.scopes.length - shown.length} more scopes in the table <code>forecasts</code>.</p>`
      : '';
  return (
    `<figure class="chart wide forecast">${caption}<div class="summary-wrap">` +
    `<table class="forecast" data-platform="${esc(platform)}" aria-label="forecasts by scope">` +
    `<thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>${more}` +
    `<p class="note">Computed ${esc(data.computedOn)} from ${formatCount(data.trials)} trials per scope, seed ${data.seed}.</p></figure>`
  );
}
