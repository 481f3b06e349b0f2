/** Request counts of one client: per endpoint label, retries, and time spent waiting. */
export class RequestStats {
  readonly byEndpoint = new Map<string, number>();
  retries = 0;
  /** Milliseconds spent in backoff and pacing waits. */
  waitedMs = 0;

  count(endpoint: string): void {
    this.byEndpoint.set(endpoint, (this.byEndpoint.get(endpoint) ?? 0) + 1);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.byEndpoint.values()) sum += n;
    return sum;
  }

  toJSON(): { total: number; retries: number; waitedMs: number; byEndpoint: Record<string, number> } {
    return {
      total: this.total,
      retries: this.retries,
      waitedMs: this.waitedMs,
      byEndpoint: Object.fromEntries(this.byEndpoint),
    };
  }
}
