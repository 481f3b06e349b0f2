/**
 * The soak's faults: on the APIs through the simulators' control endpoints (`/__sim/faults`, ADO's
 * `/__sim/ado-faults`, Jira's `/__sim/unavailable`), and on the database through the TCP proxy
 * (sim/common/tcp-proxy.ts) between worksync and PostgreSQL.
 */
import type { Rng } from '../../sim/common/rng.js';
import type { TcpProxy } from '../../sim/common/tcp-proxy.js';

export interface ApiFault {
  platform: 'jira' | 'ado';
  /** Control route under /__sim. */
  route: 'faults' | 'ado-faults' | 'unavailable';
  rule: Record<string, unknown>;
  /** Short description for the report. */
  label: string;
}

const JIRA_PATHS = ['/search/jql', '/changelog/bulkfetch', '/myself', '/search/approximate-count'];
const ADO_PATHS = ['/reporting/workitemrevisions', '/reporting/workitemlinks', '/wiql'];
const short = (path: string) => path.split('/').pop() ?? path;

/** A few faults per platform, all of kinds a sync must ride out with its retries (count ≤ 3 each). */
export function apiFaultsFor(rng: Rng): ApiFault[] {
  const out: ApiFault[] = [];
  for (const platform of ['jira', 'ado'] as const) {
    const paths = platform === 'jira' ? JIRA_PATHS : ADO_PATHS;
    const n = rng.int(2, 3);
    for (let i = 0; i < n; i++) {
      const path = rng.pick(paths);
      const count = rng.chance(0.25) ? 3 : 1;
      const kind = rng.int(0, 3);
      const at = `${short(path)}${count > 1 ? ` ×${count}` : ''}`;
      if (kind === 0) {
        const retryAfterSeconds = rng.int(1, 2);
        out.push({
          platform,
          route: 'faults',
          rule: { kind: 'rate-limit', retryAfterSeconds, path, count },
          label: `429 (Retry-After ${retryAfterSeconds}) ${at}`,
        });
      } else if (kind === 1) {
        const status = rng.pick([500, 502, 503, 504] as const);
        out.push({
          platform,
          route: 'faults',
          rule: { kind: 'server-error', status, path, count },
          label: `${status} ${at}`,
        });
      } else if (kind === 2) {
        out.push({
          platform,
          route: 'faults',
          rule: { kind: 'drop-connection', path, count },
          label: `dropped ${at}`,
        });
      } else if (platform === 'ado') {
        const rule = rng.chance(0.5)
          ? { kind: 'unavailable', retryAfterSeconds: 1, path, count }
          : { kind: 'database-error', path, count };
        out.push({ platform, route: 'ado-faults', rule, label: `ADO ${rule.kind} ${at}` });
      } else {
        out.push({
          platform,
          route: 'unavailable',
          rule: { retryAfterSeconds: 1, path, count },
          label: `503 (Retry-After 1) ${at}`,
        });
      }
    }
  }
  return out;
}

async function control(base: string, method: string, route: string, body?: unknown): Promise<void> {
  const res = await fetch(`${base}/__sim/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await res.text();
  if (!res.ok) throw new Error(`${method} ${base}/__sim/${route}: ${res.status}`);
}

/** Clears the simulators' leftover faults (rules not used up last cycle), then adds `faults`. */
export async function applyApiFaults(
  bases: Record<'jira' | 'ado', string>,
  faults: ApiFault[],
): Promise<void> {
  await Promise.all(Object.values(bases).map((base) => control(base, 'DELETE', 'faults')));
  for (const f of faults) await control(bases[f.platform], 'POST', f.route, f.rule);
}

export type DbFaultKind = 'cut-random' | 'block-3s' | 'cut-in-page' | 'cut-after-commit';

/** Which cycles get a database fault: a few, spread over the run, never the warm-up; one outage. */
export function dbFaultPlan(cycles: number): Map<number, DbFaultKind> {
  const kinds: DbFaultKind[] = [
    'cut-random',
    'block-3s',
    'cut-in-page',
    'cut-after-commit',
    'cut-random',
    'cut-in-page',
  ];
  const count = Math.min(cycles - 1, Math.max(3, Math.floor(cycles / 4)), kinds.length);
  const plan = new Map<number, DbFaultKind>();
  for (let i = 0; i < count; i++) {
    const cycle = Math.max(1, Math.round(((i + 1) * cycles) / (count + 1)));
    if (!plan.has(cycle)) plan.set(cycle, kinds[i]!);
  }
  return plan;
}

export interface ArmedDbFault {
  kind: DbFaultKind;
  /** Resolves once the fault happened (and, for the outage, ended): ms after arming, connections cut. */
  done: Promise<{ afterMs: number; cuts: number }>;
  /** Whether it has happened yet. */
  fired(): boolean;
}

/**
 * Arms one database fault for the coming cycle. `cut-random`: every connection cut at a random moment of
 * the interval (inside a pass or between passes: both happen). The others wait for the statement they
 * name (the proxy sees PostgreSQL's protocol in clear): a page's work_items insert; a COMMIT just sent
 * (committed or not, the client cannot know); an outage: cut at a history insert, refused for 3 s.
 */
export function armDbFault(proxy: TcpProxy, kind: DbFaultKind, intervalMs: number, rng: Rng): ArmedDbFault {
  const armed = Date.now();
  const cutsBefore = proxy.cuts;
  let fired = false;
  const when: Promise<void> =
    kind === 'cut-random'
      ? new Promise((resolve) =>
          setTimeout(
            () => {
              proxy.cutAll();
              resolve();
            },
            rng.int(0, intervalMs),
          ),
        )
      : kind === 'cut-in-page'
        ? proxy.cutWhen(/INSERT INTO "[^"]+"\.work_items/)
        : kind === 'cut-after-commit'
          ? proxy.cutWhen(/COMMIT/, { times: rng.int(1, 4), after: true })
          : proxy.cutWhen(/INSERT INTO "[^"]+"\.(change_history|field_history)/).then(async () => {
              // Synchronously after the cut: no reconnection gets in between.
              proxy.block();
              await new Promise((r) => setTimeout(r, 3000));
              proxy.unblock();
            });
  const done = when.then(() => {
    fired = true;
    return { afterMs: Date.now() - armed, cuts: proxy.cuts - cutsBefore };
  });
  return { kind, done, fired: () => fired };
}
