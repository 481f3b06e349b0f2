/** Colours of the report: one meaning per colour, readable on white, distinguishable in print. */

/** Severities, most severe first; unknown names come after these in the order given. */
export const SEVERITY_ORDER = ['P1', 'P2', 'P3', 'P4', '(none)'];

const SEVERITY_COLORS: Record<string, string> = {
  P1: '#c8313a',
  P2: '#ee8a2e',
  P3: '#3a78b5',
  P4: '#5aa36b',
  '(none)': '#8d8f94',
};

/** A categorical palette for types and other open-ended names. */
export const CATEGORICAL = [
  '#3a78b5',
  '#ee8a2e',
  '#5aa36b',
  '#c8313a',
  '#8a63b8',
  '#9a6b4f',
  '#d16ba5',
  '#5fb3b3',
];

export function severityColor(name: string, index: number): string {
  return SEVERITY_COLORS[name] ?? CATEGORICAL[index % CATEGORICAL.length] ?? '#888';
}

export function categoryColor(index: number): string {
  return CATEGORICAL[index % CATEGORICAL.length] ?? '#888';
}

/** State categories of the cumulative flow, bottom to top of the stack, with their labels and colours. */
export const FLOW_CATEGORIES = [
  { key: 'completed', label: 'Completed', color: '#5aa36b' },
  { key: 'resolved', label: 'Resolved', color: '#a8d38f' },
  { key: 'in_progress', label: 'In progress', color: '#3a78b5' },
  { key: 'proposed', label: 'Proposed', color: '#b9cfe6' },
] as const;

export const CREATED_COLOR = '#3a78b5';
export const RESOLVED_COLOR = '#5aa36b';

/** Sprints: committed (light) beside completed (dark), the rolling average, scope, remaining and the ideal line. */
export const SPRINT_COLORS = {
  committed: '#b9cfe6',
  completed: '#3a78b5',
  average: '#ee8a2e',
  scope: '#8a63b8',
  remaining: '#c8313a',
  done: '#5aa36b',
  ideal: '#8d8f94',
};

/** Aging WIP: younger than the p50 cycle time, between p50 and p85, older than p85. */
export const AGE_COLORS = { young: '#5aa36b', ageing: '#ee8a2e', old: '#c8313a', unknown: '#3a78b5' };

export const PERCENTILE_COLOR = '#555a63';

/** Forecast confidence: the more confident, the darker. */
export const FORECAST_COLORS = { p95: '#1f4e79', p85: '#3a78b5', p50: '#9cc0e4' };
