import { writeFileSync } from 'node:fs';
import { startAdoSim } from '../../../sim/ado/index.js';
import { startJiraSim } from '../../../sim/jira/index.js';
import { shutdownSignal } from '../../sync/signals.js';

export interface SimOptions {
  jiraPort?: string;
  adoPort?: string;
  items?: string;
  seed?: string;
  /** Where to write the environment block (else it is printed). */
  envFile?: string;
}

function int(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return n;
}

/** The variables that point worksync at both simulators, as a block to source or put in a .env file. */
export function envBlock(vars: Record<string, string>): string {
  const quote = (v: string) => (/^[\w@%+=:,./-]*$/.test(v) ? v : `'${v.replaceAll("'", "'\\''")}'`);
  return `${Object.entries(vars)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join('\n')}\n`;
}

/** `worksync sim`: both simulators on 127.0.0.1 until interrupted. */
export async function simCommand(options: SimOptions): Promise<number> {
  const items = int(options.items, '--items', 1000);
  const seed = int(options.seed, '--seed', 1);
  const started = Date.now();
  const [jira, ado] = await Promise.all([
    startJiraSim({ items, seed, port: int(options.jiraPort, '--jira-port', 0) }),
    startAdoSim({ items, seed, port: int(options.adoPort, '--ado-port', 0) }),
  ]);
  const block = envBlock({ ...jira.env(), ...ado.env() });
  if (options.envFile) {
    writeFileSync(options.envFile, block);
    process.stderr.write(`wrote the simulator variables to ${options.envFile}\n`);
  } else {
    process.stdout.write(block);
  }
  process.stderr.write(
    `simulators ready in ${Date.now() - started} ms: Jira ${jira.url}, Azure DevOps ${ado.url} (${items} items each, seed ${seed}); Ctrl-C stops them\n`,
  );
  const shutdown = shutdownSignal();
  await new Promise<void>((resolve) =>
    shutdown.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  shutdown.dispose();
  await Promise.all([jira.close(), ado.close()]);
  return 0;
}
