/**
 * The sign-in throttle and the passkey challenges, kept in memory (one process) and in
 * PostgreSQL (several processes on one database): the same scenarios against both, so the
 * shared keepers follow the rules of the memory ones. On PostgreSQL each scenario uses two
 * keepers on two pools, as two processes would: a failure counted by one counts at the other,
 * and a challenge kept by one is taken at the other once and only once.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import {
  CHALLENGE_SECONDS,
  MAX_WAITING,
  MemoryPasskeyChallenges,
  type Ceremony,
  type PasskeyChallenges,
} from '../../server/auth/passkey-challenges.ts';
import { PgPasskeyChallenges } from '../../server/auth/pg-passkey-challenges.ts';
import { PgSigninThrottle } from '../../server/auth/pg-signin-throttle.ts';
import { MemorySigninThrottle, WINDOW_MS, type SigninThrottle } from '../../server/auth/signin-throttle.ts';
import { migratePgSchema } from '../../server/storage/pg-schema.ts';
import { freshDatabase } from '../postgres/databases.ts';

const adminUrl = inject('postgresUrl');
/** One pool per "process". */
let pools: [pg.Pool, pg.Pool];

beforeAll(async () => {
  const url = await freshDatabase(adminUrl);
  pools = [new pg.Pool({ connectionString: url, max: 4 }), new pg.Pool({ connectionString: url, max: 4 })];
  const client = await pools[0].connect();
  try {
    await migratePgSchema(client);
  } finally {
    client.release();
  }
});

afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
});

interface Keepers {
  name: string;
  /** Two keepers sharing what they keep, as two processes would; in memory there is one process, so one keeper twice. */
  throttles(now: () => number): [SigninThrottle, SigninThrottle];
  challenges(now: () => number): [PasskeyChallenges, PasskeyChallenges];
  /** `count` more live challenges kept at `now`, the quick way. */
  fill(keeper: PasskeyChallenges, count: number, now: number): Promise<void>;
  /** Nothing kept from an earlier scenario. */
  reset(): Promise<void>;
}

const memory: Keepers = {
  name: 'in memory',
  throttles(now) {
    const one = new MemorySigninThrottle(now);
    return [one, one];
  },
  challenges(now) {
    const one = new MemoryPasskeyChallenges(now);
    return [one, one];
  },
  async fill(keeper, count) {
    for (let i = 0; i < count; i += 1) await keeper.keep(`fill${i}`, { kind: 'signin' });
  },
  async reset() {},
};

const postgres: Keepers = {
  name: 'in PostgreSQL',
  throttles: (now) => [new PgSigninThrottle(pools[0], now), new PgSigninThrottle(pools[1], now)],
  challenges: (now) => [new PgPasskeyChallenges(pools[0], now), new PgPasskeyChallenges(pools[1], now)],
  // Ten thousand keeps one by one would take most of a minute: one INSERT does the same.
  async fill(_keeper, count, now) {
    await pools[0].query(
      `INSERT INTO passkey_challenges (id, challenge, ceremony, expires_at)
       SELECT 'fill' || i, 'fill' || i, '{"kind":"signin"}', $2 FROM generate_series(1, $1) AS i`,
      [count, new Date(now + CHALLENGE_SECONDS * 1000)],
    );
  },
  async reset() {
    await pools[0].query('TRUNCATE signin_failures, passkey_challenges');
  },
};

/** A clock the test moves; starts at a real date, as timestamps in the database are. */
function clock(): { now: () => number; advance: (ms: number) => void } {
  let at = Date.UTC(2026, 0, 5, 9, 0, 0);
  return { now: () => at, advance: (ms) => (at += ms) };
}

describe.each([memory, postgres])('the sign-in throttle $name', (keepers) => {
  beforeEach(() => keepers.reset());

  it('makes an account wait after 5 failures in 15 minutes, counted wherever they happened, and forgives as they age', async () => {
    const time = clock();
    const [a, b] = keepers.throttles(time.now);
    for (let i = 0; i < 4; i++) {
      await (i % 2 === 0 ? a : b).failed('Sam@example.org ', 'a');
      time.advance(60_000);
    }
    expect(await a.waitMinutes('sam@example.org', 'b')).toBe(0);
    expect(await b.waitMinutes('sam@example.org', 'b')).toBe(0);
    await b.failed('sam@example.org', 'a');
    // The first of the five was 4 minutes ago: 11 more.
    expect(await a.waitMinutes(' SAM@example.org', 'b')).toBe(11);
    expect(await b.waitMinutes('sam@example.org', 'b')).toBe(11);
    time.advance(WINDOW_MS - 4 * 60_000 - 30_000);
    expect(await a.waitMinutes('sam@example.org', 'b')).toBe(1);
    time.advance(30_000);
    // The first left the window: four remain.
    expect(await b.waitMinutes('sam@example.org', 'b')).toBe(0);
    expect(await a.waitMinutes('someone@example.org', 'a')).toBe(0);
  });

  it('makes an address wait after 20 failures across accounts; a good sign-in clears only the account', async () => {
    const time = clock();
    const [a, b] = keepers.throttles(time.now);
    for (let i = 0; i < 20; i++) await (i < 10 ? a : b).failed(`person${i % 2}@example.org`, '10.0.0.9');
    expect(await a.waitMinutes('new@example.org', '10.0.0.9')).toBe(15);
    expect(await b.waitMinutes('new@example.org', '10.0.0.9')).toBe(15);
    expect(await a.waitMinutes('new@example.org', '10.0.0.10')).toBe(0);
    expect(await b.waitMinutes('person1@example.org', '10.0.0.10')).toBe(15);
    await a.succeeded('Person1@example.org');
    expect(await b.waitMinutes('person1@example.org', '10.0.0.10')).toBe(0);
    expect(await b.waitMinutes('person0@example.org', '10.0.0.10')).toBe(15);
    expect(await b.waitMinutes('person1@example.org', '10.0.0.9')).toBe(15);
  });
});

describe.each([memory, postgres])('passkey challenges $name', (keepers) => {
  beforeEach(() => keepers.reset());

  it('answer once, under the id handed out, wherever the answer arrives', async () => {
    const [a, b] = keepers.challenges(Date.now);
    const id = await a.keep('abc', { kind: 'signin' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await b.take('someone-elses-id')).toBeUndefined();
    expect(await b.take(undefined)).toBeUndefined();
    expect(await b.take('')).toBeUndefined();
    expect(await b.take(id)).toEqual({ challenge: 'abc', ceremony: { kind: 'signin' } });
    expect(await a.take(id)).toBeUndefined();
    expect(await b.take(id)).toBeUndefined();
  });

  it('give a challenge taken by two at the same moment to exactly one', async () => {
    const [a, b] = keepers.challenges(Date.now);
    for (let round = 0; round < 20; round += 1) {
      const id = await (round % 2 === 0 ? a : b).keep(`c${round}`, { kind: 'signin' });
      const taken = await Promise.all([a.take(id), b.take(id), a.take(id), b.take(id)]);
      expect(taken.filter((found) => found !== undefined)).toEqual([
        { challenge: `c${round}`, ceremony: { kind: 'signin' } },
      ]);
    }
  });

  it('give back each ceremony as it was kept', async () => {
    const [a, b] = keepers.challenges(Date.now);
    const ceremonies: Ceremony[] = [
      { kind: 'signin' },
      { kind: 'enrol', grantId: 'g1', account: { name: 'Sam Carter', email: 'sam@example.org' } },
      { kind: 'enrol', grantId: 'g2', account: undefined },
      { kind: 'add', sessionId: 's1', staffId: 'st1', label: 'Laptop’s “key”' },
    ];
    for (const ceremony of ceremonies) {
      const id = await a.keep('xyz', ceremony);
      expect((await b.take(id))?.ceremony).toEqual(ceremony);
    }
  });

  it('expire after CHALLENGE_SECONDS', async () => {
    const time = clock();
    const [a, b] = keepers.challenges(time.now);
    const id = await a.keep('abc', { kind: 'signin' });
    time.advance(CHALLENGE_SECONDS * 1000 - 1);
    const later = await b.keep('def', { kind: 'signin' });
    expect(await a.take(later)).toEqual({ challenge: 'def', ceremony: { kind: 'signin' } });
    const again = await a.keep('ghi', { kind: 'signin' });
    time.advance(1);
    expect(await b.take(id)).toBeUndefined();
    expect(await b.take(again)).toBeDefined();
  });

  it('drop the oldest when too many wait, so a flood cannot grow without end', async () => {
    const time = clock();
    const [a, b] = keepers.challenges(time.now);
    const first = await a.keep('first', { kind: 'signin' });
    time.advance(1);
    await keepers.fill(a, MAX_WAITING - 1, time.now());
    time.advance(1);
    const last = await b.keep('last', { kind: 'signin' });
    expect(await a.take(first)).toBeUndefined();
    expect((await a.take(last))?.challenge).toBe('last');
  });
});

describe('kept in PostgreSQL', () => {
  beforeEach(() => postgres.reset());

  const count = async (table: string): Promise<number> =>
    Number((await pools[0].query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  it('stores no account or address as typed, only their digests', async () => {
    const [a] = postgres.throttles(Date.now);
    await a.failed('Sam@example.org', '192.0.2.7');
    await a.failed('my secret password', '192.0.2.7');
    const { rows } = await pools[0].query<{ key: string }>('SELECT key FROM signin_failures');
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((row) => row.key)).size).toBe(3);
    for (const { key } of rows) expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('deletes failures that left the window as it goes', async () => {
    const time = clock();
    const [a, b] = postgres.throttles(time.now);
    await b.failed('sam@example.org', 'a');
    await b.failed('alex@example.org', 'b');
    time.advance(60_000);
    // a's first failure sweeps (nothing is old yet); its next sweep is a window later.
    await a.failed('robin@example.org', 'c');
    expect(await count('signin_failures')).toBe(6);
    time.advance(WINDOW_MS - 30_000);
    // A key's old failures go when it fails again: sam's and address a's, not alex's yet.
    await a.failed('sam@example.org', 'a');
    expect(await count('signin_failures')).toBe(6);
    time.advance(30_000);
    // A window after a's last sweep, every key's old failures go: alex's, b's, robin's and c's.
    await a.failed('sam@example.org', 'a');
    expect(await count('signin_failures')).toBe(4);
    expect(await b.waitMinutes('sam@example.org', 'a')).toBe(0);
  });

  it('deletes expired challenges as it goes, and keeps no more than MAX_WAITING', async () => {
    const time = clock();
    const [a, b] = postgres.challenges(time.now);
    await a.keep('abc', { kind: 'signin' });
    await a.keep('def', { kind: 'signin' });
    time.advance(CHALLENGE_SECONDS * 1000);
    await b.keep('ghi', { kind: 'signin' });
    expect(await count('passkey_challenges')).toBe(1);
    await postgres.fill(a, MAX_WAITING + 5, time.now());
    time.advance(1);
    await b.keep('jkl', { kind: 'signin' });
    expect(await count('passkey_challenges')).toBe(MAX_WAITING);
  });
});
