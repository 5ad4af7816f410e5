/**
 * Who may open a document (a journey, a theory of change), decided the same way for its pages
 * and its room: a signed-in staff member of the document's project (as facilitator), or the
 * holder of a live invite for this very document (with the invite's role). Nothing here reads a
 * document's content: access comes from server records alone (server/SPEC.md AUTH1).
 */
import type { AccessRecords, GrantRecord } from '../storage/access-records.ts';
import { checkGrant } from './grants.ts';
import { readSession, type StaffIdentity } from './staff-sessions.ts';
import { isRole, type Role } from './tokens.ts';

/** The name of the cookie an opened invite becomes, scoped by path to its document's pages and room. */
export const INVITE_COOKIE = 'tp_invite';

/** What a request presents: a staff session cookie, and invite tokens (from its cookies or a stock client's `?token=`). */
export interface Presented {
  sessionCookie?: string;
  inviteTokens: readonly string[];
}

export type DocumentRefusal =
  | { status: 401; why: 'no-invite' | 'invite-expired' | 'invite-broken' | 'invite-revoked' }
  | { status: 403; why: 'invite-elsewhere' | 'other-project' };

export type DocumentAdmission =
  | { ok: true; role: Role; projectId?: string; staff: StaffIdentity; grant?: undefined }
  | { ok: true; role: Role; projectId?: string; staff?: undefined; grant: GrantRecord }
  | { ok: false; refusal: DocumentRefusal; staff?: StaffIdentity; grantId?: string };

/** The projects a staff member works in (any role). */
export const projectsOf = (identity: StaffIdentity): Set<string> =>
  new Set(identity.memberships.map((membership) => membership.projectId));

/** Whether this staff member administers any project (the admin pages are theirs). */
export const administersAny = (identity: StaffIdentity): boolean =>
  identity.memberships.some((m) => m.role === 'admin');

/** Whether this staff member administers this project. */
export const administers = (identity: StaffIdentity, projectId: string | undefined): boolean =>
  identity.memberships.some((m) => m.projectId === projectId && m.role === 'admin');

export async function admitToDocument(
  access: AccessRecords,
  secret: Buffer,
  presented: Presented,
  docId: string,
): Promise<DocumentAdmission> {
  const [staff, projectId] = await Promise.all([readSession(access, presented.sessionCookie), access.projectOf(docId)]);
  const project = projectId === undefined ? {} : { projectId };
  if (staff && projectId !== undefined && projectsOf(staff).has(projectId))
    return { ok: true, role: 'facilitator', ...project, staff };
  let refusal: DocumentRefusal | undefined;
  let grantId: string | undefined;
  for (const token of presented.inviteTokens) {
    const checked = await checkGrant(access, secret, token, 'invite');
    if (checked.ok) {
      const { grant } = checked;
      if (grant.docId === docId && isRole(grant.role) && grant.role !== 'evaluator')
        return { ok: true, role: grant.role, ...project, grant };
      refusal ??= { status: 403, why: 'invite-elsewhere' };
      grantId ??= grant.id;
      continue;
    }
    grantId ??= checked.grantId;
    // A live grant of another kind (an evaluator token, AUTH2) is real but opens no document here.
    refusal ??=
      checked.why === 'wrong-kind'
        ? { status: 403, why: 'invite-elsewhere' }
        : checked.why === 'expired'
          ? { status: 401, why: 'invite-expired' }
          : checked.why === 'revoked' || checked.why === 'used'
            ? { status: 401, why: 'invite-revoked' }
            : { status: 401, why: 'invite-broken' };
  }
  if (staff) return { ok: false, refusal: { status: 403, why: 'other-project' }, staff };
  return { ok: false, refusal: refusal ?? { status: 401, why: 'no-invite' }, ...(grantId ? { grantId } : {}) };
}
