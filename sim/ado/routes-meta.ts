/**
 * Metadata: work item types and their states, fields, relation types, classification nodes, and the
 * route discovery azure-devops-node-api uses (`OPTIONS {org}/_apis[/{area}]`, `GET _apis/resourceAreas`).
 */
import type { SimRequest, SimServer } from '../common/server.js';
import { type ApiRequest, LOCATIONS, list, ok, registerApi, type SimContext } from './api.js';
import { adoError, ERR, routeNotFound } from './errors.js';
import { adoDate, fieldUrl, orgUrl } from './format.js';
import type { Project, TreeNode } from './model.js';
import { isResponse } from './params.js';
import { FIELDS, findType, LINK_TYPES, type TypeDef, WORK_ITEM_TYPES } from './process.js';

const LOC = {
  types: '7c8d7a76-4a09-43e8-b5df-bd792f4ac6aa',
  states: '7c9d7a76-4a09-43e8-b5df-bd792f4ac6aa',
  fields: 'b51fd764-e5c2-4b9b-aaf7-3395cf4bdd94',
  relationTypes: 'f5d33bc9-5b49-4a3c-a9bd-f3cd46dd2165',
  nodes: '5a172953-1b41-49d3-840a-33f79c3ce89f',
  rootNodes: 'a70579d1-f53a-48ee-a5be-7be8659023b9',
  resourceAreas: 'e81700f7-3be2-46de-8624-2eb35882fcaa',
};

const TYPE_FIELDS = FIELDS.filter(
  (f) => !/Level\d|System\.(History|IsDeleted|Parent)$/.test(f.referenceName),
);

export function registerMetaRoutes(server: SimServer, sim: SimContext): void {
  const typeJson = (p: Project, t: TypeDef) => {
    const fields = TYPE_FIELDS.map((f) => ({
      alwaysRequired: f.referenceName === 'System.Title',
      referenceName: f.referenceName,
      name: f.name,
      url: fieldUrl(sim, f.referenceName),
    }));
    const transitions: Record<string, { to: string }[]> = {
      '': [{ to: t.initial }],
    };
    for (const [from, tos] of Object.entries(t.transitions)) transitions[from] = tos.map((to) => ({ to }));
    return {
      name: t.name,
      referenceName: t.referenceName,
      description: t.description,
      color: t.color,
      icon: { id: t.icon, url: `${orgUrl(sim)}/_apis/wit/workItemIcons/${t.icon}?color=${t.color}&v=2` },
      isDisabled: false,
      xmlForm: '',
      fields,
      fieldInstances: fields,
      transitions,
      states: t.states.map((s) => ({ name: s.name, color: s.color, category: s.category })),
      url: `${orgUrl(sim)}/${p.id}/_apis/wit/workItemTypes/${encodeURIComponent(t.name)}`,
    };
  };
  const typeOf = (req: ApiRequest) =>
    findType(req.params.type ?? '') ??
    adoError(
      404,
      `VS402323: Work item type ${req.params.type} does not exist.`,
      'Microsoft.TeamFoundation.WorkItemTracking.Server.Metadata.WorkItemTypeNotFoundException, Microsoft.TeamFoundation.WorkItemTracking.Server',
      3200,
    );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitemtypes',
      scopes: ['project'],
      endpoint: 'wit/workitemtypes',
      location: LOC.types,
    },
    (req) => list(WORK_ITEM_TYPES.map((t) => typeJson(req.project!, t))),
  );
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitemtypes/:type',
      scopes: ['project'],
      endpoint: 'wit/workitemtypes',
      location: LOC.types,
    },
    (req) => {
      const t = typeOf(req);
      return isResponse(t) ? t : ok(typeJson(req.project!, t));
    },
  );
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitemtypes/:type/states',
      scopes: ['project'],
      endpoint: 'wit/workitemtypes/states',
      location: LOC.states,
    },
    (req) => {
      const t = typeOf(req);
      return isResponse(t)
        ? t
        : list(t.states.map((s) => ({ name: s.name, color: s.color, category: s.category })));
    },
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/fields',
      scopes: ['org', 'project'],
      endpoint: 'wit/fields',
      location: LOC.fields,
    },
    () =>
      list(
        FIELDS.map((f) => ({
          name: f.name,
          referenceName: f.referenceName,
          description: '',
          type: f.type,
          usage: 'workItem',
          readOnly: f.readOnly ?? false,
          canSortBy: f.type !== 'html' && f.type !== 'history',
          isQueryable: true,
          isIdentity: f.type === 'identity',
          isPicklist: false,
          isPicklistSuggested: false,
          url: fieldUrl(sim, f.referenceName),
        })),
      ),
  );

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitemrelationtypes',
      scopes: ['org'],
      endpoint: 'wit/workitemrelationtypes',
      location: LOC.relationTypes,
    },
    () => {
      const rows: Record<string, unknown>[] = [];
      for (const [family, t] of Object.entries(LINK_TYPES)) {
        const topology = family === 'Hierarchy' ? 'tree' : family === 'Dependency' ? 'dependency' : 'network';
        const ends =
          family === 'Related'
            ? [[t.forward, t.fName]]
            : [
                [t.forward, t.fName],
                [t.reverse, t.rName],
              ];
        for (const [ref, name] of ends) {
          rows.push({
            attributes: {
              usage: 'workItemLink',
              editable: false,
              enabled: true,
              acyclic: topology !== 'network',
              directional: family !== 'Related',
              singleTarget: ref === LINK_TYPES.Hierarchy.reverse,
              topology,
            },
            referenceName: ref,
            name,
            url: `${orgUrl(sim)}/_apis/wit/workItemRelationTypes/${ref}`,
          });
        }
      }
      for (const [ref, name] of [
        ['ArtifactLink', 'Artifact Link'],
        ['Hyperlink', 'Hyperlink'],
        ['AttachedFile', 'Attached File'],
      ])
        rows.push({
          attributes: { usage: 'resourceLink', editable: false, enabled: true },
          referenceName: ref,
          name,
          url: `${orgUrl(sim)}/_apis/wit/workItemRelationTypes/${ref}`,
        });
      return list(rows);
    },
  );

  const nodeJson = (
    p: Project,
    n: TreeNode,
    group: 'area' | 'iteration',
    depth: number,
    top: boolean,
  ): Record<string, unknown> => {
    const rel = n.path.split('\\').slice(1);
    const segment = group === 'area' ? 'Areas' : 'Iterations';
    const url = `${orgUrl(sim)}/${p.id}/_apis/wit/classificationNodes/${[segment, ...rel].map(encodeURIComponent).join('/')}`;
    const out: Record<string, unknown> = {
      id: n.id,
      identifier: n.identifier,
      name: n.name,
      structureType: group,
      hasChildren: n.children.length > 0,
      path: `\\${[p.name, group === 'area' ? 'Area' : 'Iteration', ...rel].join('\\')}`,
    };
    if (n.startMs !== undefined)
      out.attributes = { startDate: adoDate(n.startMs), finishDate: adoDate(n.finishMs ?? n.startMs) };
    if (depth > 0 && n.children.length > 0)
      out.children = n.children.map((c) => nodeJson(p, c, group, depth - 1, false));
    if (top) out._links = { self: { href: url } };
    out.url = url;
    return out;
  };
  const depthOf = (req: ApiRequest) => Math.max(0, Number(req.query.get('$depth') ?? 0) || 0);

  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/classificationnodes',
      scopes: ['project'],
      endpoint: 'wit/classificationnodes',
      location: LOC.rootNodes,
    },
    (req) => {
      const p = req.project!;
      return list([
        nodeJson(p, p.areaRoot, 'area', depthOf(req), false),
        nodeJson(p, p.iterationRoot, 'iteration', depthOf(req), false),
      ]);
    },
  );
  const byPath = (req: ApiRequest) => {
    const p = req.project!;
    const group = req.params.group?.toLowerCase();
    const root = group === 'areas' ? p.areaRoot : group === 'iterations' ? p.iterationRoot : undefined;
    if (!root)
      return ERR.badArgument(
        `The structure group '${req.params.group}' is not valid; use Areas or Iterations.`,
      );
    const segments = [req.params.p1, req.params.p2, req.params.p3, req.params.p4, req.params.p5]
      .filter((s): s is string => s !== undefined)
      .flatMap((s) => s.split('\\'))
      .filter(Boolean);
    let node: TreeNode | undefined = root;
    for (const s of segments) node = node?.children.find((c) => c.name.toLowerCase() === s.toLowerCase());
    if (!node)
      return adoError(
        404,
        `VS402485: The node '${segments.join('\\')}' does not exist.`,
        'Microsoft.TeamFoundation.WorkItemTracking.Server.Metadata.WorkItemTrackingTreeNodeNotFoundException, Microsoft.TeamFoundation.WorkItemTracking.Server',
        3200,
      );
    return ok(nodeJson(p, node, root === p.areaRoot ? 'area' : 'iteration', depthOf(req), true));
  };
  let path = 'wit/classificationnodes/:group';
  for (const seg of ['', ':p1', ':p2', ':p3', ':p4', ':p5']) {
    if (seg) path += `/${seg}`;
    registerApi(
      server,
      sim,
      { method: 'GET', path, scopes: ['project'], endpoint: 'wit/classificationnodes', location: LOC.nodes },
      byPath,
    );
  }

  // Route discovery for azure-devops-node-api.
  const options = (req: SimRequest) => {
    if (req.params.org?.toLowerCase() !== sim.org.toLowerCase()) return routeNotFound(req.path);
    const area = req.params.area?.toLowerCase();
    return list(LOCATIONS.filter((l) => !area || l.area.toLowerCase() === area));
  };
  server.route('OPTIONS', '/:org/_apis', 'options', options);
  server.route('OPTIONS', '/:org/_apis/:area', 'options', options);
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'resourceAreas',
      scopes: ['org'],
      endpoint: 'location/resourceareas',
      location: LOC.resourceAreas,
    },
    () => list([]),
  );
}
