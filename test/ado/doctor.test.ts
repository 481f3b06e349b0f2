import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdoSim, startAdoSim } from '../../sim/ado/index.js';
import { runCli } from '../support/run-cli.js';

describe('worksync doctor against Azure DevOps', () => {
  let sim: AdoSim;
  beforeAll(async () => {
    sim = await startAdoSim({ items: 30 });
  });
  afterAll(() => sim.close());

  it('checks the PAT, each project and each team, with a fix for each failure', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-doc-'));
    const env = {
      ...sim.env(),
      ADO_PROJECT: `${sim.projects[0]},Nowhere`,
      ADO_SCRUM_PROJECT: `${sim.projects[0]}:No Such Team`,
    };
    const result = await runCli(['doctor'], { cwd, env });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`ok\\s+Azure DevOps project ${sim.projects[0]}`));
    expect(result.stdout).toMatch(
      /FAIL\s+Azure DevOps project Nowhere[\s\S]*fix: check that project Nowhere exists/,
    );
    expect(result.stdout).toMatch(/FAIL\s+Azure DevOps team .*No Such Team[\s\S]*fix: check the team name/);

    const bad = await runCli(['doctor'], {
      cwd,
      env: { ...sim.env(), ADO_PERSONAL_ACCESS_TOKEN: 'expired-pat-123' },
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL\s+Azure DevOps authentication.*ADO_PERSONAL_ACCESS_TOKEN/);
    expect(bad.stdout + bad.stderr).not.toContain('expired-pat-123');
  });

  it('with ADO_PROJECT=* checks the organisation and lists its projects', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-doc-'));
    const result = await runCli(['doctor'], { cwd, env: { ...sim.env(), ADO_PROJECT: '*' } });
    expect(result.stdout).toMatch(
      new RegExp(`ok\\s+Azure DevOps organisation ${sim.env().ADO_ORGANIZATION}.*${sim.projects.join(', ')}`),
    );
    expect(result.code, result.stdout).toBe(0);
  });
});
