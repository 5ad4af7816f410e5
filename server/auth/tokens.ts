/**
 * Signed access tokens: `base64url(claims).base64url(HMAC-SHA256)`. A token grants one role on
 * one document until it expires; a session token (document "*") is a signed-in facilitator. A
 * room token minted for a signed-in facilitator names that session (`sid`), so that signing out
 * also ends it (server/SPEC.md AUTH8).
 * Verification is constant-time and says why a token failed, for the log and the status code.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const ROLES = ['facilitator', 'participant', 'viewer', 'evaluator'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may change a document. */
export const WRITING_ROLES: ReadonlySet<Role> = new Set(['facilitator', 'participant']);

/** Stands for "every document": only facilitator sessions carry it. */
export const ANY_DOCUMENT = '*';

const ClaimsSchema = z.strictObject({
  v: z.literal(1),
  doc: z.string().min(1).max(64),
  role: z.enum(ROLES),
  /** Expiry, seconds since the epoch. */
  exp: z.int().positive(),
  /** A random id for this grant, so logs can tell grants apart without showing the token. */
  jti: z.string().min(8).max(32),
  /** The session (its `jti`) this token was minted for, when it was minted for one. */
  sid: z.string().min(8).max(32).optional(),
});
export type Claims = z.output<typeof ClaimsSchema>;

export type Verified = { ok: true; claims: Claims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

const sign = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest();

export function issueToken(secret: Buffer, claims: Omit<Claims, 'v' | 'jti'>, jti: string): string {
  const payload = Buffer.from(JSON.stringify(ClaimsSchema.parse({ v: 1, ...claims, jti }))).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

export function verifyToken(secret: Buffer, token: string, nowSeconds: number): Verified {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts;
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = ClaimsSchema.safeParse(claims);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (parsed.data.exp <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims: parsed.data };
}

/** Whether these claims open this document (a facilitator session opens every one). */
export function grantsDocument(claims: Claims, docId: string): boolean {
  return claims.doc === docId || (claims.doc === ANY_DOCUMENT && claims.role === 'facilitator');
}
