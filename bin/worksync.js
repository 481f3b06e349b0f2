#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node --max-old-space-size=512 --max-semi-space-size=8 --
// "node --": Node 20 otherwise takes a --env-file anywhere on the command line as its own option.
// --max-old-space-size=512: a sync holds ~30-70 MB of live data (pages stream through); with the
// default limit (~4 GB here) V8 lets the heap grow to 4x that before collecting, which doubled the
// peak RSS without making the sync faster. --max-semi-space-size=8 (MB, default 16) and
// MALLOC_ARENA_MAX=2 (glibc's malloc arenas; the writer thread otherwise gets arenas of its own): each
// ~15 MB less peak RSS for ~1 s of a 30 s full sync (bench/results/findings.md). To change them, run
// `node --max-old-space-size=N bin/worksync.js ...`.
// The package bin: runs the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`worksync: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
