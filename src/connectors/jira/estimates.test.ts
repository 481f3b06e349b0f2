import { describe, expect, it } from 'vitest';
import { searchIssue } from '../../../test/fixtures/jira-payloads.js';
import { chooseStoryPointsFields } from './field-catalog.js';
import { mapChangelog } from './map-changelog.js';
import { mapIssue } from './map-issue.js';
import { jiraHistorySchema, jiraIssueSchema } from './schema.js';

const ctx = {
  siteUrl: 'https://example.atlassian.net',
  customerFieldId: 'customfield_10045',
  sprintFieldId: 'customfield_10020',
  storyPointsFieldIds: ['customfield_10016', 'customfield_10028'],
};

/** A changelog entry changing one custom number field, in Jira's shape (from/to null, the strings set). */
const pointsHistory = (id: string, at: string, fieldId: string, from: string | null, to: string | null) =>
  jiraHistorySchema.parse({
    id,
    created: at,
    author: { displayName: 'Ada Lovelace' },
    items: [
      {
        field: fieldId === 'customfield_10016' ? 'Story point estimate' : 'Story Points',
        fieldtype: 'custom',
        fieldId,
        from: null,
        fromString: from,
        to: null,
        toString: to,
      },
    ],
  });

describe('Jira story points', () => {
  it('the estimate is the first configured field holding a number', () => {
    const issue = (fields: Record<string, unknown>) =>
      jiraIssueSchema.parse({ ...searchIssue, fields: { ...searchIssue.fields, ...fields } });
    expect(mapIssue(issue({ customfield_10016: 5 }), ctx).storyPoints).toBe(5);
    expect(mapIssue(issue({ customfield_10016: null, customfield_10028: 0.5 }), ctx).storyPoints).toBe(0.5);
    expect(mapIssue(issue({ customfield_10016: null }), ctx).storyPoints).toBeNull();
    expect(
      mapIssue(issue({ customfield_10016: 3 }), { ...ctx, storyPointsFieldIds: [] }).storyPoints,
    ).toBeNull();
  });

  it('every estimate change is a story_points row with plain text numbers', () => {
    const { fieldChanges } = mapChangelog(
      [
        pointsHistory('11', '2025-07-15T08:00:00.000+0000', 'customfield_10016', null, '3'),
        pointsHistory('12', '2025-07-16T08:00:00.000+0000', 'customfield_10016', '3', '5.0'),
        pointsHistory('13', '2025-07-17T08:00:00.000+0000', 'customfield_10028', '5', null),
        pointsHistory('14', '2025-07-18T08:00:00.000+0000', 'customfield_10099', '1', '2'),
      ],
      {
        itemId: 'OPS-42',
        createdAt: new Date('2025-07-14T07:05:11.204Z'),
        createdBy: null,
        currentComponents: [],
        currentStatus: 'Open',
        customerFieldId: ctx.customerFieldId,
        sprintFieldId: ctx.sprintFieldId,
        storyPointsFieldIds: ctx.storyPointsFieldIds,
        categoryOf: () => 'proposed',
      },
    );
    expect(fieldChanges.map((c) => [c.changeId, c.field, c.fromValue, c.toValue])).toEqual([
      ['11', 'story_points', null, '3'],
      ['12', 'story_points', '3', '5'],
      ['13', 'story_points', '5', null],
    ]);
  });

  it('finds the number fields named as Jira names them, team-managed first', () => {
    const field = (id: string, name: string, valueType = 'number') => ({ id, name, valueType });
    expect(
      chooseStoryPointsFields([
        field('customfield_10028', 'Story Points'),
        field('customfield_10016', 'Story point estimate'),
        field('customfield_10030', 'Story Points', 'string'),
        field('customfield_10031', 'Points'),
      ]).map((f) => f.id),
    ).toEqual(['customfield_10016', 'customfield_10028']);
    expect(chooseStoryPointsFields([field('customfield_1', 'Effort')])).toEqual([]);
  });
});
