import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReference } from '../../test/support/reference.js';
import type { AdoSim } from './index.js';
import {
  ADO_TIMESTAMP,
  ado,
  specValidator,
  startTestSim,
  timestamps,
  type Validate,
} from './test-support.js';

/** Every response a sync uses, validated against the Swagger 2.0 definitions of wit/work/core 7.1. */

describeReference('Azure DevOps simulator against the official Swagger definitions', () => {
  let sim: AdoSim;
  let validate: Validate;
  type List = { count: number; value: unknown[] };
  type IdList<T = number> = { count: number; value: { id: T }[] };

  beforeAll(async () => {
    sim = await startTestSim({ items: 250 });
    validate = specValidator();
    // Make sure every relation kind exists on one item.
    const ids = sim.control.ids();
    const a = sim.control.createItem({
      type: 'Bug',
      project: 'Phoenix',
      title: 'Contract bug',
      fields: { 'System.AssignedTo': 'Ada Lovelace' },
    });
    sim.control.addRelation(a.id, 'System.LinkTypes.Hierarchy-Reverse', ids[3]!);
    sim.control.addRelation(a.id, 'System.LinkTypes.Related', ids[4]!, { comment: 'see also' });
    sim.control.addRelation(a.id, 'ArtifactLink', 'vstfs:///Git/Commit/abc%2Fdef%2F123');
    sim.control.addRelation(a.id, 'Hyperlink', 'https://example.com/x');
    sim.control.deleteItem(ids[5]!);
  });
  afterAll(() => sim.close());

  function expectValid(spec: Parameters<Validate>[0], def: string, value: unknown): void {
    expect(validate(spec, def, value)).toEqual([]);
    for (const t of timestamps(value)) expect(t).toMatch(ADO_TIMESTAMP);
  }

  function expectList(spec: Parameters<Validate>[0], def: string, body: List): void {
    expect(body.count).toBe(body.value.length);
    for (const v of body.value) expectValid(spec, def, v);
  }

  describe('wit contract', () => {
    it('POST wiql → WorkItemQueryResult', async () => {
      const res = await ado(sim, 'Phoenix/_apis/wit/wiql', {
        body: {
          query:
            "SELECT [System.Id], [System.Title] FROM WorkItems WHERE [System.TeamProject] = @project AND [System.WorkItemType] IN ('Bug', 'Task') ORDER BY [System.ChangedDate] ASC, [System.Id] ASC",
        },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8; api-version=7.1');
      expectValid('wit', 'WorkItemQueryResult', res.body);
      expect(Object.keys(res.body)).toEqual([
        'queryType',
        'queryResultType',
        'asOf',
        'columns',
        'sortColumns',
        'workItems',
      ]);
    });

    it('GET workitems?ids= in every flavour → WorkItem[]', async () => {
      const ids = sim.control.ids().slice(0, 40).join(',');
      for (const q of [
        '',
        '&$expand=all',
        '&$expand=relations',
        '&$expand=links',
        '&fields=System.Id,System.Title,System.AssignedTo&asOf=2025-01-01T00:00:00Z',
        '&errorPolicy=omit',
      ]) {
        const res = await ado<List>(sim, `_apis/wit/workitems?ids=${ids}${q}`);
        expect(res.status, q).toBe(200);
        expectList('wit', 'WorkItem', { ...res.body, value: res.body.value.filter((v) => v !== null) });
      }
    });

    it('POST workitemsbatch → WorkItem[]', async () => {
      const ids = sim.control.ids().slice(0, 200);
      const res = await ado<List>(sim, 'Phoenix/_apis/wit/workitemsbatch', {
        body: { ids, $expand: 'All', errorPolicy: 'Omit' },
      });
      expect(res.status).toBe(200);
      expectList('wit', 'WorkItem', { ...res.body, value: res.body.value.filter((v) => v !== null) });
    });

    it('GET workitems/{id} with relations → WorkItem', async () => {
      const id = Math.max(...sim.control.ids());
      const res = await ado<{ relations: { rel: string }[] }>(sim, `_apis/wit/workitems/${id}?$expand=all`);
      expectValid('wit', 'WorkItem', res.body);
      expect(res.body.relations.map((r) => r.rel).sort()).toEqual([
        'ArtifactLink',
        'Hyperlink',
        'System.LinkTypes.Hierarchy-Reverse',
        'System.LinkTypes.Related',
      ]);
    });

    it('updates → WorkItemUpdate[], revisions → WorkItem[]', async () => {
      for (const id of sim.control.ids().slice(0, 30)) {
        expectList('wit', 'WorkItemUpdate', (await ado<List>(sim, `_apis/wit/workItems/${id}/updates`)).body);
        expectList(
          'wit',
          'WorkItem',
          (await ado<List>(sim, `_apis/wit/workItems/${id}/revisions?$expand=all`)).body,
        );
      }
    });

    it('reporting revisions (GET and POST) → ReportingWorkItemRevisionsBatch of WorkItem rows', async () => {
      for (const res of [
        await ado(
          sim,
          '_apis/wit/reporting/workitemrevisions?includeDeleted=true&includeIdentityRef=true&$maxPageSize=300',
        ),
        await ado(sim, 'Phoenix/_apis/wit/reporting/workitemrevisions?$expand=fields', {
          body: { fields: ['System.Id', 'System.State', 'System.ChangedBy'], includeIdentityRef: false },
        }),
      ]) {
        expect(res.status).toBe(200);
        expectValid('wit', 'ReportingWorkItemRevisionsBatch', res.body);
        for (const row of res.body.values as unknown[]) expectValid('wit', 'WorkItem', row);
      }
    });

    it('reporting links → ReportingWorkItemLinksBatch with the example row shape', async () => {
      const res = await ado<{ values: Record<string, unknown>[] }>(sim, '_apis/wit/reporting/workitemlinks');
      expectValid('wit', 'ReportingWorkItemLinksBatch', res.body);
      expect(res.body.values.length).toBeGreaterThan(0);
      for (const row of res.body.values) {
        expect(Object.keys(row)).toEqual(['rel', 'sourceId', 'targetId', 'changedDate', 'isActive']);
        expect(row.changedDate).toMatch(ADO_TIMESTAMP);
      }
    });

    it('recycle bin → shallow references, references, WorkItemDelete', async () => {
      const list = await ado<IdList>(sim, 'Phoenix/_apis/wit/recyclebin');
      expectList('wit', 'WorkItemDeleteShallowReference', list.body);
      const ids = list.body.value.map((v) => v.id).join(',');
      expectList(
        'wit',
        'WorkItemDeleteReference',
        (await ado<List>(sim, `Phoenix/_apis/wit/recyclebin?ids=${ids}`)).body,
      );
      expectValid(
        'wit',
        'WorkItemDelete',
        (await ado(sim, `Phoenix/_apis/wit/recyclebin/${list.body.value[0]!.id}`)).body,
      );
    });

    it('metadata: types, states, fields, relation types, classification nodes', async () => {
      expectList('wit', 'WorkItemType', (await ado<List>(sim, 'Phoenix/_apis/wit/workitemtypes')).body);
      expectList(
        'wit',
        'WorkItemStateColor',
        (await ado<List>(sim, 'Phoenix/_apis/wit/workitemtypes/Customer%20Escalation/states')).body,
      );
      expectList('wit', 'WorkItemField2', (await ado<List>(sim, '_apis/wit/fields')).body);
      expectList(
        'wit',
        'WorkItemRelationType',
        (await ado<List>(sim, '_apis/wit/workitemrelationtypes')).body,
      );
      expectList(
        'wit',
        'WorkItemClassificationNode',
        (await ado<List>(sim, 'Phoenix/_apis/wit/classificationnodes?$depth=2')).body,
      );
      expectValid(
        'wit',
        'WorkItemClassificationNode',
        (await ado(sim, 'Phoenix/_apis/wit/classificationnodes/areas/Web?$depth=1')).body,
      );
    });
  });

  describe('comments contract', () => {
    it('GET comments (7.1-preview.4) → CommentList', async () => {
      const id = sim.control.ids()[0]!;
      sim.control.updateFields(id, { 'System.History': '<div>hello <b>world</b></div>' });
      const res = await ado(sim, `Phoenix/_apis/wit/workItems/${id}/comments`, { version: '7.1-preview.4' });
      expectValid('wit', 'CommentList', res.body);
    });
  });

  describe('core and work contract', () => {
    it('projects and teams', async () => {
      const projects = await ado<IdList<string>>(sim, '_apis/projects');
      expectList('core', 'TeamProjectReference', projects.body);
      expectValid(
        'core',
        'TeamProject',
        (await ado(sim, `_apis/projects/${projects.body.value[0]!.id}`)).body,
      );
      expectList('core', 'WebApiTeam', (await ado<List>(sim, '_apis/projects/Phoenix/teams')).body);
    });

    it('team iterations, iteration work items, team field values, team settings', async () => {
      for (const pair of sim.scrumProjects) {
        const [project, team] = pair.split(':').map(encodeURIComponent) as [string, string];
        const its = await ado<IdList<string>>(sim, `${project}/${team}/_apis/work/teamsettings/iterations`);
        expectList('work', 'TeamSettingsIteration', its.body);
        const current = await ado<IdList<string>>(
          sim,
          `${project}/${team}/_apis/work/teamsettings/iterations?$timeframe=current`,
        );
        expect(current.body.count).toBe(1);
        const items = await ado<{ workItemRelations: Record<string, unknown>[] }>(
          sim,
          `${project}/${team}/_apis/work/teamsettings/iterations/${current.body.value[0]!.id}/workitems`,
        );
        // Root rows carry `rel: null, source: null` as in the official example; the spec types them non-null.
        const rows = items.body.workItemRelations;
        expect(rows.filter((r) => r.rel === null).every((r) => r.source === null)).toBe(true);
        const nonNull = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
        expectValid('work', 'IterationWorkItems', { ...items.body, workItemRelations: nonNull });
        expectValid(
          'work',
          'TeamFieldValues',
          (await ado(sim, `${project}/${team}/_apis/work/teamsettings/teamfieldvalues`)).body,
        );
        expectValid(
          'work',
          'TeamSetting',
          (await ado(sim, `${project}/${team}/_apis/work/teamsettings`)).body,
        );
      }
    });
  });
});
