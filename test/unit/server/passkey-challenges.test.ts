/**
 * Passkey challenges wait a few minutes and answer once: a second take finds nothing, an
 * expired one is gone, an id nobody was given opens nothing, and a flood drops the oldest.
 */
import { describe, expect, it } from 'vitest';
import { CHALLENGE_SECONDS, PasskeyChallenges } from '../../../server/auth/passkey-challenges.ts';

describe('passkey challenges', () => {
  it('answer once, under the id handed out', () => {
    const challenges = new PasskeyChallenges();
    const id = challenges.keep('abc', { kind: 'signin' });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(challenges.take('someone-elses-id')).toBeUndefined();
    expect(challenges.take(undefined)).toBeUndefined();
    expect(challenges.take(id)).toEqual({ challenge: 'abc', ceremony: { kind: 'signin' } });
    expect(challenges.take(id)).toBeUndefined();
  });

  it('expire after CHALLENGE_SECONDS', () => {
    let now = 1_000_000;
    const challenges = new PasskeyChallenges(() => now);
    const id = challenges.keep('abc', { kind: 'signin' });
    now += CHALLENGE_SECONDS * 1000 - 1;
    const later = challenges.keep('def', { kind: 'signin' });
    expect(challenges.take(later)).toBeDefined();
    const again = challenges.keep('ghi', { kind: 'signin' });
    now += 1;
    expect(challenges.take(id)).toBeUndefined();
    expect(challenges.take(again)).toBeDefined();
  });

  it('drop the oldest when too many wait, so a flood cannot grow memory without end', () => {
    const challenges = new PasskeyChallenges(() => 0);
    const first = challenges.keep('first', { kind: 'signin' });
    const second = challenges.keep('second', { kind: 'signin' });
    for (let i = 0; i < 10_000; i += 1) challenges.keep(`c${i}`, { kind: 'signin' });
    expect(challenges.take(first)).toBeUndefined();
    expect(challenges.take(second)).toBeUndefined();
    const last = challenges.keep('last', { kind: 'signin' });
    expect(challenges.take(last)?.challenge).toBe('last');
  });
});
