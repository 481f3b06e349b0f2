/** The report.html that a `worksync demo` run wrote in its folder under `cwd`/data. */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readDemoReport(cwd: string): string {
  const [folder] = readdirSync(join(cwd, 'data'));
  if (!folder) throw new Error(`no demo folder under ${cwd}/data`);
  return readFileSync(join(cwd, 'data', folder, 'report.html'), 'utf8');
}
