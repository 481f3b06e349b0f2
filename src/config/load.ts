import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import { ConfigError } from '../errors.js';
import type { Config } from './config.js';
import { parseConfig } from './schema.js';

/**
 * Reads the configuration from the environment and a `.env` file (default `./.env`; the environment wins),
 * validates it, and returns it typed. Throws `ConfigError` naming every bad variable.
 */
export function loadConfig(
  options: { envFile?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Config {
  const cwd = options.cwd ?? process.cwd();
  return parseConfig(readEnvironment(options.envFile, options.env ?? process.env, cwd), cwd);
}

/** The merged variables: `.env` file values overridden by the environment. */
export function readEnvironment(
  envFile: string | undefined,
  env: NodeJS.ProcessEnv,
  cwd: string,
): Record<string, string | undefined> {
  const path = resolve(cwd, envFile ?? '.env');
  const fromFile = existsSync(path) ? parse(readFileSync(path)) : {};
  if (envFile !== undefined && !existsSync(path)) {
    throw new ConfigError([`the env file ${path} does not exist: check the --env-file path`]);
  }
  return { ...fromFile, ...env };
}
