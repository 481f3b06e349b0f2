/** The report's inline style sheet: system fonts only, so the file works offline and looks native. */
export const STYLES = `
:root {
  --ink: #1f2430; --muted: #5d6472; --line: #e3e6eb; --panel: #ffffff; --page: #f4f6f9; --accent: #3a78b5;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  color: var(--ink); background: var(--page);
}
* { box-sizing: border-box; }
body { margin: 0; line-height: 1.45; }
header.page { background: #1f2a3a; color: #fff; padding: 20px 32px; }
header.page h1 { margin: 0 0 4px; font-size: 22px; font-weight: 650; letter-spacing: 0.2px; }
header.page p { margin: 0; color: #c5cedb; font-size: 13px; }
header.page nav { margin-top: 10px; display: flex; gap: 14px; flex-wrap: wrap; }
header.page nav a { color: #fff; font-size: 13px; text-decoration: none; border-bottom: 1px solid #7f93ad; }
main { max-width: 1360px; margin: 0 auto; padding: 8px 24px 40px; }
section.platform { margin-top: 24px; }
section.platform > h2 { font-size: 20px; margin: 0 0 12px; font-weight: 650; }
.summary-wrap { overflow-x: auto; }
table.summary {
  border-collapse: separate; border-spacing: 0; background: var(--panel); border: 1px solid var(--line);
  border-radius: 8px; min-width: 100%; font-variant-numeric: tabular-nums;
}
table.summary th, table.summary td { padding: 8px 14px; text-align: right; white-space: nowrap; }
table.summary th { font-size: 12px; font-weight: 600; color: var(--muted); border-bottom: 1px solid var(--line); }
table.summary td { font-size: 20px; font-weight: 600; }
table.summary td .unit { font-size: 12px; font-weight: 500; color: var(--muted); margin-left: 2px; }
table.summary td.alert { color: #c8313a; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(520px, 100%), 1fr)); gap: 16px; margin-top: 16px; }
figure.chart {
  margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 10px;
  min-width: 0;
}
figure.chart.wide { grid-column: 1 / -1; }
figure.chart h3 { margin: 0; font-size: 15px; font-weight: 650; }
figure.chart figcaption p { margin: 2px 0 6px; font-size: 12px; color: var(--muted); }
figure.chart svg { display: block; width: 100%; height: auto; overflow: visible; }
ul.legend { list-style: none; margin: 0 0 4px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--muted); }
ul.legend li { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; background: var(--c); }
.swatch.line { height: 3px; border-radius: 2px; width: 16px; }
.swatch.dot { width: 9px; height: 9px; border-radius: 50%; }
.swatch.dash { height: 0; width: 16px; background: none; border-top: 2px dashed var(--c); }
svg text { font-family: inherit; fill: var(--muted); }
svg .tick { font-size: 11px; }
svg .tick.year { font-weight: 600; fill: var(--ink); }
svg .axis-title { font-size: 11.5px; fill: var(--ink); font-weight: 500; }
svg .grid { stroke: #edf0f3; stroke-width: 1; }
svg .baseline, svg .tick-mark { stroke: #9aa1ac; stroke-width: 1; }
svg .line { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
svg .area { stroke: #fff; stroke-width: 0.6; stroke-opacity: 0.7; }
svg .dot { fill-opacity: 0.72; stroke: #fff; stroke-width: 0.8; }
svg .percentile { stroke-dasharray: 5 4; stroke-width: 1.3; }
svg .percentile-label { font-size: 11px; font-weight: 600; fill: var(--ink); }
svg .row-label { font-size: 12px; fill: var(--ink); }
svg .row-id { font-weight: 600; fill: var(--accent); }
svg .bar-value, svg .percentile-label { paint-order: stroke; stroke: #fff; stroke-width: 4px; stroke-linejoin: round; }
svg .bar-value { font-size: 11px; }
svg .empty-frame { fill: #fafbfc; stroke: var(--line); stroke-dasharray: 4 4; }
svg .no-data { font-size: 15px; fill: #8d94a0; font-style: italic; }
table.forecast {
  border-collapse: collapse; min-width: 100%; font-size: 13px; font-variant-numeric: tabular-nums;
}
table.forecast th, table.forecast td { padding: 5px 10px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--line); }
table.forecast thead th { font-size: 11.5px; font-weight: 600; color: var(--muted); vertical-align: bottom; }
table.forecast .scope { text-align: left; font-weight: 600; max-width: 320px; overflow: hidden; text-overflow: ellipsis; }
table.forecast td .spread { display: block; font-size: 11px; color: var(--muted); }
table.forecast td.none { color: var(--muted); font-style: italic; }
figure.forecast .note { font-size: 12px; color: var(--muted); margin: 6px 0 0; }
.empty-note { background: var(--panel); border: 1px dashed var(--line); border-radius: 8px; padding: 24px; color: var(--muted); }
section.sprints { margin-top: 20px; }
section.sprints > h3.section-title { font-size: 17px; margin: 0 0 4px; font-weight: 650; }
section.sprints .sprint-note { margin: 4px 0 0; font-size: 13px; color: var(--muted); }
.sprint-team > h4 { margin: 14px 0 0; font-size: 14px; font-weight: 600; color: var(--muted); }
table.sprint-commitment { border-collapse: collapse; min-width: 100%; font-size: 13px; font-variant-numeric: tabular-nums; }
table.sprint-commitment th, table.sprint-commitment td { padding: 4px 8px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--line); }
table.sprint-commitment thead th { font-size: 11.5px; font-weight: 600; color: var(--muted); }
table.sprint-commitment th.sprint { text-align: left; font-weight: 600; }
table.sprint-commitment td .spread { display: block; font-size: 11px; color: var(--muted); }
svg .sprint-label { font-size: 10.5px; }
footer.page { max-width: 1360px; margin: 0 auto; padding: 0 24px 32px; font-size: 12px; color: var(--muted); }
@media print {
  body { background: #fff; }
  header.page { background: #fff; color: var(--ink); border-bottom: 2px solid var(--ink); }
  header.page p, header.page nav a { color: var(--muted); }
  figure.chart { break-inside: avoid; }
}
`;
