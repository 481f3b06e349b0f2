import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './support/run-cli.js';

function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .trim()
      .split('\n')
      .map((line) => {
        const at = line.indexOf('=');
        return [line.slice(0, at), line.slice(at + 1).replace(/^'(.*)'$/, '$1')];
      }),
  );
}

describe('worksync sim', () => {
  it('serves 10,000 items per platform within seconds, each exactly once when paged, and writes the variables', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ws-sim-'));
    const envFile = join(cwd, 'sim.env');
    const started = Date.now();
    const run = spawnCli(['--env-file', envFile, 'sim', '--items', '10000', '--seed', '3'], { cwd });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      run.child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('simulators ready')) resolve();
      });
      run.child.on('close', () => reject(new Error(`sim exited early: ${stderr}`)));
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    const env = parseEnv(readFileSync(envFile, 'utf8'));
    try {
      const jiraAuth = `Basic ${Buffer.from(`${env.JIRA_USER_EMAIL}:${env.JIRA_API_TOKEN}`).toString('base64')}`;
      const jiraIds = new Set<string>();
      let token: string | undefined;
      do {
        const response = await fetch(`${env.JIRA_CLOUD_URL}/rest/api/3/search/jql`, {
          method: 'POST',
          headers: { authorization: jiraAuth, 'content-type': 'application/json' },
          body: JSON.stringify({
            jql: `project in (${env.JIRA_PROJECT_KEY})`,
            fields: ['id'],
            maxResults: 5000,
            nextPageToken: token,
          }),
        });
        const page = (await response.json()) as { issues: { id: string }[]; nextPageToken?: string };
        for (const issue of page.issues) {
          expect(jiraIds.has(issue.id)).toBe(false);
          jiraIds.add(issue.id);
        }
        token = page.nextPageToken;
      } while (token);
      expect(jiraIds.size).toBe(10_000);

      const adoAuth = `Basic ${Buffer.from(`:${env.ADO_PERSONAL_ACCESS_TOKEN}`).toString('base64')}`;
      const adoIds = new Set<number>();
      let continuation: string | undefined;
      for (;;) {
        const url = new URL(
          `${env.ADO_BASE_URL}/${env.ADO_ORGANIZATION}/_apis/wit/reporting/workitemrevisions`,
        );
        url.searchParams.set('api-version', '7.1');
        url.searchParams.set('includeLatestOnly', 'true');
        url.searchParams.set('includeDeleted', 'true');
        if (continuation) url.searchParams.set('continuationToken', continuation);
        const response = await fetch(url, {
          headers: { authorization: adoAuth, 'x-tfs-fedauthredirect': 'Suppress' },
        });
        const batch = (await response.json()) as {
          values: { id: number }[];
          continuationToken: string;
          isLastBatch: boolean;
        };
        for (const row of batch.values) {
          expect(adoIds.has(row.id)).toBe(false);
          adoIds.add(row.id);
        }
        continuation = batch.continuationToken;
        if (batch.isLastBatch) break;
      }
      expect(adoIds.size).toBe(10_000);
    } finally {
      run.child.kill('SIGINT');
      const exit = await run.exit;
      expect(exit.code).toBe(0);
    }
  }, 120_000);
});
