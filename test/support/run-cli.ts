import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const entry = fileURLToPath(new URL('./cli.ts', import.meta.url));
/** tsx's loader by absolute URL, so the child resolves it whatever its working directory. */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `worksync ARGS` from the sources in a child process with exactly `env` (plus PATH), in `cwd`,
 * without a TTY (logs are JSON lines on stderr). Returns the child (to signal it) and its exit.
 */
export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  // "--" as in the bin: Node 20 would take a --env-file anywhere in argv as its own option.
  const child = spawn(process.execPath, ['--import', tsxLoader, '--', entry, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exit };
}

/** Runs `worksync ARGS` to its end. */
export function runCli(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<CliResult> {
  return spawnCli(args, options).exit;
}
