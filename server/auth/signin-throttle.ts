/**
 * Password guessing is slowed per account and per address: after MAX_FAILURES failed sign-ins
 * within the window, that account (or that address, for many accounts tried from one place)
 * is refused until the oldest failure leaves the window, however right the password.
 *
 * One interface, two keepers: in memory for the embedded server (one process; a restart
 * forgives, which costs a guesser a restart each handful of tries), and in PostgreSQL when
 * several processes share a database (pg-signin-throttle.ts), so a guesser cannot spread tries
 * across them. Asynchronous because the second one is.
 */
export const WINDOW_MS = 15 * 60_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export interface SigninThrottle {
  /** Minutes to wait before trying again, or 0 when a try is allowed now. */
  waitMinutes(account: string, address: string): Promise<number>;
  failed(account: string, address: string): Promise<void>;
  /** A good sign-in clears the account's failures (not the address's: others may be guessing from it). */
  succeeded(account: string): Promise<void>;
}

/** The account as typed, in the form its failures are counted under: case and spaces do not make another. */
export const accountKey = (account: string): string => `account:${account.trim().toLowerCase()}`;
export const addressKey = (address: string): string => `address:${address}`;

/** Milliseconds until the oldest of the last `max` failures leaves the window (0 or less: none to wait). */
export const waitFor = (oldestCounted: number | undefined, now: number): number =>
  oldestCounted === undefined ? 0 : oldestCounted + WINDOW_MS - now;

export const toMinutes = (waits: number[]): number => Math.ceil(Math.max(0, ...waits) / 60_000);

export class MemorySigninThrottle implements SigninThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  async waitMinutes(account: string, address: string): Promise<number> {
    return toMinutes([
      this.wait(accountKey(account), MAX_FAILURES_PER_ACCOUNT),
      this.wait(addressKey(address), MAX_FAILURES_PER_ADDRESS),
    ]);
  }

  async failed(account: string, address: string): Promise<void> {
    for (const key of [accountKey(account), addressKey(address)]) {
      const recent = this.recent(key);
      recent.push(this.now());
      this.failures.set(key, recent);
    }
  }

  async succeeded(account: string): Promise<void> {
    this.failures.delete(accountKey(account));
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
    return waitFor(recent[recent.length - max], this.now());
  }
}
