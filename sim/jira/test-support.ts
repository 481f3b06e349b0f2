import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import { REFERENCE_DIR as REFERENCE_ROOT } from '../../test/support/reference.js';
import type { JiraSim } from './index.js';

/**
 * Test helpers for the Jira simulator: authenticated requests, and validators built from the
 * OpenAPI extracts in shared/reference/jira/openapi (OpenAPI 3.0 `nullable` converted to JSON
 * Schema types). Two documented relaxations: Jira's colon-less offsets are accepted as `date-time`,
 * and `ChangeDetails` strings may be null (the recorded changelog page has `"from": null`).
 */

export const REFERENCE_DIR = `${REFERENCE_ROOT}jira/`;

export function readReference(path: string): unknown {
  return JSON.parse(readFileSync(`${REFERENCE_DIR}${path}`, 'utf8')) as unknown;
}

export interface JiraResponse {
  status: number;
  text: string;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience for reading JSON bodies
  json: any;
}

export async function jira(
  sim: JiraSim,
  path: string,
  init: { method?: string; body?: unknown; auth?: string | null } = {},
): Promise<JiraResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const auth =
    init.auth === undefined
      ? `Basic ${Buffer.from(`${sim.email}:${sim.apiToken}`).toString('base64')}`
      : init.auth;
  if (auth !== null) headers.authorization = auth;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, headers: res.headers, json };
}

type Schema = Record<string, unknown>;

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes a `null` type; ChangeDetails values may be null. */
function convert(node: unknown, path: string[]): unknown {
  if (Array.isArray(node)) return node.map((x, i) => convert(x, [...path, String(i)]));
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'example' || k === 'nullable') continue;
    out[k] = convert(v, [...path, k]);
  }
  const src = node as Schema;
  const inChangeDetails = path.includes('ChangeDetails') && path.at(-2) === 'properties';
  if ((src.nullable === true || inChangeDetails) && typeof out.type === 'string')
    out.type = [out.type, 'null'];
  return out;
}

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ajvFormats as unknown as (ajv: Ajv) => Ajv;

const JIRA_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;

export function buildValidators(
  file: 'jira-platform-v3.extract.json' | 'jira-software-agile-1.0.extract.json',
): (name: string) => ValidateFunction {
  const doc = readReference(`openapi/${file}`) as { components: { schemas: Schema } };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('date-time', JIRA_DATE_TIME);
  ajv.addSchema({
    $id: 'jira',
    components: { schemas: convert(doc.components.schemas, ['components', 'schemas']) },
  });
  return (name) => {
    const v = ajv.getSchema(`jira#/components/schemas/${name}`);
    if (!v) throw new Error(`no schema ${name}`);
    return v;
  };
}

/** Validates and returns ajv's errors as readable text ('' when valid). */
export function check(validate: ValidateFunction, value: unknown): string {
  return validate(value) ? '' : JSON.stringify(validate.errors?.slice(0, 5), null, 1);
}
