/** For `worksync report` and `worksync demo`: render the report and write it to a file, atomically. */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { renderReport } from './render.js';
import type { ReportData } from './report-data.js';

/** Where `worksync report` writes without --out (relative to the working directory). */
export const DEFAULT_REPORT_FILE = 'worksync-report.html';

/**
 * Renders `data` and writes it to `file` (default ./worksync-report.html), creating its folder. Writes a
 * temporary file beside it and renames it, so a reader never sees half a report. Returns the absolute path
 * and the size in bytes.
 */
export async function writeReport(
  data: ReportData,
  file: string = DEFAULT_REPORT_FILE,
): Promise<{ path: string; bytes: number }> {
  const path = resolve(file);
  const html = renderReport(data);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, html, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return { path, bytes: Buffer.byteLength(html, 'utf8') };
}
