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

  it('documents every variable in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    for (const name of VARIABLES) expect(example, name).toMatch(new RegExp(`^# ${name}=`, 'm'));
  });
});
