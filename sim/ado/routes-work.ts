/** Core and work areas: projects, teams, team iterations (+ their work items), team field values, team settings. */
import type { SimServer } from '../common/server.js';
import { type ApiRequest, list, ok, registerApi, type SimContext } from './api.js';
import { ERR } from './errors.js';
import { adoDate, orgUrl, workItemUrl } from './format.js';
import type { Project, Team, TreeNode } from './model.js';
import { timeFrame } from './org.js';
import { isResponse, parseCount } from './params.js';

const LOC = {
  projects: '603fe2ac-9723-48b9-88ad-09305aa6c6e1',
  teams: 'd30a3dd1-f8ba-442a-b86a-bd0c0c383e59',
  allTeams: '7a4d9ee9-3433-4347-b47a-7a80f1cf307e',
  iterations: 'c9175577-28a1-4b06-9197-8636af9f64ad',
  iterationItems: '5b3ef1a6-d3ab-44cd-bafd-c7f45db850fa',
  teamFieldValues: '07ced576-58ed-49e6-9c1e-5cb53ab8bf2a',
  teamSettings: 'c3c1012b-bea7-49d7-b45e-1664e566f84c',
};

export function registerWorkRoutes(server: SimServer, sim: SimContext): void {
  const created = adoDate(Date.UTC(2020, 0, 6, 9, 30, 12, 340));
  const projectRef = (p: Project, i: number) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    url: `${orgUrl(sim)}/_apis/projects/${p.id}`,
    state: 'wellFormed',
    revision: 400 + i * 17,
    visibility: 'private',
    lastUpdateTime: created,
  });
  const teamJson = (p: Project, t: Team) => ({
    id: t.id,
    name: t.name,
    url: `${orgUrl(sim)}/_apis/projects/${p.id}/teams/${t.id}`,
    description: t.description,
    identityUrl: `${sim.base}/_vssps/${encodeURIComponent(sim.org)}/_apis/Identities/${t.id}`,
    projectName: p.name,
    projectId: p.id,
  });
  const teamBase = (p: Project, t: Team) => `${orgUrl(sim)}/${p.id}/${t.id}/_apis/work/teamsettings`;
  const paged = <T>(req: ApiRequest, rows: T[]) => {
    const top = parseCount(req.query.get('$top'), '$top');
    const skip = parseCount(req.query.get('$skip'), '$skip');
    if (isResponse(top)) return top;
    if (isResponse(skip)) return skip;
    return list(rows.slice(skip ?? 0, (skip ?? 0) + (top ?? 100)));
  };
  const projectOf = (req: ApiRequest) => {
    const p = sim.store.project(req.params.projectId ?? '');
    return p ?? ERR.projectNotFound(req.params.projectId ?? '');
  };

  registerApi(
    server,
    sim,
    { method: 'GET', path: 'projects', scopes: ['org'], endpoint: 'core/projects', location: LOC.projects },
    (req) => paged(req, sim.store.org.projects.map(projectRef)),
  );
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'projects/:projectId',
      scopes: ['org'],
      endpoint: 'core/projects',
      location: LOC.projects,
    },
    (req) => {
      const p = projectOf(req);
      if (isResponse(p)) return p;
      const t = p.teams[0]!;
      return ok({
        ...projectRef(p, sim.store.org.projects.indexOf(p)),
        capabilities: {
          processTemplate: {
            templateName: 'WorkSync Agile',
            templateTypeId: 'adcc42ab-9882-485e-a3ed-7678f01f66bc',
          },
          versioncontrol: { sourceControlType: 'Git', gitEnabled: 'True', tfvcEnabled: 'False' },
        },
        _links: {
          self: { href: `${orgUrl(sim)}/_apis/projects/${p.id}` },
          web: { href: `${orgUrl(sim)}/${encodeURIComponent(p.name)}` },
        },
        defaultTeam: { id: t.id, name: t.name, url: `${orgUrl(sim)}/_apis/projects/${p.id}/teams/${t.id}` },
      });
    },
  );
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'projects/:projectId/teams',
      scopes: ['org'],
      endpoint: 'core/teams',
      location: LOC.teams,
    },
    (req) => {
      const p = projectOf(req);
      return isResponse(p)
        ? p
        : paged(
            req,
            p.teams.map((t) => teamJson(p, t)),
          );
    },
  );
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'projects/:projectId/teams/:teamId',
      scopes: ['org'],
      endpoint: 'core/teams',
      location: LOC.teams,
    },
    (req) => {
      const p = projectOf(req);
      if (isResponse(p)) return p;
      const wanted = decodeURIComponent(req.params.teamId ?? '').toLowerCase();
      const team = p.teams.find((t) => t.name.toLowerCase() === wanted || t.id === wanted);
      return team ? ok(teamJson(p, team)) : ERR.teamNotFound(req.params.teamId ?? '');
    },
  );
  registerApi(
    server,
    sim,
    { method: 'GET', path: 'teams', scopes: ['org'], endpoint: 'core/teams', location: LOC.allTeams },
    (req) =>
      paged(
        req,
        sim.store.org.projects.flatMap((p) => p.teams.map((t) => teamJson(p, t))),
      ),
  );

  const teamOf = (req: ApiRequest): [Project, Team] => [req.project!, req.team ?? req.project!.teams[0]!];
  const iterationJson = (p: Project, t: Team, n: TreeNode) => ({
    id: n.identifier,
    name: n.name,
    path: n.path,
    attributes: {
      startDate: n.startMs === undefined ? null : adoDate(n.startMs),
      finishDate: n.finishMs === undefined ? null : adoDate(n.finishMs),
      timeFrame: timeFrame(n, sim.clock.now()),
    },
    url: `${teamBase(p, t)}/iterations/${n.identifier}`,
  });
  const work = ['project', 'team'] as const;

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'work/teamsettings/iterations',
      scopes: work,
      endpoint: 'work/teamsettings/iterations',
      location: LOC.iterations,
    },
    (req) => {
      const [p, t] = teamOf(req);
      const frame = req.query.get('$timeframe');
      if (frame && frame.toLowerCase() !== 'current')
        return ERR.badArgument(
          `Only Current is supported currently. The value '${frame}' is not valid for $timeframe.`,
        );
      const rows = t.iterations.filter((n) => !frame || timeFrame(n, sim.clock.now()) === 'current');
      return list(rows.map((n) => iterationJson(p, t, n)));
    },
  );

  const findIteration = (req: ApiRequest) => {
    const [p, t] = teamOf(req);
    const id = (req.params.iterationId ?? '').toLowerCase();
    const n = t.iterations.find((x) => x.identifier === id);
    return n
      ? { p, t, n }
      : ERR.badArgument(`VS402485: The iteration '${id}' is not subscribed by team ${t.name}.`);
  };
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'work/teamsettings/iterations/:iterationId',
      scopes: work,
      endpoint: 'work/teamsettings/iterations',
      location: LOC.iterations,
    },
    (req) => {
      const found = findIteration(req);
      return isResponse(found) ? found : ok(iterationJson(found.p, found.t, found.n));
    },
  );
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'work/teamsettings/iterations/:iterationId/workitems',
      scopes: work,
      endpoint: 'work/teamsettings/iterations/workitems',
      location: LOC.iterationItems,
    },
    (req) => {
      const found = findIteration(req);
      if (isResponse(found)) return found;
      const path = found.n.path.toLowerCase();
      const inSprint = [...sim.store.items.values()].filter(
        (i) => !i.deleted && String(i.current['System.IterationPath']).toLowerCase() === path,
      );
      const ids = new Set(inSprint.map((i) => i.id));
      const target = (id: number) => ({ id, url: workItemUrl(sim, id) });
      const rows: Record<string, unknown>[] = [];
      for (const item of inSprint) {
        const parent = sim.store.parentAt(item, Number.POSITIVE_INFINITY);
        if (parent !== undefined && ids.has(parent))
          rows.push({
            rel: 'System.LinkTypes.Hierarchy-Forward',
            source: target(parent),
            target: target(item.id),
          });
        else rows.push({ rel: null, source: null, target: target(item.id) });
      }
      const url = `${teamBase(found.p, found.t)}/iterations/${found.n.identifier}/workItems`;
      return ok({ workItemRelations: rows, url, _links: { self: { href: url } } });
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'work/teamsettings/teamfieldvalues',
      scopes: work,
      endpoint: 'work/teamsettings/teamfieldvalues',
      location: LOC.teamFieldValues,
    },
    (req) => {
      const [p, t] = teamOf(req);
      const url = `${teamBase(p, t)}/teamfieldvalues`;
      return ok({
        field: { referenceName: 'System.AreaPath', url: `${orgUrl(sim)}/_apis/wit/fields/System.AreaPath` },
        defaultValue: t.areas[0]?.value ?? null,
        values: t.areas.map((a) => ({ value: a.value, includeChildren: a.includeChildren })),
        url,
        _links: {
          self: { href: url },
          project: { href: `${orgUrl(sim)}/_apis/projects/${p.id}` },
          team: { href: `${orgUrl(sim)}/_apis/projects/${p.id}/teams/${t.id}` },
          teamSettings: { href: teamBase(p, t) },
          areaPathClassificationNodes: { href: `${orgUrl(sim)}/${p.id}/_apis/wit/classificationNodes/Areas` },
        },
      });
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'work/teamsettings',
      scopes: work,
      endpoint: 'work/teamsettings',
      location: LOC.teamSettings,
    },
    (req) => {
      const [p, t] = teamOf(req);
      const current = t.iterations.find((n) => timeFrame(n, sim.clock.now()) === 'current');
      const url = teamBase(p, t);
      return ok({
        backlogIteration: {
          id: p.iterationRoot.identifier,
          name: p.name,
          path: '',
          url: `${orgUrl(sim)}/${p.id}/_apis/wit/classificationNodes/Iterations`,
        },
        bugsBehavior: 'asRequirements',
        workingDays: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        backlogVisibilities: {
          'Microsoft.EpicCategory': true,
          'Microsoft.FeatureCategory': true,
          'Microsoft.RequirementCategory': true,
        },
        defaultIteration: current
          ? {
              id: current.identifier,
              name: current.name,
              path: current.path,
              url: `${url}/iterations/${current.identifier}`,
            }
          : null,
        defaultIterationMacro: '@currentIteration',
        url,
        _links: {
          self: { href: url },
          teamIterations: { href: `${url}/iterations` },
          teamFieldValues: { href: `${url}/teamfieldvalues` },
        },
      });
    },
  );
}
