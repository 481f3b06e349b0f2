/**
 * The simulators' clock. Starts at real time (or a fixed instant) and can be advanced by tests,
 * so "fresh changes are invisible for N seconds" and watermarks are testable without sleeping.
 */
export class SimClock {
  private offsetMs = 0;

  constructor(private readonly fixedStartMs?: number) {}

  /** Milliseconds since the epoch, simulated. */
  now(): number {
    return (this.fixedStartMs ?? Date.now()) + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
