/**
 * Staff sessions are server records (server/SPEC.md AUTH8): the cookie holds 32 random bytes and
 * the store keeps only their SHA-256, so a copy of the database signs nobody in. Signing out,
 * expiry, an admin's revocation and disabling the account end a session at once: the next
 * request or room connection finds it ended, and open rooms close what it opened.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import type { AccessRecords, Membership, SessionRecord, SigninMethod, StaffMember } from '../storage/access-records.ts';
import type { GrantEnds } from './grant-ends.ts';
import { newId } from './tokens.ts';

export const SESSION_COOKIE = 'tp_session';
export const SESSION_HOURS = 12;

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Hosts that mean "this machine": named `localhost` in links, as passkeys need a name, not a number. */
const THIS_MACHINE = new Set(['0.0.0.0', '::', '127.0.0.1', '::1']);

/** Where people reach this server, for links they can click or scan. */
export function publicUrl(config: Pick<Config, 'publicUrl' | 'host' | 'port'>, port = config.port): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/$/, '');
  const host = THIS_MACHINE.has(config.host) ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}

export const sessionCookieOptions = (secure: boolean) => ({
  httpOnly: true,
  sameSite: 'strict' as const,
  path: '/',
  secure,
  maxAge: SESSION_HOURS * 3600,
});

/** Start a session for a staff member who has just proved who they are; the cookie to set. */
export async function startSession(
  access: AccessRecords,
  staffId: string,
  method: SigninMethod,
): Promise<{ cookie: string; session: SessionRecord }> {
  const cookie = randomBytes(32).toString('base64url');
  const now = Date.now();
  const session: SessionRecord = {
    id: newId(),
    secretHash: hashOf(cookie),
    staffId,
    method,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_HOURS * 3600_000).toISOString(),
  };
  await access.startSession(session);
  return { cookie, session };
}

/** A signed-in staff member: who, by which session, in which projects with which role. */
export interface StaffIdentity {
  staff: StaffMember;
  session: SessionRecord;
  memberships: Membership[];
}

/** The staff member this cookie signs in, unless the session has ended or expired or the account is disabled. */
export async function readSession(
  access: AccessRecords,
  cookie: string | undefined,
): Promise<StaffIdentity | undefined> {
  if (!cookie || cookie.length > 100) return undefined;
  const session = await access.findSessionBySecretHash(hashOf(cookie));
  if (!session || session.endedAt || session.expiresAt <= new Date().toISOString()) return undefined;
  const staff = await access.getStaff(session.staffId);
  if (!staff || staff.disabledAt) return undefined;
  return { staff, session, memberships: await access.membershipsOf(staff.id) };
}

/**
 * End one session, or every live session of one person: their cookies sign nobody in again,
 * and the rooms they have open close (accessRevoked). The ids of the sessions ended.
 */
export async function endSessions(
  access: AccessRecords,
  grantEnds: GrantEnds,
  which: { sessionId: string } | { staffId: string },
  why: string,
): Promise<string[]> {
  const ended = await access.endSessions(which, why);
  for (const id of ended) grantEnds.end(id);
  return ended;
}
