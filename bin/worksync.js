#!/usr/bin/env -S node --
// "node --": Node 20 otherwise takes a --env-file anywhere on the command line as its own option.
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
