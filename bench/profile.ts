/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`, written to bench/results/tmp/cpu-prof):
 * self time by function and by file, so that one can see where the worker's time goes.
 *   node --import tsx bench/profile.ts bench/results/tmp/cpu-prof/CPU.*.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
});

function short(url: string): string {
  const cut = url.replace(/^file:\/\//, '');
  const nm = cut.lastIndexOf('node_modules/');
  if (nm >= 0) return cut.slice(nm + 'node_modules/'.length);
  const i = cut.indexOf('/src/');
  if (i >= 0) return cut.slice(i + 1);
  return cut || '(native)';
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries())
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const total = (profile.endTime - profile.startTime) / 1000;
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const where = short(node.callFrame.url);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${where}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us / 1000);
    byFile.set(where, (byFile.get(where) ?? 0) + us / 1000);
    const pkg = where.startsWith('src/')
      ? where.split('/').slice(0, 3).join('/')
      : where.startsWith('@')
        ? where.split('/').slice(0, 2).join('/')
        : (where.split('/')[0] ?? where);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us / 1000);
  }
  const top = Number(values.top);
  const print = (title: string, map: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      process.stdout.write(
        `${ms.toFixed(0).padStart(8)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}\n`,
      );
  };
  process.stdout.write(`${file}: ${total.toFixed(0)} ms profiled\n`);
  print('self time by package / folder', byPackage);
  print('self time by file', byFile);
  print('self time by function', byFunction);
}
