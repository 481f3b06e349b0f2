import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backends } from './support/databases.js';
import { runCli } from './support/run-cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'ws-cli-'));

describe('the command line', () => {
  it('prints help and exits 0', async () => {
    const result = await runCli(['--help'], { cwd: tempDir() });
    expect(result.code).toBe(0);
    for (const command of ['migrate', 'status', 'doctor']) expect(result.stdout).toContain(command);
  });

  it('exits non-zero with a one-line reason on an unknown command', async () => {
    const result = await runCli(['frobnicate'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('reads --env-file, and says so when the file is missing', async () => {
    const cwd = tempDir();
    const missing = await runCli(['--env-file', join(cwd, 'missing.env'), 'status'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.env does not exist: check the path given by --env-file/);
  });

  it('reads --config and WORKSYNC_ENV_FILE, and a named file that is missing is an error (exit 2)', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'prod.env'), `LOG_LEVEL=loud\nLOG_DIR=${join(cwd, 'logs')}\n`);
    // The file is read: its bad LOG_LEVEL is reported.
    for (const run of [
      runCli(['--config', 'prod.env', 'status'], { cwd }),
      runCli(['status'], { cwd, env: { WORKSYNC_ENV_FILE: 'prod.env' } }),
    ]) {
      const result = await run;
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/LOG_LEVEL must be one of/);
    }
    const missing = await runCli(['--config', 'nope.env', 'status'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `worksync: invalid configuration: the env file ${join(cwd, 'nope.env')} does not exist: check the path given by --config`,
    );
    const fromEnv = await runCli(['status'], { cwd, env: { WORKSYNC_ENV_FILE: 'nope.env' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/nope\.env does not exist: check the path given by WORKSYNC_ENV_FILE/);
    const both = await runCli(['--config', 'prod.env', '--env-file', 'other.env', 'status'], { cwd });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/name different files/);
  });

  it('migrates the embedded database under ./data, announces it, and a second run changes nothing', async () => {
    const cwd = tempDir();
    const first = await runCli(['migrate'], { cwd });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/embedded database \(PGlite\)/);
    expect(readdirSync(join(cwd, 'data'))).toContain('PG_VERSION');
    const second = await runCli(['migrate'], { cwd });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/up to date/);
    const status = await runCli(['status', '--json'], { cwd });
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as { platforms: { schema: string; migrated: boolean }[] };
    expect(parsed.platforms.map((p) => [p.schema, p.migrated])).toEqual([
      ['public', true],
      ['jira_sync', true],
    ]);
  });

  it('reports every bad variable in one line at start-up and never prints a secret', async () => {
    const cwd = tempDir();
    const env = {
      PG_PORT: 'abc',
      PG_PASSWORD: 'pg-secret-pw',
      JIRA_CLOUD_URL: 'https://acme.atlassian.net',
      JIRA_PROJECT_KEY: 'ABC',
      JIRA_USER_EMAIL: 'bot@acme.io',
      ADO_PERSONAL_ACCESS_TOKEN: 'ado-secret-pat',
      LOG_DIR: join(cwd, 'logs'),
    };
    const result = await runCli(['migrate'], { cwd, env });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/PG_PORT/);
    expect(lines[0]).toMatch(/JIRA_API_TOKEN/);
    const everything = result.stdout + result.stderr;
    expect(everything).not.toContain('pg-secret-pw');
    expect(everything).not.toContain('ado-secret-pat');
  });

  it('doctor refuses a plain-http Jira URL outside loopback, naming the variable and the way out', async () => {
    const cwd = tempDir();
    const env = {
      JIRA_CLOUD_URL: 'http://example.com',
      JIRA_PROJECT_KEY: 'ABC',
      JIRA_USER_EMAIL: 'bot@acme.io',
      JIRA_API_TOKEN: 'jira-secret-token',
      LOG_DIR: join(cwd, 'logs'),
    };
    const result = await runCli(['doctor'], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/JIRA_CLOUD_URL uses plain http to example\.com/);
    expect(result.stderr).toMatch(/WORKSYNC_ALLOW_INSECURE_HTTP=true/);
    expect(result.stdout + result.stderr).not.toContain('jira-secret-token');
  });

  it('doctor checks configuration and database, masking secrets', async () => {
    const cwd = tempDir();
    const env = {
      JIRA_CLOUD_URL: 'http://127.0.0.1:9',
      JIRA_PROJECT_KEY: 'ABC',
      JIRA_USER_EMAIL: 'bot@acme.io',
      JIRA_API_TOKEN: 'jira-secret-token',
    };
    const result = await runCli(['doctor'], { cwd, env });
    expect(result.stdout).toMatch(/ok\s+configuration/);
    expect(result.stdout).toMatch(/ok\s+database: embedded PGlite/);
    // Nothing listens on port 9: the API check fails fast, says what failed and what to fix.
    expect(result.stdout).toMatch(
      /FAIL\s+Jira authentication: myself: network error[\s\S]*fix: check JIRA_CLOUD_URL/,
    );
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('jira-secret-token');
    const logs = join(cwd, 'logs');
    for (const file of readdirSync(logs))
      expect(readFileSync(join(logs, file), 'utf8')).not.toContain('jira-secret-token');
  });

  for (const backend of backends().filter((b) => b.name === 'postgres')) {
    it('migrates a PostgreSQL server from the PG_* variables; two processes at once both succeed', async () => {
      const { url, drop } = await backend.create();
      try {
        const parsed = new URL(url!);
        const env = {
          PG_HOST: parsed.hostname,
          PG_PORT: parsed.port || '5432',
          PG_USERNAME: decodeURIComponent(parsed.username),
          PG_PASSWORD: decodeURIComponent(parsed.password) || 'unused-password',
          PG_DATABASE: parsed.pathname.slice(1),
        };
        const cwd = tempDir();
        const results = await Promise.all([
          runCli(['migrate'], { cwd, env }),
          runCli(['migrate'], { cwd, env }),
        ]);
        expect(results.map((r) => r.code)).toEqual([0, 0]);
        const again = await runCli(['migrate'], { cwd, env });
        expect(again.code).toBe(0);
        expect(again.stderr).toMatch(/up to date/);
        const status = await runCli(['status'], { cwd, env });
        expect(status.stdout).toContain(`database: ${env.PG_HOST}:${env.PG_PORT}/${env.PG_DATABASE}`);
      } finally {
        await drop();
      }
    });
  }
});
