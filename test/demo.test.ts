import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDemoReport } from './support/demo-report.js';
import { runCli } from './support/run-cli.js';

describe('worksync demo', () => {
  it('syncs both simulators into a fresh embedded database under ./data and prints a summary', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-demo-'));
    const result = await runCli(['demo', '--items', '150'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/platform\s+project\s+items/);
    for (const project of ['Phoenix', 'Atlas', 'ALPHA', 'BETA', 'GAMMA'])
      expect(result.stdout).toContain(project);
    const folders = readdirSync(join(cwd, 'data'));
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^demo-\d{8}-\d{6}$/);
    // Both platforms' sprint sections have teams with velocity, commitment and a current sprint's burndown.
    const html = readDemoReport(cwd);
    for (const platform of ['ado', 'jira']) {
      const section =
        new RegExp(`<section class="sprints" data-platform="${platform}">[\\s\\S]*?</section>`).exec(
          html,
        )?.[0] ?? '';
      expect(section, platform).toContain('<div class="sprint-team"');
      for (const name of ['sprint-velocity', 'sprint-burndown', 'sprint-burnup'])
        expect(section, `${platform} ${name}`).toMatch(
          new RegExp(`<svg data-chart="${name}" data-platform="${platform}" role`),
        );
      expect(section, platform).toMatch(/<table class="sprint-commitment"[\s\S]*?<tr data-sprint=/);
    }
    expect(result.stdout).toContain(`WORKSYNC_DATA_DIR=data/${folders[0]} npx worksync status`);
    // The report holds both platforms' forecasts: the chart drawn, the table with the platform's row.
    const report = readFileSync(join(cwd, 'data', folders[0]!, 'report.html'), 'utf8');
    for (const platform of ['ado', 'jira']) {
      expect(report).toMatch(
        new RegExp(`<svg data-chart="forecast-how-many" data-platform="${platform}" role`),
      );
      expect(report).toContain(`<table class="forecast" data-platform="${platform}"`);
    }
    expect(report.match(/<tr data-scope="all:">/g)).toHaveLength(2);
  }, 120_000);
});
