/**
 * The prologue of every page and endpoint about a family (its consent, its erasure, what is held
 * about it): only a signed-in staff member of the family's project may see or change anything.
 * A family of another project is refused (403) and an unknown id is 404, to staff only, so
 * strangers cannot probe for ids. Every visit is audited by the family's id, never its name.
 */
import type { AstroCookies } from 'astro';
import { projectsOf } from '../../server/auth/document-access.ts';
import type { StaffIdentity } from '../../server/auth/staff-sessions.ts';
import type { FamilyRecord } from '../../server/storage/family-records.ts';
import { actorOf, audit, staffMember } from './access.ts';
import { answerWith, type Refusal } from './refusals.ts';

interface FamilyContext {
  cookies: AstroCookies;
  locals: App.Locals;
  response: { status?: number; statusText?: string };
}

export type FamilyAccess =
  | { ok: true; staff: StaffIdentity; family: FamilyRecord }
  | { ok: false; staff: StaffIdentity | undefined; refusal: Refusal };

export async function familyForPage(context: FamilyContext, familyId: string, action: string): Promise<FamilyAccess> {
  const staff = await staffMember(context);
  const refuse = (refusal: Refusal): FamilyAccess => {
    answerWith(context.response, refusal.status);
    return { ok: false, staff, refusal };
  };
  if (!staff) return refuse({ status: 401, why: 'staff-only' });
  const family = await context.locals.services.store.families.getFamily(familyId);
  if (!family) return refuse({ status: 404, why: 'not-found' });
  const allowed = projectsOf(staff).has(family.projectId);
  await audit(context, {
    action,
    outcome: allowed ? 'ok' : 'refused',
    actor: actorOf({ staff }),
    projectId: family.projectId,
    subject: family.id,
    ...(allowed ? {} : { detail: 'other-project' }),
  });
  return allowed ? { ok: true, staff, family } : refuse({ status: 403, why: 'other-project' });
}
