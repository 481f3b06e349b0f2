import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoreError } from '../errors.js';

/** A numbered migration file, or a repeatable one (version 0). */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The migrations folder: beside this file in the sources, two levels up from dist/src/store when built. */
export function migrationsDir(): string {
  const candidates = ['./migrations/', '../../../src/store/migrations/'];
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new StoreError('the migrations folder is missing from this installation: reinstall worksync');
}

/** Reads `NNN_name.sql` files (or any `*.sql` for repeatables) in name order. */
export function readMigrations(kind: 'platform' | 'repeatable', dir = migrationsDir()): Migration[] {
  const folder = `${dir}/${kind}`;
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = /^(\d+)_(.+)\.sql$/.exec(file);
      if (kind === 'platform' && !match)
        throw new StoreError(`migration file ${file} is not named NNN_name.sql`);
      return {
        version: match ? Number(match[1]) : 0,
        name: file.replace(/\.sql$/, ''),
        sql: readFileSync(`${folder}/${file}`, 'utf8'),
      };
    });
}

/** Replaces `{{name}}` placeholders with the given (already quoted) identifiers. */
export function render(sql: string, vars: Record<string, string>): string {
  return sql.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) throw new StoreError(`migration uses unknown placeholder ${whole}`);
    return value;
  });
}

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex').slice(0, 16);
}
