/**
 * The invites and evaluator tokens made for one document, as its invite page lists them, and
 * revoking one from that page. Only a grant's record is kept, never its token (tokens.ts), so
 * the list says who made each one and whether it still works, and a lost link cannot be shown
 * again: a new one is made instead.
 */
import { isLive, revokeGrant } from '../../server/auth/grants.ts';
import type { GrantEnds } from '../../server/auth/grant-ends.ts';
import type { AccessRecords, GrantRecord } from '../../server/storage/access-records.ts';
import { typed, type FieldProblem } from './forms.ts';

/** Whether a grant still opens anything: `used` is for one-time links, not listed here. */
export type GrantState = 'live' | 'expired' | 'revoked';

export interface ListedGrant {
  id: string;
  /** `participant`, `viewer`, `facilitator` or `evaluator`. */
  role: string;
  kind: 'invite' | 'evaluator';
  /** The staff member's name, or who else issued it. */
  madeBy: string;
  madeAt: Date;
  expiresAt: Date;
  state: GrantState;
}

/** The name of the revoke form's field, which holds the grant's id (never its token). */
export const REVOKE_FIELD = 'revoke';
/** The parameter of the address the page returns to after a revoke: the grant's id, to say it is revoked. */
export const REVOKED_PARAM = 'revoked';

const stateOf = (grant: GrantRecord): GrantState => (grant.endedAt ? 'revoked' : isLive(grant) ? 'live' : 'expired');

/** Every invite and evaluator token for this document, newest first, with who made it. */
export async function listedGrants(access: AccessRecords, docId: string): Promise<ListedGrant[]> {
  const grants = (await access.listGrants(docId)).filter((g) => g.kind === 'invite' || g.kind === 'evaluator');
  const names = new Map<string, string>();
  for (const grant of grants) {
    const staffId = grant.createdBy.startsWith('staff:') ? grant.createdBy.slice('staff:'.length) : undefined;
    if (staffId && !names.has(grant.createdBy))
      names.set(grant.createdBy, (await access.getStaff(staffId))?.name ?? 'a former member of staff');
  }
  return grants.map((grant) => ({
    id: grant.id,
    role: grant.role ?? grant.kind,
    kind: grant.kind === 'evaluator' ? 'evaluator' : 'invite',
    // Anything not issued by a person on a page was issued by `npx turning-points token`.
    madeBy: names.get(grant.createdBy) ?? 'a script (CLI)',
    madeAt: new Date(grant.createdAt),
    expiresAt: new Date(grant.expiresAt),
    state: stateOf(grant),
  }));
}

/** Whether this post is the revoke form (the page also takes its invite form). */
export async function isRevokeForm(request: Request): Promise<boolean> {
  const form = await request
    .clone()
    .formData()
    .catch(() => undefined);
  return form?.has(REVOKE_FIELD) ?? false;
}

export interface RevokeOptions {
  access: AccessRecords;
  grantEnds: GrantEnds;
  docId: string;
  /** Who revokes (`staff:<id>`), for the audit log. */
  actor: string;
  projectId?: string;
}

export type Revoked = { ok: true; grantId: string } | { ok: false; problems: FieldProblem[] };

/**
 * Revoke the grant the posted form names, if it is one of this document's invites or evaluator
 * tokens: it opens nothing from now on and its open room connections close at once. Revoking
 * one that had already stopped working changes nothing and is not an error.
 */
export async function revokeFromForm(request: Request, options: RevokeOptions): Promise<Revoked> {
  const form = await request.formData().catch(() => undefined);
  const grantId = typed(form, REVOKE_FIELD);
  const grant = grantId ? await options.access.getGrant(grantId) : undefined;
  const project = options.projectId === undefined ? {} : { projectId: options.projectId };
  if (!grant || grant.docId !== options.docId || (grant.kind !== 'invite' && grant.kind !== 'evaluator')) {
    await options.access.audit({
      action: 'invite.revoke',
      outcome: 'refused',
      actor: options.actor,
      docId: options.docId,
      ...project,
      detail: 'not-this-document',
    });
    return {
      ok: false,
      problems: [
        {
          field: REVOKE_FIELD,
          message: 'that invite is not one of this page’s: choose Revoke beside one in the list below',
        },
      ],
    };
  }
  if (await revokeGrant(options.access, options.grantEnds, grant.id))
    await options.access.audit({
      action: grant.kind === 'evaluator' ? 'evaluator-token.revoke' : 'invite.revoke',
      outcome: 'ok',
      actor: options.actor,
      docId: options.docId,
      ...project,
      subject: grant.id,
      ...(grant.role ? { detail: grant.role } : {}),
    });
  return { ok: true, grantId: grant.id };
}
