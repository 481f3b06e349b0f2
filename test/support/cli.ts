// Runs the CLI from the sources (through tsx), so end-to-end tests exercise the current code without a build.
import { main } from '../../src/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
