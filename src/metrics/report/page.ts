/** The page around the charts: header, one section per platform with its summary table and charts, footer. */
import { agingWipChart } from './chart-aging-wip.js';
import { createdResolvedChart } from './chart-created-resolved.js';
import { cumulativeFlowChart } from './chart-cumulative-flow.js';
import { cycleTimeChart } from './chart-cycle-time.js';
import { forecastChart } from './chart-forecast.js';
import { openBugsChart } from './chart-open-bugs.js';
import { forecastTable } from './forecast-table.js';
import type { PlatformReport, ReportData } from './report-data.js';
import { sprintSection } from './sprint-section.js';
import { STYLES } from './styles.js';
import { formatFigure, SUMMARY_COLUMNS } from './summary-table.js';
import { esc, formatInstant } from './text.js';

/** The summary figures as a one-row table. */
export function summaryHtml(p: PlatformReport): string {
  const head = SUMMARY_COLUMNS.map((c) => `<th scope="col" title="${esc(c.hint)}">${esc(c.label)}</th>`);
  const cells = SUMMARY_COLUMNS.map((c) => {
    const text = formatFigure(p.summary, c);
    const unit = c.kind === 'days' && text !== '-' ? '<span class="unit">d</span>' : '';
    const alert = c.key === 'slaBreaches' && p.summary.slaBreaches > 0 ? ' class="alert"' : '';
    return `<td${alert} data-summary="${c.key}">${esc(text)}${unit}</td>`;
  });
  return (
    `<div class="summary-wrap"><table class="summary" aria-label="${esc(`${p.title} summary`)}">` +
    `<thead><tr>${head.join('')}</tr></thead><tbody><tr>${cells.join('')}</tr></tbody></table></div>`
  );
}

function sectionId(p: PlatformReport, index: number): string {
  return `platform-${p.platform}-${index}`;
}

/** One platform: heading, summary table, the charts, the forecast table. */
export function platformSection(p: PlatformReport, index: number): string {
  const charts = [
    openBugsChart(p.platform, p.openBugsBySeverity),
    createdResolvedChart(p.platform, p.createdVsResolved),
    cumulativeFlowChart(p.platform, p.cumulativeFlow),
    cycleTimeChart(p.platform, p.cycleTimeScatter),
    agingWipChart(p.platform, p.agingWip, p.cycleTimeScatter),
    forecastChart(p.platform, p.forecasts),
    forecastTable(p.platform, p.forecasts),
  ];
  return (
    `<section class="platform" id="${esc(sectionId(p, index))}" data-platform="${esc(p.platform)}">` +
    `<h2>${esc(p.title)}</h2>${summaryHtml(p)}<div class="charts">${charts.join('')}</div>` +
    `${sprintSection(p.platform, p.sprints)}</section>`
  );
}

/** The whole document. */
export function page(data: ReportData): string {
  const nav =
    data.platforms.length > 1
      ? `<nav>${data.platforms.map((p, i) => `<a href="#${esc(sectionId(p, i))}">${esc(p.title)}</a>`).join('')}</nav>`
      : '';
  const sections =
    data.platforms.length === 0
      ? `<p class="empty-note">No platform in this report: configure Azure DevOps or Jira, run <code>worksync sync</code>, then <code>worksync report</code> again.</p>`
      : data.platforms.map(platformSection).join('\n');
  const generated = formatInstant(data.generatedAt);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing is ever fetched: no scripts, no external styles, fonts or images.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="generator" content="worksync">',
    `<title>worksync report · ${esc(generated)}</title>`,
    `<style>${STYLES}</style>`,
    '</head>',
    '<body>',
    `<header class="page"><h1>worksync report</h1><p>Generated ${esc(generated)} from ${esc(data.database)}. Days are UTC.</p>${nav}</header>`,
    `<main>${sections}</main>`,
    `<footer class="page">Made by worksync from the work items, their history and the daily KPI snapshots. Hover a mark for its figures.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
