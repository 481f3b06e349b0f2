import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeReference } from '../../test/support/reference.js';
import type { AdoSim } from './index.js';
import { ADO_REFERENCE, ado, readReference, startTestSim } from './test-support.js';

/** The recorded examples and cassettes parse, and the simulator's shapes match them (keys, order, formats). */

type Obj = Record<string, unknown>;
interface Interaction {
  request: { method: string; uri: string };
  response: { status: { code: number }; headers: Record<string, string[]>; body: { string: string } };
}

function files(dir: string, ext: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p, ext) : p.endsWith(ext) ? [p] : [];
  });
}

describeReference('Azure DevOps simulator against the recorded examples and cassettes', () => {
  const cassettes = new Map<string, Interaction[]>();
  function cassette(name: string): Interaction[] {
    let c = cassettes.get(name);
    if (!c) {
      c = (
        parse(readFileSync(`${ADO_REFERENCE}recordings/${name}`, 'utf8')) as { interactions: Interaction[] }
      ).interactions;
      cassettes.set(name, c);
    }
    return c;
  }
  function recorded(
    name: string,
    match: (i: Interaction) => boolean,
  ): { status: number; headers: Record<string, string[]>; json: Obj; text: string } {
    const i = cassette(name).find(match);
    if (!i) throw new Error(`no interaction in ${name}`);
    const text = i.response.body.string;
    let json: Obj = {};
    try {
      json = JSON.parse(text) as Obj;
    } catch {
      // text/plain bodies
    }
    return { status: i.response.status.code, headers: i.response.headers, json, text };
  }

  let sim: AdoSim;
  beforeAll(async () => {
    sim = await startTestSim();
  });
  afterAll(() => sim.close());

  describe('reference material parses', () => {
    it('every official example has a 2xx response (with a body unless 204)', () => {
      const examples = files(`${ADO_REFERENCE}examples`, '.json').filter((f) => !f.includes('service-hooks'));
      expect(examples.length).toBeGreaterThan(20);
      for (const f of examples) {
        const doc = JSON.parse(readFileSync(f, 'utf8')) as { responses: Record<string, { body?: unknown }> };
        const [status, res] = Object.entries(doc.responses)[0]!;
        expect(Number(status), f).toBeLessThan(300);
        if (status !== '204') expect(res.body, f).toBeDefined();
      }
    });

    it('every cassette parses and its JSON bodies parse', () => {
      for (const f of files(`${ADO_REFERENCE}recordings`, '.yaml')) {
        const interactions = cassette(f.split('/').pop()!);
        expect(interactions.length, f).toBeGreaterThan(0);
        for (const i of interactions) {
          const type = i.response.headers['content-type']?.[0] ?? '';
          if (type.startsWith('application/json') && i.response.body.string)
            expect(() => JSON.parse(i.response.body.string), f).not.toThrow();
        }
      }
    });
  });

  describe('simulator shapes match the recordings', () => {
    const expandAll = () =>
      recorded('test_boards_releations_create_remove.yaml', (i) =>
        i.request.uri.endsWith('workItems/973?$expand=All'),
      );

    it('$expand=all: same top-level keys, every recorded field, same field order, same identity shape', async () => {
      const rec = expandAll().json as { fields: Obj; relations: Obj[] };
      const item = sim.control.createItem({ type: 'Task', project: 'Phoenix', title: 'Task_0' });
      sim.control.addRelation(item.id, 'System.LinkTypes.Hierarchy-Forward', sim.control.ids()[0]!);
      const mine = (
        await ado<{ fields: Obj; relations: Obj[] }>(sim, `_apis/wit/workItems/${item.id}?$expand=All`)
      ).body;
      expect(Object.keys(mine)).toEqual(Object.keys(rec));
      const recKeys = Object.keys(rec.fields);
      const myKeys = Object.keys(mine.fields);
      for (const k of recKeys) expect(myKeys, k).toContain(k);
      const order = recKeys.map((k) => myKeys.indexOf(k));
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(Object.keys(mine.fields['System.CreatedBy'] as Obj)).toEqual(
        Object.keys(rec.fields['System.CreatedBy'] as Obj),
      );
      expect(mine.fields['System.RevisedDate']).toBe('9999-01-01T00:00:00Z');
      expect(Object.keys(mine.relations[0]!)).toEqual(Object.keys(rec.relations[0]!));
      expect(Object.keys(mine.relations[0]!.attributes as Obj)).toEqual(['isLocked', 'name']);
      expect(mine.relations[0]!.url).toMatch(/\/simorg\/[0-9a-f-]{36}\/_apis\/wit\/workItems\/\d+$/);
    });

    it('default field set (no $expand) hides System.Id/Rev/Watermark like the recording', async () => {
      const rec = recorded('test_boards_releations_create_remove.yaml', (i) =>
        i.request.uri.endsWith('workItems/974?$expand=relations'),
      ).json as { fields: Obj };
      const mine = (
        await ado<{ fields: Obj }>(sim, `_apis/wit/workItems/${sim.control.ids()[1]}?$expand=relations`)
      ).body;
      for (const hidden of [
        'System.Id',
        'System.Rev',
        'System.Watermark',
        'System.AreaId',
        'System.RevisedDate',
      ]) {
        expect(rec.fields[hidden]).toBeUndefined();
        expect(mine.fields[hidden]).toBeUndefined();
      }
    });

    it('WIQL and fields+asOf reads have the recorded envelopes', async () => {
      const recWiql = recorded('test_queryShow.yaml', (i) => i.request.method === 'POST').json;
      const myWiql = (
        await ado(sim, '_apis/wit/wiql', {
          body: {
            query:
              "select [System.Id], [System.Title] from WorkItems where [System.TeamProject] = 'Phoenix' and [System.WorkItemType] = 'Task'",
          },
        })
      ).body;
      expect(Object.keys(myWiql)).toEqual(Object.keys(recWiql));
      const recRead = recorded('test_queryShow.yaml', (i) => i.request.uri.includes('workItems?ids=41'))
        .json as { value: Obj[] };
      const id = sim.control.ids()[2];
      const myRead = (
        await ado<{ value: Obj[] }>(
          sim,
          `_apis/wit/workItems?ids=${id}&fields=System.Id,System.WorkItemType,System.Title,System.State&asOf=2025-06-01T00:00:00.000Z`,
        )
      ).body;
      expect(Object.keys(myRead)).toEqual(['count', 'value']);
      expect(Object.keys(myRead.value[0]!)).toEqual(Object.keys(recRead.value[0]!));
    });

    it('team iterations and team field values have the recorded shapes', async () => {
      const rec = recorded(
        'test_boards_iterations.yaml',
        (i) =>
          i.request.method === 'GET' &&
          i.request.uri.endsWith('teamsettings/iterations') &&
          i.response.body.string.includes('"count":2'),
      ).json as { value: Obj[] };
      const mine = (
        await ado<{ value: Obj[] }>(sim, 'Phoenix/Phoenix%20Team/_apis/work/teamsettings/iterations')
      ).body;
      expect(Object.keys(mine)).toEqual(Object.keys(rec));
      expect(Object.keys(mine.value[0]!)).toEqual(Object.keys(rec.value[0]!));
      expect(Object.keys(mine.value[0]!.attributes as Obj)).toEqual(
        Object.keys(rec.value[0]!.attributes as Obj),
      );
      const recTfv = recorded(
        'test_boards_areas.yaml',
        (i) => i.request.method === 'GET' && i.request.uri.endsWith('teamfieldvalues'),
      ).json;
      const myTfv = (await ado(sim, 'Phoenix/Phoenix%20Team/_apis/work/teamsettings/teamfieldvalues')).body;
      expect(Object.keys(myTfv)).toEqual(Object.keys(recTfv));
    });

    it('updates and reporting rows have the example shapes', async () => {
      const ex = (
        readReference('examples/wit/updates/GET__list_of_workitem_updates.json') as {
          responses: { 200: { body: { value: Obj[] } } };
        }
      ).responses[200].body.value;
      const id = sim.control
        .ids()
        .find((i) => (sim.control.truth(i, { revisions: false })?.relations.length ?? 0) > 0)!;
      const mine = (await ado<{ value: Obj[] }>(sim, `_apis/wit/workItems/${id}/updates`)).body.value;
      expect(Object.keys(mine[0]!)).toEqual(Object.keys(ex[0]!));
      const linkOnly = mine.find((u) => u.relations !== undefined)!;
      expect(Object.keys(linkOnly)).toEqual(Object.keys(ex.find((u) => u.relations !== undefined)!));
      const rep = (
        readReference('examples/wit/workItemRevisions/GET__wit_reporting_workItemRevisions.json') as {
          responses: { 200: { body: { values: Obj[] } } };
        }
      ).responses[200].body;
      const myRep = (
        await ado<{ values: Obj[] }>(sim, '_apis/wit/reporting/workitemrevisions?$maxPageSize=5')
      ).body;
      expect(Object.keys(myRep.values[0]!)).toEqual(Object.keys(rep.values[0]!));
      expect(typeof (myRep.values[0]!.fields as Obj)['System.CreatedBy']).toBe('string');
      expect((myRep.values[0]!.fields as Obj)['System.CreatedBy']).toMatch(/^.+ <.+@.+>$/);
    });

    it('errors: unknown project (TF200016) and unknown route (text/plain 404) as recorded', async () => {
      const recProject = recorded(
        'test_workItemCreateShowUpdateDelete.yaml',
        (i) => i.response.status.code === 404 && i.request.method === 'POST',
      );
      const myProject = await ado(sim, 'NoSuchProject/_apis/wit/workitems?ids=1');
      expect(myProject.status).toBe(404);
      expect(Object.keys(myProject.body)).toEqual(Object.keys(recProject.json));
      expect(myProject.body.typeKey).toBe('ProjectDoesNotExistWithNameException');
      expect(myProject.headers.get('content-type')).toBe(recProject.headers['content-type']?.[0]);
      const recRoute = recorded(
        'test_workItemCreateShowUpdateDelete.yaml',
        (i) => i.request.method === 'DELETE',
      );
      const myRoute = await ado(sim, 'Phoenix/_apis/wit/nonsense/0');
      expect(myRoute.status).toBe(404);
      expect(myRoute.headers.get('content-type')).toBe(recRoute.headers['content-type']?.[0]);
      expect(myRoute.text).toMatch(
        /^The controller for path '.*' was not found or does not implement IController\.$/,
      );
      expect(decodeURIComponent(myRoute.headers.get('x-tfs-serviceerror') ?? '')).toBe(myRoute.text);
    });

    it('OPTIONS {org}/_apis answers the recorded route list as {count, value}', async () => {
      const list = readReference(
        'recordings/options-resource-locations.wit-work-core-location.json',
      ) as Obj[];
      const res = await ado<{ count: number; value: Obj[] }>(sim, '_apis', {
        method: 'OPTIONS',
        version: null,
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ count: list.length, value: list });
      const wit = await ado<{ count: number }>(sim, '_apis/wit', { method: 'OPTIONS', version: null });
      expect(wit.body.count).toBe(list.filter((l) => l.area === 'wit').length);
      expect((await ado(sim, '_apis/resourceAreas', { version: '7.1-preview.1' })).body).toEqual({
        count: 0,
        value: [],
      });
    });
  });
});
