import { describe, expect, it } from 'vitest';
import { estimateOf, revisionHistory, type TrackedValues } from './map-item.js';

const ctx = {
  orgUrl: 'https://dev.azure.com/org',
  customerField: 'Custom.CustomerName',
  categoryOf: () => null,
};
const base = {
  'System.WorkItemType': 'User Story',
  'System.TeamProject': 'P',
  'System.State': 'New',
  'System.CreatedDate': '2024-03-01T10:00:00Z',
};

describe('Azure DevOps estimates', () => {
  it('reads Story Points, Effort or Size, whichever the process has, or the configured field', () => {
    expect(estimateOf({ 'Microsoft.VSTS.Scheduling.StoryPoints': 3.0 }, undefined)).toBe('3');
    expect(estimateOf({ 'Microsoft.VSTS.Scheduling.Effort': 0.5 }, undefined)).toBe('0.5');
    expect(estimateOf({ 'Microsoft.VSTS.Scheduling.Size': 8 }, undefined)).toBe('8');
    expect(estimateOf({}, undefined)).toBeNull();
    expect(
      estimateOf({ 'Custom.Points': 13, 'Microsoft.VSTS.Scheduling.StoryPoints': 1 }, 'Custom.Points'),
    ).toBe('13');
    expect(estimateOf({ 'Microsoft.VSTS.Scheduling.StoryPoints': 1 }, 'Custom.Points')).toBeNull();
  });

  it('records the creation estimate from null, then each change', () => {
    const first = revisionHistory(
      '7',
      1,
      { ...base, 'System.ChangedDate': '2024-03-01T10:00:00Z', 'Microsoft.VSTS.Scheduling.StoryPoints': 3 },
      undefined,
      ctx,
    );
    const second = revisionHistory(
      '7',
      2,
      { ...base, 'System.ChangedDate': '2024-03-02T10:00:00Z', 'Microsoft.VSTS.Scheduling.StoryPoints': 5 },
      first.values as TrackedValues,
      ctx,
    );
    const rows = [...first.fieldChanges, ...second.fieldChanges].filter((c) => c.field === 'story_points');
    expect(rows.map((c) => [c.changeId, c.fromValue, c.toValue])).toEqual([
      ['1', null, '3'],
      ['2', '3', '5'],
    ]);
  });
});
