import { mkdtempSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startJiraSim } from '../../sim/jira/index.js';
import { openPglite } from '../../src/store/pglite.js';
import { runCli } from '../support/run-cli.js';

const OTHER = 'customfield_10104';

/**
 * A site whose sprint field is not customfield_10020: the simulator behind a proxy that renames the
 * field in every request and answer (ids in JQL, field lists, issue fields, changelog items).
 */
async function renamingProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const swap = (text: string, from: string, to: string) =>
    text
      .replaceAll(from, to)
      .replaceAll(from.replace('customfield_', 'cf['), to.replace('customfield_', 'cf['));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = swap(Buffer.concat(chunks).toString('utf8'), OTHER, 'customfield_10020');
      const url = new URL(swap(req.url ?? '/', OTHER, 'customfield_10020'), target);
      const headers = { ...req.headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) };
      delete headers['accept-encoding'];
      const out = request(url, { method: req.method, headers }, (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const text = swap(Buffer.concat(parts).toString('utf8'), 'customfield_10020', OTHER);
          const { 'content-length': _, 'transfer-encoding': __, ...rest } = answer.headers;
          res.writeHead(answer.statusCode ?? 502, {
            ...rest,
            'content-length': String(Buffer.byteLength(text)),
          });
          res.end(text);
        });
      });
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function sprintColumns(dataDir: string) {
  const db = await openPglite(dataDir);
  try {
    const items = await db.query<{ id: string; iteration_path: string | null }>(
      'SELECT id, iteration_path FROM jira_sync.work_items ORDER BY id',
    );
    const sprints = await db.query<{ id: string; name: string }>(
      'SELECT id, name FROM jira_sync.sprints ORDER BY id',
    );
    return { items, sprints };
  } finally {
    await db.close();
  }
}

describe('JIRA_SPRINT_FIELD_ID unset', () => {
  it('finds the sprint field by its type on a site where it is not customfield_10020, and says so', async () => {
    const sim = await startJiraSim({ items: 120, seed: 12 });
    const proxy = await renamingProxy(sim.env().JIRA_CLOUD_URL!);
    const cwd = mkdtempSync(join(tmpdir(), 'ws-sprint-'));
    try {
      const { JIRA_SPRINT_FIELD_ID: _, ...unset } = sim.env();
      const renamed = {
        ...unset,
        JIRA_CLOUD_URL: proxy.url,
        WORKSYNC_DATA_DIR: join(cwd, 'renamed'),
        LOG_DIR: join(cwd, 'logs'),
      };
      const synced = await runCli(['sync', 'jira'], { cwd, env: renamed });
      expect(synced.code, synced.stderr).toBe(0);
      expect(synced.stderr).toMatch(new RegExp(`using ${OTHER} 'Sprint', found by its type`));

      const doctor = await runCli(['doctor'], { cwd, env: renamed });
      expect(doctor.stdout).toMatch(
        new RegExp(
          `ok {4}Jira sprint field \\(JIRA_SPRINT_FIELD_ID\\): unset, and customfield_10020 is not the sprint field here: found by type, ${OTHER} 'Sprint'`,
        ),
      );

      // The same sprint columns as a sync of the plain simulator with the setting given.
      const plain = { ...sim.env(), WORKSYNC_DATA_DIR: join(cwd, 'plain'), LOG_DIR: join(cwd, 'logs') };
      expect((await runCli(['sync', 'jira'], { cwd, env: plain })).code).toBe(0);
      const got = await sprintColumns(join(cwd, 'renamed'));
      const want = await sprintColumns(join(cwd, 'plain'));
      expect(want.sprints.length).toBeGreaterThan(0);
      expect(want.items.filter((i) => i.iteration_path !== null).length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    } finally {
      await proxy.close();
      await sim.close();
    }
  }, 120_000);
});
