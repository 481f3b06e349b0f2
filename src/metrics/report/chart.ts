/** The frame every chart shares: a figure with its title, a short explanation, a legend and the SVG. */
import type { Plot } from './axes.js';
import { esc } from './text.js';

export interface LegendEntry {
  label: string;
  color: string;
  /** How the swatch looks: a filled box (areas, bars), a line, a dot or a dashed line. */
  shape?: 'box' | 'line' | 'dot' | 'dash';
}

export interface ChartSpec {
  /** The `data-chart` name, e.g. `cumulative-flow`. */
  name: string;
  platform: string;
  title: string;
  /** One sentence saying what is plotted. */
  description: string;
  plot: Plot;
  legend: LegendEntry[];
  /** The SVG content (axes and marks); null when there is nothing to plot. */
  body: string | null;
  /** Spans the full width of the page grid. */
  wide?: boolean;
  /** Tells apart the title ids of several charts of one name on a platform (the sprint charts of each team). */
  key?: string;
}

export const NO_DATA = 'no data yet';

function legendHtml(entries: LegendEntry[]): string {
  if (entries.length === 0) return '';
  const items = entries.map(
    (e) =>
      `<li><span class="swatch ${e.shape ?? 'box'}" style="--c:${esc(e.color)}"></span>${esc(e.label)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

/** The figure of one chart; with no body, an empty frame that says "no data yet". */
export function chartFigure(spec: ChartSpec): string {
  const { width, height } = spec.plot;
  const empty = spec.body === null;
  const content = empty
    ? `<rect class="empty-frame" x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="6"/>` +
      `<text class="no-data" x="${width / 2}" y="${height / 2}" text-anchor="middle" dominant-baseline="middle">${NO_DATA}</text>`
    : spec.body;
  const titleId = `${spec.platform}-${spec.name}${spec.key ? `-${spec.key}` : ''}-title`;
  return [
    `<figure class="chart${spec.wide ? ' wide' : ''}${empty ? ' empty' : ''}">`,
    `<figcaption><h3 id="${esc(titleId)}">${esc(spec.title)}</h3><p>${esc(spec.description)}</p></figcaption>`,
    empty ? '' : legendHtml(spec.legend),
    `<svg data-chart="${esc(spec.name)}" data-platform="${esc(spec.platform)}"${empty ? ' data-empty="true"' : ''}`,
    ` role="img" aria-labelledby="${esc(titleId)}" xmlns="http://www.w3.org/2000/svg"`,
    ` viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">`,
    content,
    '</svg></figure>',
  ].join('');
}
