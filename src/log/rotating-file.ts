import { existsSync, renameSync, statSync } from 'node:fs';
import pino from 'pino';

/** Size at which a log file is rotated: 10 MB, as the original scripts did. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** `name.log` → `name.log.20240131-235959` (with `-2`, `-3`... when that exists). Rotated files are never deleted. */
export function rotatedName(path: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let candidate = `${path}.${stamp}`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${path}.${stamp}-${n}`;
  return candidate;
}

/**
 * A log file written synchronously (a killed process loses no line), rotated aside when it passes
 * `maxBytes`, and at opening when the previous run left one behind.
 */
export class RotatingFile {
  private readonly boom: ReturnType<typeof pino.destination>;
  private bytes = 0;

  constructor(
    readonly path: string,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {
    if (existsSync(path) && statSync(path).size > 0) renameSync(path, rotatedName(path));
    this.boom = pino.destination({ dest: path, sync: true, mkdir: true, append: true });
  }

  write(chunk: string): boolean {
    this.boom.write(chunk);
    this.bytes += Buffer.byteLength(chunk);
    if (this.bytes >= this.maxBytes) this.rotate();
    return true;
  }

  private rotate(): void {
    this.boom.flushSync();
    renameSync(this.path, rotatedName(this.path));
    this.boom.reopen();
    this.bytes = 0;
  }

  close(): void {
    this.boom.flushSync();
    this.boom.end();
  }
}
