/**
 * Fault injection shared by both simulators. Each rule applies to requests whose path matches `path`
 * (a substring; all when absent), for the next `count` matching requests (unlimited when absent).
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

  /** The faults that apply to this request, consuming one use of each. */
  take(path: string): FaultKind[] {
    const hits: FaultKind[] = [];
    for (const rule of this.rules) {
      if (rule.path !== undefined && !path.includes(rule.path)) continue;
      if (rule.count !== undefined) {
        if (rule.count <= 0) continue;
        rule.count -= 1;
      }
      hits.push(rule);
    }
    this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0);
    return hits;
  }
}
