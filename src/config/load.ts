import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { ConfigError } from '../errors.js';
import type { Config } from './config.js';
import { parseConfig } from './schema.js';

/**
 * Reads the configuration from the environment and a `.env` file, validates it, and returns it typed.
 * The file is `envFile` (the --config or --env-file option), else WORKSYNC_ENV_FILE, else `./.env`; the
 * environment wins over it. Throws `ConfigError` naming every bad variable.
 */
export function loadConfig(
  options: { envFile?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Config {
  const cwd = options.cwd ?? process.cwd();
  return parseConfig(readEnvironment(options.envFile, options.env ?? process.env, cwd), cwd);
}

/**
 * The file the variables are read from, and who named it. An option wins over WORKSYNC_ENV_FILE, read
 * from the environment only (a variable in the file cannot name the file); `.env` when neither does.
 */
export function envFileChoice(
  envFile: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): { path: string; namedBy?: string } {
  if (envFile !== undefined)
    return { path: resolve(cwd, envFile), namedBy: 'the --config/--env-file option' };
  const fromEnv = env.WORKSYNC_ENV_FILE?.trim();
  if (fromEnv) return { path: resolve(cwd, fromEnv), namedBy: 'WORKSYNC_ENV_FILE' };
  return { path: resolve(cwd, '.env') };
}

/** The merged variables: the env file's values overridden by the environment. */
export function readEnvironment(
  envFile: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Record<string, string | undefined> {
  const { path, namedBy } = envFileChoice(envFile, env, cwd);
  if (!existsSync(path)) {
    // ./.env is optional; a file somebody named is not: a typo must not run with the defaults.
    if (namedBy !== undefined) throw new ConfigError([missingFileMessage(path, namedBy)]);
    return { ...env };
  }
  return { ...parse(readFileSync(path)), ...env };
}

/** The error of a named env file that does not exist. */
export function missingFileMessage(path: string, namedBy: string): string {
  return `the env file ${path} does not exist: check the path given by ${namedBy}`;
}
