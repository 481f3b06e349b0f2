import { describe, expect, it } from 'vitest';
import { foldLinks, itemLinks, linkRelations } from './map-links.js';

const url = (id: number) => `https://dev.azure.com/org/_apis/wit/workItems/${id}`;

describe('itemLinks', () => {
  it('turns an item’s $expand=relations into the link events the reporting links API gives', () => {
    const links = itemLinks(7, [
      { rel: 'System.LinkTypes.Hierarchy-Reverse', url: url(3) },
      { rel: 'System.LinkTypes.Hierarchy-Forward', url: url(9) },
      { rel: 'System.LinkTypes.Related', url: url(4) },
      { rel: 'System.LinkTypes.Dependency-Forward', url: url(5) },
      { rel: 'Hyperlink', url: 'https://example.com' },
      { rel: 'ArtifactLink', url: 'vstfs:///Git/Commit/abc' },
    ]);
    expect(links).toEqual([
      { rel: 'System.LinkTypes.Hierarchy', sourceId: 3, targetId: 7, isActive: true },
      { rel: 'System.LinkTypes.Hierarchy', sourceId: 7, targetId: 9, isActive: true },
      { rel: 'System.LinkTypes.Related', sourceId: 7, targetId: 4, isActive: true },
      { rel: 'System.LinkTypes.Dependency', sourceId: 7, targetId: 5, isActive: true },
    ]);
    // The same rows as the link events of the stream.
    const rows = links.flatMap(linkRelations);
    expect(rows).toEqual(foldLinks(links).current);
    expect(rows).toContainEqual({
      sourceId: '7',
      targetId: '3',
      relationType: 'parent',
      relationRaw: 'System.LinkTypes.Hierarchy-Reverse',
    });
  });
});
