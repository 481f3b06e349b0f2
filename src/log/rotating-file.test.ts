import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Logs } from './logger.js';
import { RotatingFile } from './rotating-file.js';

describe('log files', () => {
  it('rotates the previous run aside at start-up and never deletes it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-log-'));
    writeFileSync(join(dir, 'ado_export.log'), 'previous run\n');
    const file = new RotatingFile(join(dir, 'ado_export.log'));
    file.write('new run\n');
    file.close();
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(readFileSync(join(dir, 'ado_export.log'), 'utf8')).toBe('new run\n');
    const rotated = files.find((f) => f !== 'ado_export.log')!;
    expect(rotated).toMatch(/^ado_export\.log\.\d{8}-\d{6}/);
    expect(readFileSync(join(dir, rotated), 'utf8')).toBe('previous run\n');
  });

  it('rotates when the file passes its size limit, keeping every line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-log-'));
    const file = new RotatingFile(join(dir, 'jira_export.log'), 1000);
    const line = `${'x'.repeat(99)}\n`;
    for (let i = 0; i < 35; i++) file.write(line);
    file.close();
    const files = readdirSync(dir);
    expect(files.length).toBe(4);
    const total = files.reduce((sum, f) => sum + readFileSync(join(dir, f), 'utf8').length, 0);
    expect(total).toBe(35 * 100);
  });

  it('writes JSON lines per platform with secrets masked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ws-log-'));
    const logs = new Logs({ logDir: dir, level: 'info', secrets: ['s3cr3t-token'], pretty: false });
    const logger = logs.platform('jira');
    logger.info({ url: 'https://x/?t=s3cr3t-token' }, 'calling with s3cr3t-token');
    logs.close();
    const text = readFileSync(join(dir, 'jira_export.log'), 'utf8');
    const entry = JSON.parse(text.trim()) as Record<string, unknown>;
    expect(entry).toMatchObject({ platform: 'jira', msg: 'calling with ***', url: 'https://x/?t=***' });
    expect(text).not.toContain('s3cr3t');
  });
});
