import type { Sprint } from '../../domain/sprint.js';
import type { TeamIteration } from './api.js';
import { adoTime } from './fields.js';

/** A team's iterations as sprints; `timeFrame` (past | current | future) is the state, current marked. */
export function sprintsOf(iterations: TeamIteration[], team: string): Sprint[] {
  return iterations.map((it) => ({
    id: it.id,
    name: it.name,
    path: it.path ?? null,
    board: null,
    team,
    state: it.attributes?.timeFrame ?? null,
    startAt: adoTime(it.attributes?.startDate ?? null),
    finishAt: adoTime(it.attributes?.finishDate ?? null),
    isCurrent: it.attributes?.timeFrame === 'current',
    raw: it as unknown as Record<string, unknown>,
  }));
}
