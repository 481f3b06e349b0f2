import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JiraSim, startJiraSim } from '../../sim/jira/index.js';
import { openPglite } from '../../src/store/pglite.js';
import { runCli } from '../support/run-cli.js';

/**
 * Atlassian service accounts get scoped API tokens, which work only through the API gateway
 * (`/ex/jira/{cloudId}/rest/api/3`) and answer 401 on the site's own path. The simulator plays both.
 */
let sim: JiraSim;
beforeAll(async () => {
  sim = await startJiraSim({ items: 60, seed: 14 });
});
afterAll(() => sim.close());

function setup(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'ws-scoped-'));
  return { cwd, env: { ...env, WORKSYNC_DATA_DIR: join(cwd, 'data'), LOG_DIR: join(cwd, 'logs') } };
}

describe('a scoped API token', () => {
  it('is refused on the site path by the simulator itself', async () => {
    const { JIRA_USER_EMAIL, JIRA_API_TOKEN } = sim.scopedEnv();
    const auth = `Basic ${Buffer.from(`${JIRA_USER_EMAIL}:${JIRA_API_TOKEN}`).toString('base64')}`;
    const site = await fetch(`${sim.url}/rest/api/3/myself`, { headers: { authorization: auth } });
    expect(site.status).toBe(401);
    const gateway = await fetch(`${sim.url}/ex/jira/${sim.cloudId}/rest/api/3/myself`, {
      headers: { authorization: auth },
    });
    expect(gateway.status).toBe(200);
  });

  it('syncs through the gateway, found from tenant_info, with browse links on the site', async () => {
    const { cwd, env } = setup(sim.scopedEnv());
    sim.server.resetCounts();
    const result = await runCli(['sync', 'jira'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`JIRA_API_TOKEN is a scoped token: .*set JIRA_CLOUD_ID=${sim.cloudId} to skip this probe`),
    );
    expect(sim.server.requestCount('tenant_info')).toBe(1);
    const db = await openPglite(join(cwd, 'data'));
    try {
      const rows = await db.query<{ n: number; urls: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE url LIKE $1)::int AS urls FROM jira_sync.work_items`,
        [`${sim.url}/browse/%`],
      );
      expect(rows[0]!.n).toBe(sim.control.truth().filter((t) => !t.deleted).length);
      expect(rows[0]!.urls).toBe(rows[0]!.n);
    } finally {
      await db.close();
    }
    const doctor = await runCli(['doctor'], { cwd, env });
    expect(doctor.stdout).toMatch(/ok {4}Jira authentication: .*a scoped token through the API gateway/);
  });

  it('goes straight to the gateway with JIRA_CLOUD_ID set', async () => {
    const { cwd, env } = setup({ ...sim.scopedEnv(), JIRA_CLOUD_ID: sim.cloudId });
    sim.server.resetCounts();
    const result = await runCli(['sync', 'jira'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(sim.server.requestCount('tenant_info')).toBe(0);
    expect(result.stderr).not.toMatch(/scoped token/);
  });

  it('refused on the site and through the gateway: says which token works where, never the token', async () => {
    const { cwd, env } = setup({ ...sim.scopedEnv(), JIRA_API_TOKEN: 'wrong-scoped-token' });
    const result = await runCli(['sync', 'jira'], { cwd, env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /authentication failed \(HTTP 401\) on http:\/\/127\.0\.0\.1:\d+ and through the API gateway .*a scoped one \(what service accounts get\) only through the API gateway/,
    );
    expect(result.stderr).not.toContain('wrong-scoped-token');
  });

  it('a refused token on a site that is not Atlassian Cloud asks no gateway (nothing leaves for a host nobody named)', async () => {
    const env: Record<string, string> = { ...sim.scopedEnv(), JIRA_API_TOKEN: 'wrong' };
    delete env.JIRA_API_GATEWAY_URL;
    const { cwd, env: full } = setup(env);
    sim.server.resetCounts();
    const result = await runCli(['sync', 'jira'], { cwd, env: full });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /authentication failed \(HTTP 401\) on http:\/\/127\.0\.0\.1:\d+: check JIRA_USER_EMAIL and JIRA_API_TOKEN/,
    );
    expect(sim.server.requestCount('tenant_info')).toBe(0);
  });

  it('a classic token keeps working on the site, without any probe', async () => {
    const { cwd, env } = setup(sim.env());
    sim.server.resetCounts();
    const result = await runCli(['sync', 'jira'], { cwd, env });
    expect(result.code, result.stderr).toBe(0);
    expect(sim.server.requestCount('tenant_info')).toBe(0);
  });
});
