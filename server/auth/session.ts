/**
 * Facilitators' sign-in. There are no accounts yet: the server prints a one-time sign-in link
 * at start (as Jupyter does); using it sets a session cookie (a signed facilitator token for
 * every document, HttpOnly, SameSite=Strict). Families never sign in: they join by invite.
 * Signing out uses up the session's grant in storage, so the cookie's value, and every room
 * token minted for that session, stop working at once rather than when they expire (AUTH8).
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { GrantEnds } from './grant-ends.ts';
import { ANY_DOCUMENT, issueToken, verifyToken, type Claims, type Role } from './tokens.ts';

export const SESSION_COOKIE = 'tp_session';
const SESSION_HOURS = 12;
const SIGNIN_LINK_HOURS = 24;

const nowSeconds = () => Math.floor(Date.now() / 1000);
const newGrantId = () => randomBytes(9).toString('base64url');

/** Where people reach this server, for links they can click or scan. */
export function publicUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, port = config.port): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

export function signinLink(secret: Buffer, baseUrl: string): string {
  const code = issueToken(
    secret,
    { doc: ANY_DOCUMENT, role: 'facilitator', exp: nowSeconds() + SIGNIN_LINK_HOURS * 3600 },
    newGrantId(),
  );
  return `${baseUrl}/signin?code=${code}`;
}

/** Use a sign-in code once; returns the session token to set as a cookie, or why not. */
export async function redeemSignin(
  secret: Buffer,
  store: Pick<DocumentStore, 'consumeGrant'>,
  code: string,
): Promise<{ ok: true; session: string } | { ok: false; reason: string }> {
  const verified = verifyToken(secret, code, nowSeconds());
  if (!verified.ok) return { ok: false, reason: verified.reason };
  if (verified.claims.doc !== ANY_DOCUMENT || verified.claims.role !== 'facilitator')
    return { ok: false, reason: 'not-a-signin-code' };
  if (!(await store.consumeGrant(verified.claims.jti))) return { ok: false, reason: 'already-used' };
  return {
    ok: true,
    session: issueToken(
      secret,
      { doc: ANY_DOCUMENT, role: 'facilitator', exp: nowSeconds() + SESSION_HOURS * 3600 },
      newGrantId(),
    ),
  };
}

export const sessionCookieOptions = (secure: boolean) => ({
  httpOnly: true,
  sameSite: 'strict' as const,
  path: '/',
  secure,
  maxAge: SESSION_HOURS * 3600,
});

type Grants = Pick<DocumentStore, 'isGrantConsumed'>;

/** The signed-in facilitator's claims, or undefined (no cookie, a bad or expired one, or signed out). */
export async function readSession(
  secret: Buffer,
  grants: Grants,
  cookie: string | undefined,
): Promise<Claims | undefined> {
  if (!cookie) return undefined;
  const verified = verifyToken(secret, cookie, nowSeconds());
  if (!verified.ok || verified.claims.doc !== ANY_DOCUMENT || verified.claims.role !== 'facilitator') return undefined;
  return (await grants.isGrantConsumed(verified.claims.jti)) ? undefined : verified.claims;
}

/** End a session: its cookie value signs nobody in again, nor do room tokens minted for it. */
export async function signOut(
  secret: Buffer,
  store: Pick<DocumentStore, 'consumeGrant'>,
  grantEnds: GrantEnds,
  cookie: string | undefined,
): Promise<void> {
  if (!cookie) return;
  const verified = verifyToken(secret, cookie, nowSeconds());
  // An expired or forged cookie opens nothing already; only a live session needs ending.
  if (!verified.ok || verified.claims.doc !== ANY_DOCUMENT) return;
  await store.consumeGrant(verified.claims.jti);
  grantEnds.end(verified.claims.jti);
}

/**
 * A token for one room, for the page that opens it or for an invite link. `session` (the grant
 * id of the signed-in facilitator's session) ties the token to that session: it stops working
 * when they sign out. Invite links carry none: they outlive the session that made them.
 */
export function roomToken(secret: Buffer, docId: string, role: Role, hours: number, session?: string): string {
  const exp = nowSeconds() + Math.round(hours * 3600);
  return issueToken(secret, { doc: docId, role, exp, ...(session ? { sid: session } : {}) }, newGrantId());
}
