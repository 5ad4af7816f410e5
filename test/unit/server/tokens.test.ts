import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grantIdOf, grantToken, newId } from '../../../server/auth/tokens.ts';
import { originAllowed } from '../../../server/auth/room-access.ts';
import { RateLimit } from '../../../server/rooms/rate-limit.ts';

const secret = Buffer.from('unit-test-secret-unit-test-secret-0123');
const otherSecret = Buffer.from('another-secret-another-secret-0123');
/** Change the seed to explore; fast-check names it again in any failure. */
const SEED = 20261204;

/** Grant ids as the server makes them (newId) and as the token format allows: 8–64 base64url characters. */
const grantIdArb = fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/);

/** The same bytes? Base64url's last character has slack bits: two spellings can decode alike. */
const sameSignature = (a: string, b: string) => Buffer.from(a, 'base64url').equals(Buffer.from(b, 'base64url'));

describe(`grant tokens (AUTH5, seed ${SEED})`, () => {
  it('carry the grant id and nothing else, signed', () => {
    const id = newId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const token = grantToken(secret, id);
    expect(token.split('.')).toHaveLength(2);
    expect(token.startsWith(`${id}.`)).toBe(true);
    expect(grantIdOf(secret, token)).toBe(id);
  });

  it('are refused when signed with another secret, malformed, or empty', () => {
    const id = newId();
    expect(grantIdOf(secret, grantToken(otherSecret, id))).toBeUndefined();
    for (const bad of [
      '',
      'no-dot-here',
      `${id}.`,
      `.${grantToken(secret, id).split('.')[1]}`,
      `${grantToken(secret, id)}.x`,
      'short.abc',
    ])
      expect(grantIdOf(secret, bad), JSON.stringify(bad)).toBeUndefined();
  });

  it('round-trip any id', () => {
    fc.assert(
      fc.property(grantIdArb, (id) => {
        expect(grantIdOf(secret, grantToken(secret, id))).toBe(id);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('refuse any change to the id or the signature', () => {
    fc.assert(
      fc.property(grantIdArb, fc.nat(), fc.constantFrom(...'ABCxyz019-_.'), (id, position, char) => {
        const token = grantToken(secret, id);
        const at = position % token.length;
        fc.pre(token[at] !== char);
        const tampered = token.slice(0, at) + char + token.slice(at + 1);
        const found = grantIdOf(secret, tampered);
        if (found === undefined) return;
        // Only a change in the signature's slack bits can pass, and then it names the same grant.
        const [tamperedId, tamperedSignature] = tampered.split('.') as [string, string];
        expect(found).toBe(id);
        expect(tamperedId).toBe(id);
        expect(sameSignature(tamperedSignature, token.split('.')[1]!)).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it("refuse one grant's signature on another id: a token cannot be moved to another grant", () => {
    fc.assert(
      fc.property(grantIdArb, grantIdArb, (id, other) => {
        fc.pre(id !== other);
        const signature = grantToken(secret, other).split('.')[1]!;
        expect(grantIdOf(secret, `${id}.${signature}`)).toBeUndefined();
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('origins (AUTH3)', () => {
  it('allow our own host, configured origins and clients without an Origin', () => {
    expect(originAllowed(undefined, 'localhost:4321', [])).toBe(true);
    expect(originAllowed('http://localhost:4321', 'localhost:4321', [])).toBe(true);
    expect(originAllowed('https://workshop.example', 'localhost:4321', ['https://workshop.example'])).toBe(true);
    expect(originAllowed('https://evil.example', 'localhost:4321', ['https://workshop.example'])).toBe(false);
    expect(originAllowed('null', 'localhost:4321', [])).toBe(false);
  });
});

describe('rate limit (LIMIT2)', () => {
  it('allows bursts, then the average rate', () => {
    const limit = new RateLimit(10, 30, 0);
    let allowed = 0;
    for (let i = 0; i < 100; i++) if (limit.take(1, 0)) allowed++;
    expect(allowed).toBe(30);
    expect(limit.take(1, 50)).toBe(false);
    expect(limit.take(1, 100)).toBe(true);
  });

  it('lets one costly thing through whenever a unit is left, then makes the next wait (LIMIT4)', () => {
    const bytes = new RateLimit(1000, 2000, 0);
    expect(bytes.take(5000, 0)).toBe(true);
    expect(bytes.take(1, 0)).toBe(false);
    // 3000 units of debt plus one: just over 3 s at 1000 a second.
    expect(bytes.msUntilNext(0)).toBeCloseTo(3001, 0);
    expect(bytes.take(1, 3000)).toBe(false);
    expect(bytes.take(1, 3002)).toBe(true);
  });
});
