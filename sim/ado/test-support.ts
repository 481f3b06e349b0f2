import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { REFERENCE_DIR as REFERENCE_ROOT } from '../../test/support/reference.js';
import { SimClock } from '../common/clock.js';
import { type AdoSim, type AdoSimOptions, startAdoSim } from './index.js';

/**
 * Test helpers for the ADO simulator: authenticated requests, and validators built from the Swagger 2.0
 * specs in shared/reference/azure-devops/openapi. Conversions (in memory): `x-ms-examples` dropped; a
 * bare `{"type": "object"}` (the generator's rendering of .NET `object`, e.g. field values) accepts any
 * value; StreamedBatch's generic `values` items (`format: "T"`) accept any value (tests check them
 * against WorkItem separately); formats other than date-time and uuid are ignored.
 */

export const ADO_REFERENCE = `${REFERENCE_ROOT}azure-devops/`;
export const START = Date.UTC(2025, 5, 2, 12, 0, 0);

export function readReference(path: string): unknown {
  return JSON.parse(readFileSync(`${ADO_REFERENCE}${path}`, 'utf8')) as unknown;
}

export function startTestSim(options: AdoSimOptions = {}): Promise<AdoSim> {
  return startAdoSim({ seed: 7, items: 200, clock: new SimClock(START), ...options });
}

export interface AdoResponse<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface RequestInit {
  method?: string;
  body?: unknown;
  /** Authorization header; null sends none. */
  auth?: string | null;
  /** Send `X-TFS-FedAuthRedirect: Suppress` (default true). */
  suppress?: boolean;
  /** api-version appended to the query (default 7.1); null sends none. */
  version?: string | null;
  headers?: Record<string, string>;
}

export const basic = (user: string, pat: string) =>
  `Basic ${Buffer.from(`${user}:${pat}`).toString('base64')}`;

/** A request to `{url}/{organization}/{path}`. */
export async function ado<T = Record<string, unknown>>(
  sim: AdoSim,
  path: string,
  init: RequestInit = {},
): Promise<AdoResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  const auth = init.auth === undefined ? basic('', sim.pat) : init.auth;
  if (auth !== null) headers.authorization = auth;
  if (init.suppress ?? true) headers['x-tfs-fedauthredirect'] = 'Suppress';
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const version = init.version === undefined ? '7.1' : init.version;
  const sep = path.includes('?') ? '&' : '?';
  const url = `${sim.url}/${sim.organization}/${path}${version === null || path.includes('api-version=') ? '' : `${sep}api-version=${version}`}`;
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body: body as T };
}

type Node = Record<string, unknown>;

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== 'object') return node;
  const n = node as Node;
  if (n.format === 'T') return {};
  if (n.type === 'object' && !n.properties && !n.allOf && !n.additionalProperties && !n.$ref) return {};
  const out: Node = {};
  for (const [k, v] of Object.entries(n)) {
    if (k === 'x-ms-examples') continue;
    if (k === 'format' && v !== 'date-time' && v !== 'uuid') continue;
    out[k] = convert(v);
  }
  return out;
}

const SPECS = {
  wit: 'openapi/wit-7.1.workItemTracking.json',
  work: 'openapi/work-7.1.work.json',
  core: 'openapi/core-7.1.core.json',
} as const;

export type Validate = (spec: keyof typeof SPECS, definition: string, value: unknown) => string[];

/** A validator against `#/definitions/<definition>` of one spec; returns the errors (empty when valid). */
export function specValidator(): Validate {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajvFormats.default(ajv);
  for (const [id, file] of Object.entries(SPECS)) {
    const spec = readReference(file) as { definitions: Node };
    ajv.addSchema({ $id: id, definitions: convert(spec.definitions) as Node });
  }
  return (spec, definition, value) => {
    const validate = ajv.getSchema(`${spec}#/definitions/${definition}`);
    if (!validate) return [`no definition ${spec}#/definitions/${definition}`];
    return validate(value)
      ? []
      : (validate.errors ?? []).map((e) => `${definition}${e.instancePath} ${e.message}`);
  };
}

/** Every string in a JSON value that looks like a timestamp. */
export function timestamps(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:/.test(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) timestamps(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) timestamps(v, out);
  return out;
}

/** UTC, 0-3 fractional digits with trailing zeros trimmed, `Z`. */
export const ADO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{0,2}[1-9])?Z$/;
