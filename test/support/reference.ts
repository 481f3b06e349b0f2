import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * The shared reference pack (official specs, recordings, real payloads), beside the project's own
 * checkouts only: `../shared/reference`. A clone made anywhere else has no such folder.
 */
export const REFERENCE_DIR = fileURLToPath(new URL('../../../shared/reference/', import.meta.url));

const present = existsSync(REFERENCE_DIR);
const required = process.env.CI === 'true';

/**
 * `describe` for tests against the reference pack: they run whenever it is present; without it they
 * fail under CI=true (CI must test against it) and are skipped elsewhere, with one line saying why.
 */
export function describeReference(title: string, body: () => void): void {
  if (present) {
    describe(title, body);
  } else if (required) {
    describe(title, () => {
      it('needs the reference pack', () => {
        throw new Error(`${REFERENCE_DIR} is missing: CI=true requires the tests against the reference pack`);
      });
    });
  } else {
    console.warn(
      `skipped "${title}": no reference pack at ${REFERENCE_DIR} (it sits beside the project's own checkouts)`,
    );
    // Not `describe.skip(title, body)`: collecting the body would read the pack.
    describe.skip(title, () => {
      it('needs the reference pack', () => undefined);
    });
  }
}

export function readReferenceJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${path}`, 'utf8')) as T;
}
