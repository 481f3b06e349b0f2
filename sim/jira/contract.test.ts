import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReference } from '../../test/support/reference.js';
import { SimClock } from '../common/clock.js';
import { type JiraSim, startJiraSim } from './index.js';
import { buildValidators, check, jira, readReference } from './test-support.js';

/**
 * Contract tests: every response a sync uses validates against the component schemas of the
 * OpenAPI extract, agile responses match the agile spec's examples key for key, and the recorded
 * payloads in shared/reference/jira/examples parse and validate with the same validators.
 */

describeReference('Jira simulator against the OpenAPI extract and the recorded payloads', () => {
  const schema = buildValidators('jira-platform-v3.extract.json');
  const JIRA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;
  let sim: JiraSim;

  beforeAll(async () => {
    sim = await startJiraSim({ seed: 7, items: 300, clock: new SimClock(Date.UTC(2026, 2, 1)) });
  });
  afterAll(() => sim.close());

  function expectValid(name: string, value: unknown): void {
    expect(check(schema(name), value), name).toBe('');
  }

  /** Validates the field values whose shapes the extract defines. */
  function expectFieldsValid(fields: Record<string, unknown>): void {
    const one: Record<string, string> = {
      status: 'StatusDetails',
      priority: 'Priority',
      issuetype: 'IssueTypeDetails',
    };
    for (const [f, name] of Object.entries(one)) if (fields[f] !== undefined) expectValid(name, fields[f]);
    for (const f of ['assignee', 'reporter', 'creator']) if (fields[f]) expectValid('UserDetails', fields[f]);
    for (const c of (fields.components as unknown[] | undefined) ?? []) expectValid('ProjectComponent', c);
    for (const f of ['created', 'updated', 'statuscategorychangedate'])
      if (fields[f] !== undefined) expect(fields[f]).toMatch(JIRA_TIME);
  }

  describe('platform API responses validate against the OpenAPI extract', () => {
    it('search/jql with every field, names, schema and changelog', async () => {
      const r = await jira(sim, '/rest/api/3/search/jql', {
        body: {
          jql: 'project in (ALPHA, BETA, GAMMA) ORDER BY updated ASC',
          fields: ['*all'],
          expand: 'changelog,names,schema',
          maxResults: 100,
        },
      });
      expect(r.status).toBe(200);
      expectValid('SearchAndReconcileResults', r.json);
      expect(r.json.issues.length).toBe(100);
      expect(r.json.names.summary).toBe('Summary');
      expect(r.json.schema.customfield_10020.custom).toBe('com.pyxis.greenhopper.jira:gh-sprint');
      expect(r.json.total).toBeUndefined();
      for (const issue of r.json.issues) {
        expectValid('IssueBean', issue);
        expectFieldsValid(issue.fields);
        for (const h of issue.changelog.histories) expectValid('Changelog', h);
      }
    });

    it('search/jql default page (ids only), approximate count', async () => {
      const r = await jira(sim, '/rest/api/3/search/jql?jql=project%20%3D%20BETA');
      expectValid('SearchAndReconcileResults', r.json);
      expect(Object.keys(r.json.issues[0])).toEqual(['id']);
      const c = await jira(sim, '/rest/api/3/search/approximate-count', { body: { jql: 'project = BETA' } });
      expectValid('JQLCountResultsBean', c.json);
      expect(c.json.count).toBeGreaterThan(0);
    });

    it('GET issue, its changelog pages, changelog list, bulk changelogs, bulk issues', async () => {
      const issue = await jira(sim, '/rest/api/3/issue/ALPHA-5?expand=changelog,names');
      expectValid('IssueBean', issue.json);
      expectFieldsValid(issue.json.fields);
      const page = await jira(sim, '/rest/api/3/issue/ALPHA-5/changelog?maxResults=2');
      expectValid('PageBeanChangelog', page.json);
      const first = page.json.values[0];
      if (first) {
        const list = await jira(sim, '/rest/api/3/issue/ALPHA-5/changelog/list', {
          body: { changelogIds: [Number(first.id)] },
        });
        expectValid('PageOfChangelogs', list.json);
        expect(list.json.histories).toHaveLength(1);
      }
      const bulk = await jira(sim, '/rest/api/3/changelog/bulkfetch', {
        body: { issueIdsOrKeys: ['ALPHA-1', 'ALPHA-2', 'BETA-1'], maxResults: 5 },
      });
      expectValid('BulkChangelogResponseBean', bulk.json);
      const issues = await jira(sim, '/rest/api/3/issue/bulkfetch', {
        body: { issueIdsOrKeys: ['BETA-1', 'ALPHA-1'], fields: ['*all'], expand: ['changelog'] },
      });
      expectValid('BulkIssueResults', issues.json);
      expect(issues.json.issues.map((i: { key: string }) => i.key)).toEqual(
        ['ALPHA-1', 'BETA-1'].sort((a, b) => (a < b ? -1 : 1)),
      );
    });

    it('metadata endpoints', async () => {
      expectValid('User', (await jira(sim, '/rest/api/3/myself')).json);
      const fields = (await jira(sim, '/rest/api/3/field')).json as unknown[];
      for (const f of fields) expectValid('FieldDetails', f);
      expect(fields).toContainEqual(
        expect.objectContaining({
          id: 'customfield_10020',
          schema: expect.objectContaining({ custom: 'com.pyxis.greenhopper.jira:gh-sprint' }),
        }),
      );
      expectValid('PageBeanProject', (await jira(sim, '/rest/api/3/project/search?maxResults=2')).json);
      expectValid('IssueLinkTypes', (await jira(sim, '/rest/api/3/issueLinkType')).json);
      expectValid('PageBeanPriority', (await jira(sim, '/rest/api/3/priority/search')).json);
      expectValid('PageOfStatuses', (await jira(sim, '/rest/api/3/statuses/search')).json);
      expectValid('ServerInformation', (await jira(sim, '/rest/api/3/serverInfo')).json);
      for (const t of (await jira(sim, '/rest/api/3/issuetype')).json) expectValid('IssueTypeDetails', t);
    });

    it('/status and /statuscategory have the recorded key sets (not in the extract)', async () => {
      const statusKeys = Object.keys((readReference('examples/status-list.json') as object[])[0]!).sort();
      for (const s of (await jira(sim, '/rest/api/3/status')).json) {
        expect(Object.keys(s).sort()).toEqual(statusKeys);
        expectValid('StatusCategory', s.statusCategory);
      }
      const cats = (await jira(sim, '/rest/api/3/statuscategory')).json;
      const catKeys = Object.keys(
        (readReference('examples/status-category-list.json') as object[])[0]!,
      ).sort();
      for (const c of cats) expect(Object.keys(c).sort()).toEqual(catKeys);
      expect(cats.map((c: { id: number; key: string }) => `${c.id}:${c.key}`)).toEqual([
        '1:undefined',
        '2:new',
        '4:indeterminate',
        '3:done',
      ]);
    });

    it('error bodies are ErrorCollections', async () => {
      const bodies = [
        await jira(sim, '/rest/api/3/search'),
        await jira(sim, '/rest/api/3/search/jql?jql=order%20by%20key'),
        await jira(sim, '/rest/api/3/issue/NOPE-1'),
        await jira(sim, '/rest/api/3/search/jql', { body: { jql: 'project = NOPE' } }),
      ];
      expect(bodies.map((b) => b.status)).toEqual([410, 400, 404, 400]);
      for (const b of bodies) expectValid('ErrorCollection', b.json);
    });
  });

  describe('agile responses match the agile spec examples', () => {
    const agile = readReference('openapi/jira-software-agile-1.0.extract.json') as {
      paths: Record<
        string,
        { get: { responses: { 200: { content: { 'application/json': { example: string } } } } } }
      >;
    };
    const example = (p: string) =>
      JSON.parse(agile.paths[p]!.get.responses[200].content['application/json'].example) as Record<
        string,
        unknown
      >;

    it('board page, sprint page, sprint', async () => {
      const boards = (await jira(sim, '/rest/agile/1.0/board')).json;
      const pageKeys = Object.keys(example('/rest/agile/1.0/board')).sort();
      expect(Object.keys(boards).sort()).toEqual(pageKeys);
      const boardKeys = Object.keys((example('/rest/agile/1.0/board').values as object[])[0]!);
      for (const b of boards.values) expect(Object.keys(b)).toEqual(expect.arrayContaining(boardKeys));
      const sprints = (await jira(sim, '/rest/agile/1.0/board/1/sprint?maxResults=100')).json;
      expect(Object.keys(sprints).sort()).toEqual(pageKeys);
      expect(sprints.maxResults).toBe(50);
      const rest = (await jira(sim, '/rest/agile/1.0/board/1/sprint?startAt=50')).json;
      expect(rest.isLast).toBe(true);
      sprints.values.push(...rest.values);
      const closedKeys = Object.keys(
        (example('/rest/agile/1.0/board/{boardId}/sprint').values as object[])[0]!,
      );
      const states = sprints.values.map((s: { state: string }) => s.state);
      expect(states.indexOf('active')).toBeGreaterThan(states.lastIndexOf('closed'));
      for (const s of sprints.values) {
        const allowed = [...closedKeys, 'createdDate'];
        for (const k of Object.keys(s)) expect(allowed).toContain(k);
        if (s.state === 'future') expect(s.startDate).toBeUndefined();
        else expect(s.startDate).toMatch(/Z$/);
      }
      const one = (await jira(sim, `/rest/agile/1.0/sprint/${sprints.values[0].id}`)).json;
      expect(one).toEqual(sprints.values[0]);
      expect(Object.keys(example('/rest/agile/1.0/sprint/{sprintId}'))).toEqual(
        expect.arrayContaining(Object.keys(one).filter((k) => k !== 'createdDate')),
      );
    });
  });

  describe('recorded payloads parse and validate', () => {
    it('issue search page (minus the recording connector keys)', () => {
      const page = readReference('examples/issue-search-page.recorded.json') as {
        issues: Record<string, unknown>[];
      };
      for (const raw of page.issues) {
        const { projectId: _a, projectKey: _b, created: _c, updated: _d, ...issue } = raw;
        expectValid('IssueBean', issue);
        expectFieldsValid(issue.fields as Record<string, unknown>);
      }
    });

    it('changelog page, field list, link types, statuses', () => {
      // The redaction replaced `self` (a uri) with "hidden".
      const page = readReference('examples/issue-changelog-page.redacted.json') as Record<string, unknown>;
      expectValid('PageBeanChangelog', {
        ...page,
        self: 'https://example.atlassian.net/rest/api/2/issue/X-1/changelog',
      });
      for (const f of readReference('examples/field-list.json') as unknown[]) expectValid('FieldDetails', f);
      expectValid('IssueLinkTypes', readReference('examples/issue-link-type-list.json'));
      for (const s of readReference('examples/status-list.json') as { statusCategory: unknown }[])
        expectValid('StatusCategory', s.statusCategory);
      expect(
        (readReference('examples/agile-board-sprint-page.json') as { values: unknown[] }).values,
      ).toHaveLength(1);
    });

    it('simulated issues carry every system field of the recorded issue', async () => {
      const recorded = (
        readReference('examples/issue-search-page.recorded.json') as {
          issues: { fields: Record<string, unknown> }[];
        }
      ).issues[0]!;
      const ours = (await jira(sim, '/rest/api/3/issue/ALPHA-2')).json.fields as Record<string, unknown>;
      const system = Object.keys(recorded.fields).filter(
        (k) => !k.startsWith('customfield_') && k !== 'development' && k !== 'parent',
      );
      for (const k of system) expect(Object.keys(ours), k).toContain(k);
      for (const k of ['assignee', 'reporter', 'creator'] as const) {
        const u = ours[k] as Record<string, unknown> | null;
        if (u)
          for (const key of Object.keys(u))
            expect([...Object.keys(recorded.fields[k] as object), 'accountType']).toContain(key);
      }
    });
  });
});
