import { describe, expect, it } from 'vitest';
import { changelogPage, searchIssue } from '../../../test/fixtures/jira-payloads.js';
import { describeReference, readReferenceJson } from '../../../test/support/reference.js';
import { toPlainText } from './adf.js';
import { mapChangelog } from './map-changelog.js';
import { customerOf, mapIssue, parseSprintField, relationsOf, severityOf } from './map-issue.js';
import { jiraHistorySchema, jiraIssueSchema } from './schema.js';
import { parseJiraTime } from './timestamps.js';

const ctx = {
  siteUrl: 'https://airbyteio.atlassian.net',
  customerFieldId: 'customfield_10012',
  sprintFieldId: 'customfield_10020',
  storyPointsFieldIds: ['customfield_10016'],
};

describe('Jira mappers on API-shaped payloads of our own', () => {
  it('maps a search page issue', () => {
    const item = mapIssue(jiraIssueSchema.parse(searchIssue), {
      ...ctx,
      customerFieldId: 'customfield_10045',
    });
    expect(item).toMatchObject({
      id: 'OPS-42',
      numericId: 20417,
      project: 'OPS',
      workItemType: 'Bug',
      title: 'Export fails for large tenants',
      description: 'Times out after 30 s.',
      state: 'In Progress',
      stateCategory: 'in_progress',
      priority: 'High',
      severity: 'P2',
      assignedTo: 'Grace Hopper',
      areaPath: 'Exporter',
      customerName: 'Acme Corp',
      tags: ['customer-reported'],
      parentId: 'OPS-40',
      url: 'https://airbyteio.atlassian.net/browse/OPS-42',
      resolvedAt: null,
    });
    // Colon-less offsets of both DST periods.
    expect(item.createdAt.toISOString()).toBe('2025-07-14T07:05:11.204Z');
    expect(item.updatedAt.toISOString()).toBe('2025-11-03T15:40:02.918Z');
  });

  it('maps a changelog page into state and field changes, with a creation row', () => {
    const histories = changelogPage.values.map((v) => jiraHistorySchema.parse(v));
    const categories: Record<string, 'proposed' | 'in_progress'> = { '1': 'proposed', '3': 'in_progress' };
    const { stateChanges, fieldChanges } = mapChangelog(histories, {
      itemId: 'OPS-42',
      createdAt: new Date('2025-07-14T07:05:11.204Z'),
      createdBy: 'Alan Turing',
      currentStatus: 'In Progress',
      currentComponents: [],
      customerFieldId: 'customfield_10045',
      sprintFieldId: 'customfield_10020',
      storyPointsFieldIds: ['customfield_10016'],
      categoryOf: (s) => (s ? (categories[s] ?? null) : null),
    });
    expect(stateChanges.map((c) => [c.changeId, c.fromState, c.toState, c.toCategory])).toEqual([
      ['0', null, 'Open', 'proposed'],
      ['88101', 'Open', 'In Progress', 'in_progress'],
    ]);
    expect(stateChanges[1]!.changedAt.toISOString()).toBe('2025-07-15T08:00:00.000Z');
    // Labels are not tracked; a priority change also records the severity it implies.
    expect(fieldChanges.map((c) => [c.changeId, c.field, c.fromValue, c.toValue])).toEqual([
      ['88101', 'state', 'Open', 'In Progress'],
      ['88102', 'priority', 'Medium', 'High'],
      ['88102', 'severity', 'P3', 'P2'],
    ]);
  });

  it('records components as whole sets and a move as the project key before and after', () => {
    const at = (n: number) => `2025-03-0${n}T10:00:00.000+0000`;
    const component = (from: string | null, to: string | null) => ({
      field: 'Component',
      fieldtype: 'jira',
      fieldId: 'components',
      from: null,
      fromString: from,
      to: null,
      toString: to,
    });
    const histories = [
      { id: '11', created: at(2), items: [component(null, 'API'), component(null, 'UI')] },
      { id: '12', created: at(3), items: [component('API', null)] },
      {
        id: '13',
        created: at(4),
        items: [
          {
            field: 'project',
            fieldtype: 'jira',
            fieldId: 'project',
            from: '1',
            fromString: 'Alpha',
            to: '2',
            toString: 'Gamma',
          },
          {
            field: 'Key',
            fieldtype: 'jira',
            from: null,
            fromString: 'ALPHA-7',
            to: null,
            toString: 'GAMMA-1',
          },
          component('UI', null),
        ],
      },
      {
        id: '14',
        created: at(5),
        items: [
          component(null, 'Billing'),
          // A multi-select customer: ids and values joined by commas, as Jira's changelog writes them.
          {
            field: 'Customer',
            fieldtype: 'custom',
            fieldId: 'customfield_10045',
            from: '1',
            fromString: 'Acme',
            to: '1,2',
            toString: 'Acme,Beta',
          },
        ],
      },
    ].map((h) => jiraHistorySchema.parse(h));
    const { fieldChanges } = mapChangelog(histories, {
      itemId: 'GAMMA-1',
      createdAt: new Date('2025-03-01T10:00:00Z'),
      createdBy: null,
      currentStatus: 'To Do',
      // A component the changelog never mentions was there from the start.
      currentComponents: ['Billing', 'Legacy'],
      customerFieldId: 'customfield_10045',
      sprintFieldId: 'customfield_10020',
      storyPointsFieldIds: ['customfield_10016'],
      categoryOf: () => 'proposed',
    });
    expect(fieldChanges.map((c) => [c.changeId, c.field, c.fromValue, c.toValue])).toEqual([
      ['13', 'project', 'ALPHA', 'GAMMA'],
      ['14', 'customer', 'Acme', 'Acme; Beta'],
      ['11', 'area', 'Legacy', 'API; Legacy; UI'],
      ['12', 'area', 'API; Legacy; UI', 'Legacy; UI'],
      ['13', 'area', 'Legacy; UI', 'Legacy'],
      ['14', 'area', 'Legacy', 'Billing; Legacy'],
    ]);
  });
});

describeReference('Jira mappers on recorded payloads', () => {
  it('maps the recorded search page issue', () => {
    const page = readReferenceJson<{ issues: unknown[] }>('jira/examples/issue-search-page.recorded.json');
    const issue = jiraIssueSchema.parse(page.issues[0]);
    const item = mapIssue(issue, ctx);
    expect(item).toMatchObject({
      id: 'TESTKEY13-1',
      numericId: 10627,
      project: 'TESTKEY13',
      workItemType: 'Epic',
      title: 'My Summary',
      description: 'Test issue',
      state: 'To Do',
      stateCategory: 'proposed',
      priority: 'Low',
      severity: 'P4',
      areaPath: 'Component 0',
      customerName: 'To Do',
      tags: ['test'],
      parentId: null,
      url: 'https://airbyteio.atlassian.net/browse/TESTKEY13-1',
      resolvedAt: null,
      closedAt: null,
    });
    // Colon-less offsets of different DST periods in one issue.
    expect(item.createdAt.toISOString()).toBe('2022-06-09T23:29:31.871Z');
    expect(item.updatedAt.toISOString()).toBe('2022-12-08T10:22:18.889Z');
    expect(item.raw).toHaveProperty('customfield_10017', 'dark_orange');
  });

  it('maps the recorded changelog page into state and field changes, with a creation row', () => {
    const page = readReferenceJson<{ values: unknown[] }>('jira/examples/issue-changelog-page.redacted.json');
    const histories = page.values.map((v) => jiraHistorySchema.parse(v));
    const categories: Record<string, 'proposed' | 'in_progress' | 'completed'> = {
      '10123': 'proposed',
      '10124': 'in_progress',
      '10125': 'completed',
    };
    const { stateChanges, fieldChanges } = mapChangelog(histories, {
      itemId: 'X-1',
      createdAt: new Date('2023-11-01T00:00:00Z'),
      createdBy: 'creator',
      currentStatus: 'Done',
      currentComponents: [],
      customerFieldId: 'customfield_10001',
      sprintFieldId: 'customfield_10020',
      storyPointsFieldIds: ['customfield_10016'],
      categoryOf: (s) => (s ? (categories[s] ?? null) : null),
    });
    expect(stateChanges.map((c) => [c.changeId, c.fromState, c.toState, c.toCategory])).toEqual([
      ['0', null, 'To Do', 'proposed'],
      [expect.any(String), 'To Do', 'In Progress', 'in_progress'],
      [expect.any(String), 'In Progress', 'Done', 'completed'],
    ]);
    expect(stateChanges[1]!.changedAt.toISOString()).toBe('2023-11-03T08:58:19.762Z');
    expect(fieldChanges.filter((c) => c.field === 'state')).toHaveLength(2);
  });
});

describe('Jira field shapes', () => {
  it("turns every ADF node type into readable text, keeping unknown nodes' text", () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Title 🚀' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Hi ' },
            { type: 'mention', attrs: { id: 'abc', text: '@Zoë' } },
            { type: 'text', text: ' see ' },
            { type: 'inlineCard', attrs: { url: 'https://x.io/a' } },
            { type: 'hardBreak' },
            { type: 'emoji', attrs: { shortName: ':smile:', text: '😄' } },
            { type: 'text', text: ' bold', marks: [{ type: 'strong' }] },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'one' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] },
          ],
        },
        {
          type: 'orderedList',
          attrs: { order: 3 },
          content: [
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'three' }] }],
            },
          ],
        },
        { type: 'codeBlock', attrs: { language: 'sql' }, content: [{ type: 'text', text: 'SELECT 1;' }] },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                {
                  type: 'tableHeader',
                  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'h1' }] }],
                },
                {
                  type: 'tableHeader',
                  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'h2' }] }],
                },
              ],
            },
            {
              type: 'tableRow',
              content: [
                {
                  type: 'tableCell',
                  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'a' }] }],
                },
                {
                  type: 'tableCell',
                  content: [{ type: 'paragraph', content: [{ type: 'text', text: 'b' }] }],
                },
              ],
            },
          ],
        },
        {
          type: 'panel',
          attrs: { panelType: 'info' },
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'note' }] }],
        },
        { type: 'someFutureNode', content: [{ type: 'text', text: 'kept' }] },
      ],
    };
    expect(toPlainText(doc)).toBe(
      [
        'Title 🚀',
        'Hi @Zoë see https://x.io/a',
        '😄 bold',
        '- one',
        '- two',
        '3. three',
        'SELECT 1;',
        'h1 | h2',
        'a | b',
        'note',
        'kept',
      ].join('\n'),
    );
    expect(toPlainText(null)).toBe('');
    expect(toPlainText('plain v2 text')).toBe('plain v2 text');
  });

  it('parses every timestamp form', () => {
    expect(parseJiraTime('2024-03-05T14:22:10.123+1100')?.toISOString()).toBe('2024-03-05T03:22:10.123Z');
    expect(parseJiraTime('2015-04-11T15:22:00.000+10:00')?.toISOString()).toBe('2015-04-11T05:22:00.000Z');
    expect(parseJiraTime('2022-05-17T11:25:59.072Z')?.toISOString()).toBe('2022-05-17T11:25:59.072Z');
    expect(parseJiraTime(1492070429)?.toISOString()).toBe('2017-04-13T08:00:29.000Z');
    expect(parseJiraTime(1492070429000)?.toISOString()).toBe('2017-04-13T08:00:29.000Z');
    expect(parseJiraTime(null)).toBeNull();
  });

  it('reads the sprint field in object and legacy string forms', () => {
    const objects = parseSprintField([
      { id: 1, name: 'S1', state: 'closed', boardId: 5 },
      { id: 2, name: 'S2', state: 'active', boardId: 5, startDate: '2024-01-01T00:00:00.000Z' },
    ]);
    expect(objects.map((s) => [s.id, s.name, s.state])).toEqual([
      ['1', 'S1', 'closed'],
      ['2', 'S2', 'active'],
    ]);
    const legacy = parseSprintField([
      'com.atlassian.greenhopper.service.sprint.Sprint@4263b21c[id=444,rapidViewId=158,state=ACTIVE,name=Sprint 9,startDate=2018-04-30T00:01:00.000-07:00,endDate=<null>]',
    ]);
    expect(legacy).toEqual([
      {
        id: '444',
        name: 'Sprint 9',
        state: 'active',
        boardId: '158',
        startDate: '2018-04-30T00:01:00.000-07:00',
        endDate: null,
        completeDate: null,
      },
    ]);
  });

  it('reads the customer field as a string, an option or an array of options', () => {
    expect(customerOf('Acme')).toBe('Acme');
    expect(customerOf({ value: 'Globex', id: '1' })).toBe('Globex');
    expect(customerOf([{ value: 'A' }, { value: 'B' }])).toBe('A; B');
    expect(customerOf(null)).toBeNull();
  });

  it('normalises priorities to severities', () => {
    expect(['Highest', 'Critical', 'High', 'Medium', 'Low', 'Lowest', 'Odd'].map(severityOf)).toEqual([
      'P1',
      'P1',
      'P2',
      'P3',
      'P4',
      'P4',
      null,
    ]);
  });

  it("maps parent, sub-tasks and links from the issue's side", () => {
    const issue = jiraIssueSchema.parse({
      id: '1',
      key: 'A-1',
      fields: {
        status: { name: 'To Do' },
        issuetype: { name: 'Story' },
        project: { key: 'A' },
        created: '2024-01-01T00:00:00.000+0000',
        updated: '2024-01-01T00:00:00.000+0000',
        parent: { id: '9', key: 'A-9' },
        subtasks: [{ id: '2', key: 'A-2' }],
        issuelinks: [
          {
            type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
            outwardIssue: { id: '3', key: 'A-3' },
          },
          {
            type: { name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
            inwardIssue: { id: '4', key: 'A-4' },
          },
          {
            type: { name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
            outwardIssue: { id: '5', key: 'A-5' },
          },
          {
            type: { name: 'Relates', inward: 'relates to', outward: 'relates to' },
            inwardIssue: { id: '6', key: 'A-6' },
          },
          {
            type: { name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
            outwardIssue: { id: '7', key: 'A-7' },
          },
        ],
      },
    });
    expect(relationsOf(issue).map((r) => [r.targetId, r.relationType, r.relationRaw])).toEqual([
      ['A-9', 'parent', 'parent'],
      ['A-2', 'child', 'subtask'],
      ['A-3', 'blocks', 'blocks'],
      ['A-4', 'blocked_by', 'is blocked by'],
      ['A-5', 'duplicate_of', 'duplicates'],
      ['A-6', 'related', 'relates to'],
      ['A-7', 'other', 'clones'],
    ]);
  });
});
