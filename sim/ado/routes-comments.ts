/**
 * Work item comments (`GET {project}/_apis/wit/workItems/{id}/comments`, preview-only: 7.1-preview.4;
 * a plain `7.1` gets VssInvalidPreviewVersionException). Comments are the revisions that set System.History.
 */
import type { SimServer } from '../common/server.js';
import { ok, registerApi, type SimContext } from './api.js';
import { ERR } from './errors.js';
import { adoDate, identityRef, workItemUrl } from './format.js';
import { projectIdOf } from './render.js';

const LOC = '608aac0a-32e1-4493-a863-b9cf4566d257';

export function registerCommentRoutes(server: SimServer, sim: SimContext): void {
  registerApi(
    server,
    sim,
    {
      method: 'GET',
      path: 'wit/workitems/:id/comments',
      scopes: ['project'],
      endpoint: 'wit/comments',
      location: LOC,
    },
    (req) => {
      const item = sim.store.get(Number(req.params.id));
      if (!item || item.deleted) return ERR.workItemNotFound(Number(req.params.id) || 0);
      const base = `${workItemUrl(sim, item.id, projectIdOf(sim, item))}/comments`;
      const comments = item.revisions
        .filter((r) => typeof r.delta['System.History'] === 'string')
        .map((r, i) => {
          const who = identityRef(sim, sim.people[r.by]!);
          return {
            workItemId: item.id,
            id: 1000 + i,
            version: 1,
            text: String(r.delta['System.History']),
            createdBy: who,
            createdDate: adoDate(r.at),
            modifiedBy: who,
            modifiedDate: adoDate(r.at),
            url: `${base}/${1000 + i}`,
          };
        })
        .reverse();
      return ok({ totalCount: comments.length, count: comments.length, comments, url: base });
    },
  );
}
