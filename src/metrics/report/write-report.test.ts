import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeReport } from './write-report.js';

describe('writeReport', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the rendered report into a new folder and leaves no temporary file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'worksync-write-report-'));
    const file = join(dir, 'reports', 'today.html');
    const result = await writeReport(
      { generatedAt: '2024-03-15T10:30:00Z', database: 'x', platforms: [] },
      file,
    );
    expect(result.path).toBe(file);
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(result.bytes).toBe(Buffer.byteLength(html));
    expect(await readdir(join(dir, 'reports'))).toEqual(['today.html']);
  });
});
