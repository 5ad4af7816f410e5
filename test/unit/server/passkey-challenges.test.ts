/**
 * Passkey challenges kept in memory wait a few minutes and answer once: a second take finds
 * nothing, an expired one is gone, an id nobody was given opens nothing, and a flood drops the
 * oldest. (The same, kept in PostgreSQL: test/server/shared-throttle.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { CHALLENGE_SECONDS, MemoryPasskeyChallenges } from '../../../server/auth/passkey-challenges.ts';

describe('passkey challenges', () => {
  it('answer once, under the id handed out', async () => {
    const challenges = new MemoryPasskeyChallenges();
    const id = await challenges.keep('abc', { kind: 'signin' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await challenges.take('someone-elses-id')).toBeUndefined();
    expect(await challenges.take(undefined)).toBeUndefined();
    expect(await challenges.take(id)).toEqual({ challenge: 'abc', ceremony: { kind: 'signin' } });
    expect(await challenges.take(id)).toBeUndefined();
  });

  it('expire after CHALLENGE_SECONDS', async () => {
    let now = 1_000_000;
    const challenges = new MemoryPasskeyChallenges(() => now);
    const id = await challenges.keep('abc', { kind: 'signin' });
    now += CHALLENGE_SECONDS * 1000 - 1;
    const later = await challenges.keep('def', { kind: 'signin' });
    expect(await challenges.take(later)).toBeDefined();
    const again = await challenges.keep('ghi', { kind: 'signin' });
    now += 1;
    expect(await challenges.take(id)).toBeUndefined();
    expect(await challenges.take(again)).toBeDefined();
  });

  it('drop the oldest when too many wait, so a flood cannot grow memory without end', async () => {
    const challenges = new MemoryPasskeyChallenges(() => 0);
    const first = await challenges.keep('first', { kind: 'signin' });
    const second = await challenges.keep('second', { kind: 'signin' });
    for (let i = 0; i < 10_000; i += 1) await challenges.keep(`c${i}`, { kind: 'signin' });
    expect(await challenges.take(first)).toBeUndefined();
    expect(await challenges.take(second)).toBeUndefined();
    const last = await challenges.keep('last', { kind: 'signin' });
    expect((await challenges.take(last))?.challenge).toBe('last');
  });
});
