/**
 * Re-renders the Markdown of saved results: `node --import tsx bench/render.ts bench/results/default.json`
 * writes bench/results/default.md from the JSON (after a change of the report's layout).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { type BenchReport, toMarkdown } from './lib/report.js';

for (const file of process.argv.slice(2)) {
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchReport;
  writeFileSync(file.replace(/\.json$/, '.md'), toMarkdown(report));
}
