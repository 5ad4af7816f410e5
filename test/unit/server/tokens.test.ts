import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grantsDocument, issueToken, verifyToken } from '../../../server/auth/tokens.ts';
import { originAllowed } from '../../../server/auth/room-access.ts';
import { RateLimit } from '../../../server/rooms/rate-limit.ts';

const secret = Buffer.from('unit-test-secret-unit-test-secret-0123');
const now = 1_800_000_000;

describe('tokens (AUTH5)', () => {
  it('verify what they sign, with its claims', () => {
    const token = issueToken(secret, { doc: 'journey-1', role: 'viewer', exp: now + 60 }, 'grant-0001');
    expect(verifyToken(secret, token, now)).toEqual({
      ok: true,
      claims: { v: 1, doc: 'journey-1', role: 'viewer', exp: now + 60, jti: 'grant-0001' },
    });
  });

  it('say why a token fails: expired, forged, malformed', () => {
    const token = issueToken(secret, { doc: 'journey-1', role: 'participant', exp: now }, 'grant-0002');
    expect(verifyToken(secret, token, now)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken(Buffer.from('another-secret-another-secret-0123'), token, now - 1)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verifyToken(secret, 'no-dot-here', now)).toEqual({ ok: false, reason: 'malformed' });
    const [, signature] = token.split('.');
    const promoted = Buffer.from(
      JSON.stringify({ v: 1, doc: '*', role: 'facilitator', exp: now + 99, jti: 'grant-0002' }),
    ).toString('base64url');
    expect(verifyToken(secret, `${promoted}.${signature}`, now - 1)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('never accept a tampered token', () => {
    const token = issueToken(secret, { doc: 'journey-1', role: 'viewer', exp: now + 60 }, 'grant-0003');
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCxyz019-_.'), (at, char) => {
        fc.pre(token[at] !== char);
        const tampered = token.slice(0, at) + char + token.slice(at + 1);
        const result = verifyToken(secret, tampered, now);
        // Base64url has slack bits in its last character: a change there can decode to the same bytes.
        if (result.ok) expect(result.claims).toEqual((verifyToken(secret, token, now) as { claims: unknown }).claims);
      }),
      { numRuns: 2000 },
    );
  });

  it('grant one document, or every document only to a facilitator session', () => {
    const claims = { v: 1 as const, doc: 'a', role: 'participant' as const, exp: now, jti: 'grant-0004' };
    expect(grantsDocument(claims, 'a')).toBe(true);
    expect(grantsDocument(claims, 'b')).toBe(false);
    expect(grantsDocument({ ...claims, doc: '*' }, 'b')).toBe(false);
    expect(grantsDocument({ ...claims, doc: '*', role: 'facilitator' }, 'b')).toBe(true);
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
