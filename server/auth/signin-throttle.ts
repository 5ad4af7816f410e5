/**
 * Password guessing is slowed per account and per address: after MAX_FAILURES failed sign-ins
 * within the window, that account (or that address, for many accounts tried from one place)
 * is refused until the oldest failure leaves the window, however right the password. Kept in
 * memory: a restart forgives, which costs a guesser a restart each handful of tries.
 */
const WINDOW_MS = 15 * 60_000;
const MAX_FAILURES_PER_ACCOUNT = 5;
const MAX_FAILURES_PER_ADDRESS = 20;

export class SigninThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Minutes to wait before trying again, or 0 when a try is allowed now. */
  waitMinutes(account: string, address: string): number {
    const waits = [
      this.wait(`account:${account.trim().toLowerCase()}`, MAX_FAILURES_PER_ACCOUNT),
      this.wait(`address:${address}`, MAX_FAILURES_PER_ADDRESS),
    ];
    return Math.ceil(Math.max(...waits) / 60_000);
  }

  failed(account: string, address: string): void {
    for (const key of [`account:${account.trim().toLowerCase()}`, `address:${address}`]) {
      const recent = this.recent(key);
      recent.push(this.now());
      this.failures.set(key, recent);
    }
  }

  /** A good sign-in clears the account's failures (not the address's: others may be guessing from it). */
  succeeded(account: string): void {
    this.failures.delete(`account:${account.trim().toLowerCase()}`);
  }

  private recent(key: string): number[] {
    const since = this.now() - WINDOW_MS;
    const kept = (this.failures.get(key) ?? []).filter((at) => at > since);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }

  private wait(key: string, max: number): number {
    const recent = this.recent(key);
    if (recent.length < max) return 0;
    const oldestCounted = recent[recent.length - max] ?? this.now();
    return oldestCounted + WINDOW_MS - this.now();
  }
}
