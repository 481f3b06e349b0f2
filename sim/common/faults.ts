/**
 * Fault injection shared by both simulators. A rule applies to requests whose path matches `path`
 * (a substring; all when absent), for the next `count` matching requests (unlimited when absent).
 * Rules queue up: a request gets the first rule that matches it, so "one 503, then one dropped
 * connection" is two rules added in that order.
 */
export type FaultKind =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'server-error'; status: 500 | 502 | 503 | 504 }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop-connection' }
  | { kind: 'truncate-body' };

export type FaultRule = FaultKind & { path?: string; count?: number };

export class FaultInjector {
  private rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault that applies to this request (the first matching rule, one use consumed), as a list of 0 or 1. */
  take(path: string): FaultKind[] {
    const rule = this.rules.find((r) => r.path === undefined || path.includes(r.path));
    if (!rule) return [];
    if (rule.count !== undefined) {
      rule.count -= 1;
      if (rule.count <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return [rule];
  }
}
