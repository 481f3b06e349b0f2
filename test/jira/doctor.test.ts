import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JiraSim, startJiraSim } from '../../sim/jira/index.js';
import { runCli } from '../support/run-cli.js';

describe('worksync doctor against Jira', () => {
  let sim: JiraSim;
  beforeAll(async () => {
    sim = await startJiraSim({ items: 30 });
  });
  afterAll(() => sim.close());

  it('checks authentication and every project, and says what to fix', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-doc-'));
    const good = await runCli(['doctor'], {
      cwd,
      env: { ...sim.env(), JIRA_PROJECT_KEY: `${sim.projectKeys[0]},NOPE` },
    });
    expect(good.stdout).toMatch(/ok\s+Jira authentication/);
    expect(good.stdout).toMatch(new RegExp(`ok\\s+Jira project ${sim.projectKeys[0]}`));
    expect(good.stdout).toMatch(/FAIL\s+Jira project NOPE[\s\S]*fix: check that project NOPE exists/);
    expect(good.code).toBe(1);

    const bad = await runCli(['doctor'], { cwd, env: { ...sim.env(), JIRA_API_TOKEN: 'not-the-token' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL\s+Jira authentication.*401/);
    expect(bad.stdout + bad.stderr).not.toContain('not-the-token');
  });
});
