/**
 * Passkey challenges (passkey-challenges.ts) kept in PostgreSQL, for several server processes
 * on one database: the browser's answer may reach another process than the one that asked.
 * The same rules as in memory: a few minutes to answer, at most MAX_WAITING waiting (the oldest
 * dropped past it), and each taken once: `DELETE ... RETURNING` hands a row to one taker only,
 * however many processes ask for it at the same moment.
 *
 * The ceremony is stored as JSON text. Times come from the injected clock, not the database's,
 * so tests can move it.
 */
import type pg from 'pg';
import {
  CHALLENGE_SECONDS,
  MAX_WAITING,
  newChallengeId,
  type Ceremony,
  type PasskeyChallenges,
  type Waiting,
} from './passkey-challenges.ts';

export class PgPasskeyChallenges implements PasskeyChallenges {
  private readonly pool: pg.Pool;
  private readonly now: () => number;

  constructor(pool: pg.Pool, now: () => number = Date.now) {
    this.pool = pool;
    this.now = now;
  }

  async keep(challenge: string, ceremony: Ceremony): Promise<string> {
    const now = this.now();
    const id = newChallengeId();
    // One statement: expired challenges go, and when MAX_WAITING are live the oldest make room
    // (more than one if processes kept at the same moment went past it), then this one is kept.
    await this.pool.query(
      `WITH gone AS (
         DELETE FROM passkey_challenges
          WHERE expires_at <= $1
             OR id IN (SELECT id FROM passkey_challenges WHERE expires_at > $1
                        ORDER BY expires_at, id
                        LIMIT greatest(0, (SELECT count(*) FROM passkey_challenges WHERE expires_at > $1) - $2 + 1))
       )
       INSERT INTO passkey_challenges (id, challenge, ceremony, expires_at) VALUES ($3, $4, $5, $6)`,
      [new Date(now), MAX_WAITING, id, challenge, JSON.stringify(ceremony), new Date(now + CHALLENGE_SECONDS * 1000)],
    );
    return id;
  }

  async take(id: string | undefined): Promise<Waiting | undefined> {
    if (!id) return undefined;
    // Removed whether live or expired, as in memory: either way it can answer nothing again.
    const { rows } = await this.pool.query<{ challenge: string; ceremony: string; expires_at: Date }>(
      'DELETE FROM passkey_challenges WHERE id = $1 RETURNING challenge, ceremony, expires_at',
      [id],
    );
    const found = rows[0];
    if (!found || found.expires_at.getTime() <= this.now()) return undefined;
    return { challenge: found.challenge, ceremony: JSON.parse(found.ceremony) as Ceremony };
  }
}
