import type { StateChange } from '../../src/domain/history.js';
import type { StateCategory, WorkItem } from '../../src/domain/work-item.js';

/** A work item with plausible values; override what a test cares about. */
export function item(overrides: Partial<WorkItem> & Pick<WorkItem, 'id' | 'numericId'>): WorkItem {
  return {
    project: 'P',
    workItemType: 'Bug',
    title: `Item ${overrides.id}`,
    description: 'Plain text — with unicode ✓',
    reproSteps: null,
    state: 'New',
    stateCategory: 'proposed',
    severity: 'P2',
    priority: '2',
    assignedTo: 'Ada Lovelace',
    createdBy: 'Grace Hopper',
    areaPath: 'P\\Web',
    iterationPath: 'P\\Sprint 1',
    customerName: 'Acme Corp',
    tags: ['a', 'b'],
    storyPoints: null,
    parentId: null,
    createdAt: new Date('2024-01-01T10:00:00Z'),
    updatedAt: new Date('2024-01-02T10:00:00Z'),
    resolvedAt: null,
    closedAt: null,
    url: null,
    raw: { 'System.Title': `Item ${overrides.id}` },
    ...overrides,
  };
}

export function stateChange(
  itemId: string,
  changeId: string,
  toState: string,
  fromState: string | null,
): StateChange {
  return {
    itemId,
    changeId,
    changedAt: new Date(`2024-01-0${Math.min(9, Number(changeId) + 1)}T10:00:00Z`),
    changedBy: 'Ada Lovelace',
    fromState,
    toState,
    fromCategory: fromState === null ? null : 'proposed',
    toCategory: toState === 'New' ? 'proposed' : 'in_progress',
  };
}

/** A state name per category (Azure DevOps' Agile process), for hand-built histories. */
export const STATE_NAMES: Record<StateCategory, string> = {
  proposed: 'New',
  in_progress: 'Active',
  resolved: 'Resolved',
  completed: 'Closed',
  removed: 'Removed',
};
