/**
 * The sign-in throttle (signin-throttle.ts) kept in PostgreSQL, for several server processes
 * on one database: a failure counted by one process counts at every other, so a guesser gains
 * nothing by landing on another. The same windows and limits as in memory; a row per failure
 * (`signin_failures`), read back as "the oldest of the last N within the window".
 *
 * Keys are stored as a SHA-256 digest, never as typed: the email box takes anything, a password
 * typed in it by mistake included. Equal keys give equal digests, so counting is unchanged.
 * Times come from the injected clock, not the database's, so tests can move it.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  WINDOW_MS,
  accountKey,
  addressKey,
  toMinutes,
  waitFor,
  type SigninThrottle,
} from './signin-throttle.ts';

/** How often a process sweeps every key's old failures, beside the keys it touches. */
const SWEEP_EVERY_MS = WINDOW_MS;

const digest = (key: string): string => createHash('sha256').update(key).digest('base64url');

export class PgSigninThrottle implements SigninThrottle {
  private readonly pool: pg.Pool;
  private readonly now: () => number;
  private lastSweep = Number.NEGATIVE_INFINITY;

  constructor(pool: pg.Pool, now: () => number = Date.now) {
    this.pool = pool;
    this.now = now;
  }

  async waitMinutes(account: string, address: string): Promise<number> {
    const now = this.now();
    // The max-th most recent failure still in the window: none means fewer than max, no wait.
    // The (key, at) index answers each from its end.
    const { rows } = await this.pool.query<{ account_at: Date | null; address_at: Date | null }>(
      `SELECT
         (SELECT at FROM signin_failures WHERE key = $1 AND at > $3 ORDER BY at DESC OFFSET $4 LIMIT 1) AS account_at,
         (SELECT at FROM signin_failures WHERE key = $2 AND at > $3 ORDER BY at DESC OFFSET $5 LIMIT 1) AS address_at`,
      [
        digest(accountKey(account)),
        digest(addressKey(address)),
        new Date(now - WINDOW_MS),
        MAX_FAILURES_PER_ACCOUNT - 1,
        MAX_FAILURES_PER_ADDRESS - 1,
      ],
    );
    const row = rows[0];
    return toMinutes([waitFor(row?.account_at?.getTime(), now), waitFor(row?.address_at?.getTime(), now)]);
  }

  async failed(account: string, address: string): Promise<void> {
    const now = this.now();
    const keys = [digest(accountKey(account)), digest(addressKey(address))];
    const since = new Date(now - WINDOW_MS);
    // These keys' failures that left the window go as the new ones come: one statement, one trip.
    await this.pool.query(
      `WITH gone AS (DELETE FROM signin_failures WHERE key = ANY($1::text[]) AND at <= $2)
       INSERT INTO signin_failures (key, at) SELECT key, $3 FROM unnest($1::text[]) AS key`,
      [keys, since, new Date(now)],
    );
    // Keys nobody tries again would stay for ever: now and then, every key's old failures go.
    // A whole-table delete, so not on every failure.
    if (now - this.lastSweep >= SWEEP_EVERY_MS) {
      this.lastSweep = now;
      await this.pool.query('DELETE FROM signin_failures WHERE at <= $1', [since]);
    }
  }

  async succeeded(account: string): Promise<void> {
    await this.pool.query('DELETE FROM signin_failures WHERE key = $1', [digest(accountKey(account))]);
  }
}
