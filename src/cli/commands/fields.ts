import { searchFields } from '../../connectors/field-catalog.js';
import type { Platform } from '../../domain/glossary.js';
import type { CommandContext } from '../context.js';
import { formatTable } from '../table.js';
import { requireTargets } from './sync.js';

/**
 * `worksync fields [jira|ado] [--search TEXT] [--json]`: every field of each configured instance with
 * its id (the value JIRA_*_FIELD_ID and ADO_*_FIELD take), name, type and how many recent items hold a
 * value; two or three requests per platform. Needs no database.
 */
export async function fieldsCommand(
  ctx: CommandContext,
  platform: Platform | undefined,
  options: { search?: string; json?: boolean },
): Promise<number> {
  const targets = requireTargets(ctx, platform);
  const catalogs = await Promise.all(
    targets.map(async (t) => {
      const catalog = await t.connector.fieldCatalog();
      return { platform: t.platform, ...catalog, fields: searchFields(catalog, options.search) };
    }),
  );
  if (options.json) {
    ctx.print(JSON.stringify({ platforms: catalogs }, null, 2));
    return 0;
  }
  const out: string[] = [];
  for (const c of catalogs) {
    const name = c.platform === 'ado' ? 'Azure DevOps' : 'Jira';
    const search = options.search ? ` matching "${options.search}"` : '';
    out.push(
      `${name}: ${c.fields.length} fields${search}; set in: share of the ${c.sampled} most recently changed ${c.itemNoun}`,
    );
    const sorted = [...c.fields].sort(
      (a, b) => Number(b.custom) - Number(a.custom) || a.name.localeCompare(b.name),
    );
    out.push(
      formatTable(
        ['id', 'name', 'type', 'custom', 'set in'],
        sorted.map((f) => [
          f.id,
          f.name,
          f.type,
          f.custom ? 'yes' : '',
          c.sampled === 0 ? '-' : `${Math.round((100 * f.populated) / c.sampled)}%`,
        ]),
      ),
      '',
    );
  }
  ctx.print(out.join('\n').trimEnd());
  return 0;
}
