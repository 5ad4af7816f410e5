/**
 * The prologue of every staff page and endpoint about a research cohort: only a signed-in staff
 * member of the cohort's project may see or change it. Another project's cohort is refused
 * (403) and an unknown id is 404, to staff only. Every visit is audited by the cohort's id.
 */
import type { AstroCookies } from 'astro';
import { projectsOf } from '../../server/auth/document-access.ts';
import type { StaffIdentity } from '../../server/auth/staff-sessions.ts';
import type { CohortRecord } from '../../server/storage/research-records.ts';
import { actorOf, audit, staffMember } from './access.ts';
import { answerWith, type Refusal } from './refusals.ts';

interface CohortContext {
  cookies: AstroCookies;
  locals: App.Locals;
  response: { status?: number; statusText?: string };
}

export type CohortAccess =
  | { ok: true; staff: StaffIdentity; cohort: CohortRecord }
  | { ok: false; staff: StaffIdentity | undefined; refusal: Refusal };

export async function cohortForPage(context: CohortContext, cohortId: string, action: string): Promise<CohortAccess> {
  const staff = await staffMember(context);
  const refuse = (refusal: Refusal): CohortAccess => {
    answerWith(context.response, refusal.status);
    return { ok: false, staff, refusal };
  };
  if (!staff) return refuse({ status: 401, why: 'staff-only' });
  const cohort = await context.locals.services.store.research.getCohort(cohortId);
  if (!cohort) return refuse({ status: 404, why: 'not-found' });
  const allowed = projectsOf(staff).has(cohort.projectId);
  await audit(context, {
    action,
    outcome: allowed ? 'ok' : 'refused',
    actor: actorOf({ staff }),
    projectId: cohort.projectId,
    subject: cohort.id,
    ...(allowed ? {} : { detail: 'other-project' }),
  });
  return allowed ? { ok: true, staff, cohort } : refuse({ status: 403, why: 'other-project' });
}
