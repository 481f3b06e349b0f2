import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared reference pack (official specs and recorded payloads), beside the project. */
export const REFERENCE_DIR = fileURLToPath(new URL('../../../shared/reference/', import.meta.url));

export function readReferenceJson<T = unknown>(path: string): T {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${path}`, 'utf8')) as T;
}
