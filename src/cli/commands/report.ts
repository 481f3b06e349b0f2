import { formatSummary } from '../../metrics/report/summary-table.js';
import { DEFAULT_REPORT_FILE, writeReport } from '../../metrics/report/write-report.js';
import { loadReportData } from '../../metrics/report-data-loader.js';
import { migrate } from '../../store/migrate.js';
import type { CommandContext } from '../context.js';

/** `worksync report [--out FILE]`: one self-contained offline HTML file with the KPI charts, and a summary table. */
export async function reportCommand(ctx: CommandContext, options: { out?: string }): Promise<number> {
  const db = await ctx.openDb();
  await migrate(db, ctx.config);
  const data = await loadReportData(db, ctx.config);
  const { path } = await writeReport(data, options.out ?? DEFAULT_REPORT_FILE);
  ctx.print(formatSummary(data));
  ctx.print(`report: ${path}`);
  return 0;
}
