/**
 * A token bucket: `perSecond` units on average (messages, or bytes), bursts up to `burst`.
 * Something may cost more than one unit (a message of many bytes): it is allowed whenever one
 * unit is left, and its whole cost is then taken, into debt if need be, so one large thing
 * makes the ones after it wait instead of never fitting at all.
 */
export class RateLimit {
  private tokens: number;
  private last: number;
  private readonly perSecond: number;
  private readonly burst: number;

  constructor(perSecond: number, burst: number, now: number = performance.now()) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  /** Whether one more (costing `cost` units) is allowed now; if so, its cost is taken. */
  take(cost = 1, now: number = performance.now()): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= cost;
    return true;
  }

  /** Milliseconds until `take` would next succeed (0 when it would now). */
  msUntilNext(now: number = performance.now()): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) / this.perSecond) * 1000;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
}
