import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load.js';
import { VARIABLES } from './schema.js';

describe('loading the configuration', () => {
  it('reads .env and lets the environment win', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-env-'));
    writeFileSync(
      join(cwd, '.env'),
      'SYNC_INTERVAL_MINUTES=15\nLOG_LEVEL=debug\nJIRA_SCHEMA_NAME=from_file\n',
    );
    const config = loadConfig({ cwd, env: { LOG_LEVEL: 'warn' } });
    expect(config.syncIntervalMinutes).toBe(15);
    expect(config.logLevel).toBe('warn');
    expect(config.jiraSchema).toBe('from_file');
  });

  it('reads another file with --env-file and fails clearly when it is missing', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-env-'));
    writeFileSync(join(cwd, 'prod.env'), 'ADO_SCHEMA_NAME=ado\n');
    expect(loadConfig({ cwd, env: {}, envFile: 'prod.env' }).adoSchema).toBe('ado');
    expect(() => loadConfig({ cwd, env: {}, envFile: 'missing.env' })).toThrow(/missing\.env does not exist/);
  });

  it('reads the file named by WORKSYNC_ENV_FILE when no option names one; the option wins', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-env-'));
    writeFileSync(join(cwd, '.env'), 'ADO_SCHEMA_NAME=dotenv\n');
    writeFileSync(join(cwd, 'prod.env'), 'ADO_SCHEMA_NAME=prod\n');
    writeFileSync(join(cwd, 'other.env'), 'ADO_SCHEMA_NAME=other\n');
    expect(loadConfig({ cwd, env: { WORKSYNC_ENV_FILE: 'prod.env' } }).adoSchema).toBe('prod');
    expect(loadConfig({ cwd, env: { WORKSYNC_ENV_FILE: join(cwd, 'prod.env') } }).adoSchema).toBe('prod');
    expect(loadConfig({ cwd, env: { WORKSYNC_ENV_FILE: 'prod.env' }, envFile: 'other.env' }).adoSchema).toBe(
      'other',
    );
    expect(loadConfig({ cwd, env: { WORKSYNC_ENV_FILE: ' ' } }).adoSchema).toBe('dotenv');
    expect(() => loadConfig({ cwd, env: { WORKSYNC_ENV_FILE: 'typo.env' } })).toThrow(
      /typo\.env does not exist: check the path given by WORKSYNC_ENV_FILE/,
    );
  });

  it('documents every variable in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const name of VARIABLES) expect(example, name).toMatch(new RegExp(`^# ${name}=`, 'm'));
  });
});
