/** Process rules applied on every change, by the generator and by the control API alike. */
import { type Delta, type FieldValue, personRef } from './model.js';
import { reasonFor, stateCategory } from './process.js';

const ACTIVATED = ['Microsoft.VSTS.Common.ActivatedDate', 'Microsoft.VSTS.Common.ActivatedBy'];
const RESOLVED = [
  'Microsoft.VSTS.Common.ResolvedDate',
  'Microsoft.VSTS.Common.ResolvedBy',
  'Microsoft.VSTS.Common.ResolvedReason',
];
const CLOSED = ['Microsoft.VSTS.Common.ClosedDate', 'Microsoft.VSTS.Common.ClosedBy'];

/**
 * The delta of a state change `from` → `to` at `at` by person `by`: State, Reason, StateChangeDate and
 * the Agile date fields (Activated/Resolved/Closed are set on entry and cleared when re-opened).
 */
export function stateDelta(
  current: Readonly<Record<string, FieldValue>>,
  to: string,
  at: number,
  by: number,
  reason?: string,
): Delta {
  const type = String(current['System.WorkItemType'] ?? '');
  const from = current['System.State'] as string | undefined;
  const delta: Delta = {
    'System.State': to,
    'System.Reason': reason ?? reasonFor(type, from, to),
    'Microsoft.VSTS.Common.StateChangeDate': at,
  };
  const clear = (names: string[]) => {
    for (const n of names) if (current[n] !== undefined) delta[n] = null;
  };
  const category = stateCategory(type, to);
  const fromCategory = from === undefined ? undefined : stateCategory(type, from);
  switch (category) {
    case 'Proposed':
      clear([...ACTIVATED, ...RESOLVED, ...CLOSED]);
      break;
    case 'InProgress':
      if (fromCategory !== 'InProgress' || current[ACTIVATED[0]!] === undefined) {
        delta[ACTIVATED[0]!] = at;
        delta[ACTIVATED[1]!] = personRef(by);
      }
      clear([...RESOLVED, ...CLOSED]);
      break;
    case 'Resolved':
      delta[RESOLVED[0]!] = at;
      delta[RESOLVED[1]!] = personRef(by);
      delta[RESOLVED[2]!] = delta['System.Reason'] as string;
      clear(CLOSED);
      break;
    case 'Completed':
      delta[CLOSED[0]!] = at;
      delta[CLOSED[1]!] = personRef(by);
      break;
    default:
      break;
  }
  return delta;
}

/** Applies a delta to a field map in place (null clears). */
export function applyDelta(fields: Record<string, FieldValue>, delta: Delta): void {
  for (const name in delta) {
    const value = delta[name];
    if (value === null) delete fields[name];
    else if (value !== undefined) fields[name] = value;
  }
}
