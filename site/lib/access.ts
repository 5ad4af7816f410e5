/**
 * Who is asking, for pages and endpoints: a signed-in staff member (and in which projects), the
 * holder of an invite opened on this device (its cookie), an evaluator with a token, or nobody.
 * Every decision about a family's document is written to the audit log, allowed or refused.
 */
import type { AstroCookies } from 'astro';
import { admitToDocument, administersAny, INVITE_COOKIE, projectsOf } from '../../server/auth/document-access.ts';
import { checkGrant } from '../../server/auth/grants.ts';
import { readSession, SESSION_COOKIE, type StaffIdentity } from '../../server/auth/staff-sessions.ts';
import type { Role } from '../../server/auth/tokens.ts';
import { cookieValues } from '../../server/http/cookies.ts';
import { loadJourney, storedJourney } from '../../server/journey-library.ts';
import { seesCosts } from '../../server/costs/cost-access.ts';
import { evaluatorCookieHeader } from './evaluator-cookie.ts';
import type { AuditEntry } from '../../server/storage/access-records.ts';
import type { CohortRecord } from '../../server/storage/research-records.ts';
import type { Journey } from '../../src/model/index.ts';
import { answerWith, type Refusal } from './refusals.ts';

interface RequestContext {
  cookies: AstroCookies;
  locals: App.Locals;
  url: URL;
  request: Request;
}

/** The signed-in staff member, unless their session has ended or expired or their account is disabled. */
export function staffMember(context: Pick<RequestContext, 'cookies' | 'locals'>): Promise<StaffIdentity | undefined> {
  // Read once per request: the layout, the page and its checks all ask.
  context.locals.staffIdentity ??= readSession(
    context.locals.services.store.access,
    context.cookies.get(SESSION_COOKIE)?.value,
  );
  return context.locals.staffIdentity;
}

/** The project a staff member's new journeys go into when they do not choose: the first they joined. */
export const homeProject = (staff: StaffIdentity): string | undefined => staff.memberships[0]?.projectId;

/** `staff:<id>`, `grant:<id>` or `anonymous`: who acted, for the audit log. */
export const actorOf = (who: { staff?: StaffIdentity | undefined; grantId?: string | undefined }): string =>
  who.staff ? `staff:${who.staff.staff.id}` : who.grantId ? `grant:${who.grantId}` : 'anonymous';

/** Write to the audit log (through the storage writer's queue); a page waits for it. */
export function audit(context: Pick<RequestContext, 'locals'>, entry: AuditEntry): Promise<void> {
  return context.locals.services.store.access.audit(entry);
}

export interface DocumentAccess {
  role: Role;
  /** Set when a staff member of the document's project is asking. */
  staff?: StaffIdentity;
  /** The invite's grant id, when access comes from one. */
  grantId?: string;
  projectId?: string;
  /** When this access ends (the invite's or the session's end), ms since the epoch. */
  expiresAt: number;
}

export type Admission = { ok: true; access: DocumentAccess } | { ok: false; refusal: Refusal };

/**
 * May this request see this document (a journey or a theory of change), and as whom; if not,
 * why not, for the page to say. `action` names what was asked (`journey.view`,
 * `toc.sources`…) in the audit log. Evaluators never see documents here: they pull exports
 * through the API.
 */
export async function admit(
  context: RequestContext,
  docId: string,
  action: string,
  detail?: string,
): Promise<Admission> {
  const { store, secret } = context.locals.services;
  // ERASE2: an erased document is gone for everyone who asks; its invites went with it.
  if (await store.families.isErased(docId)) {
    const actor = actorOf({ staff: await staffMember(context) });
    await audit(context, { action, outcome: 'refused', actor, docId, detail: 'erased' });
    return { ok: false, refusal: { status: 410, why: 'erased' } };
  }
  const admitted = await admitToDocument(
    store.access,
    secret,
    {
      sessionCookie: context.cookies.get(SESSION_COOKIE)?.value,
      inviteTokens: cookieValues(
        { headers: { cookie: context.request.headers.get('cookie') ?? undefined } },
        INVITE_COOKIE,
      ),
    },
    docId,
  );
  const extra = detail === undefined ? {} : { detail };
  if (!admitted.ok) {
    await audit(context, { action, outcome: 'refused', actor: actorOf(admitted), docId, detail: admitted.refusal.why });
    // A dead invite in the address (lib/invite-exchange.ts) says why it opens nothing.
    const refusal: Refusal =
      admitted.refusal.why === 'no-invite' && context.locals.inviteProblem
        ? context.locals.inviteProblem
        : (admitted.refusal as Refusal);
    return { ok: false, refusal };
  }
  const projectId = admitted.projectId;
  const project = projectId === undefined ? {} : { projectId };
  await audit(context, {
    action,
    outcome: 'ok',
    actor: actorOf({ staff: admitted.staff, grantId: admitted.grant?.id }),
    docId,
    ...project,
    ...extra,
  });
  const expiresAt = Date.parse(admitted.staff ? admitted.staff.session.expiresAt : admitted.grant.expiresAt);
  return {
    ok: true,
    access: {
      role: admitted.role,
      ...(admitted.staff ? { staff: admitted.staff } : { grantId: admitted.grant.id }),
      ...project,
      expiresAt,
    },
  };
}

/**
 * Whether a refused request is staff asking for a document that is not there. To strangers an
 * unknown id is refused as "no access", so ids cannot be probed for; staff are told it is not there.
 */
export async function missingForStaff(
  context: Pick<RequestContext, 'cookies' | 'locals'>,
  docId: string,
  admission: Admission,
): Promise<boolean> {
  return (
    !admission.ok && !(await context.locals.services.store.has(docId)) && (await staffMember(context)) !== undefined
  );
}

interface PageContext extends RequestContext {
  params: Record<string, string | undefined>;
  response: { status?: number; statusText?: string };
}

/**
 * The prologue of every journey page: who is asking, and the journey if they may see it. Sets
 * the response status (401 or 403 without access, 404 without such a journey) and says why,
 * for the page to explain.
 */
export async function journeyForPage(
  context: PageContext,
  page: string,
  /** `read-model`: the stored read model (`storedJourney`), for a page that then follows the live document. */
  from: 'log' | 'read-model' = 'log',
): Promise<{
  id: string;
  access: DocumentAccess | undefined;
  journey: Journey | undefined;
  refusal: Refusal | undefined;
  /** Whether the asker sees the journey's costs (COSTS2); without, `journey` has no cost events. */
  seesCosts: boolean;
}> {
  const id = context.params.id ?? '';
  const { store } = context.locals.services;
  const admission = await admit(context, id, 'journey.view', page);
  const loaded = !admission.ok
    ? undefined
    : from === 'log'
      ? (await loadJourney(store, id))?.journey
      : await storedJourney(store, id);
  // COSTS2: someone who may not see costs gets the journey without them, on every page.
  const costsSeen = admission.ok && (await seesCosts(store, id, admission.access));
  const journey = loaded && (costsSeen ? loaded : { ...loaded, costEvents: [] });
  const erased = !admission.ok && admission.refusal.why === 'erased';
  const refusal: Refusal | undefined = erased
    ? admission.refusal
    : (await missingForStaff(context, id, admission))
      ? { status: 404, why: 'not-found' }
      : !admission.ok
        ? admission.refusal
        : journey
          ? undefined
          : { status: 404, why: 'not-found' };
  if (refusal) answerWith(context.response, refusal.status);
  return { id, access: admission.ok ? admission.access : undefined, journey, refusal, seesCosts: costsSeen };
}

/**
 * The prologue of pages for signed-in staff only. With `docId`, the staff member must also work
 * in that document's project (403 otherwise); with `admin`, administer some project (the admin
 * pages; 403 `admins-only` otherwise).
 */
export async function staffForPage(
  context: Pick<PageContext, 'cookies' | 'locals' | 'response'>,
  options: { docId?: string; admin?: boolean; action?: string } = {},
): Promise<{ staff: StaffIdentity | undefined; projectId?: string; refusal: Refusal | undefined }> {
  const staff = await staffMember(context);
  if (!staff) {
    answerWith(context.response, 401);
    return { staff, refusal: { status: 401, why: 'staff-only' } };
  }
  if (options.admin && !administersAny(staff)) {
    answerWith(context.response, 403);
    return { staff, refusal: { status: 403, why: 'admins-only' } };
  }
  if (options.docId === undefined) return { staff, refusal: undefined };
  if (await context.locals.services.store.families.isErased(options.docId)) {
    answerWith(context.response, 410);
    return { staff, refusal: { status: 410, why: 'erased' } };
  }
  const projectId = await context.locals.services.store.access.projectOf(options.docId);
  // A document that is not there is for the page to say (404, to staff), not another project's.
  if (projectId === undefined && !(await context.locals.services.store.has(options.docId)))
    return { staff, refusal: undefined };
  const allowed = projectId !== undefined && projectsOf(staff).has(projectId);
  if (options.action)
    await audit(context, {
      action: options.action,
      outcome: allowed ? 'ok' : 'refused',
      actor: actorOf({ staff }),
      docId: options.docId,
      ...(projectId === undefined ? {} : { projectId }),
    });
  if (allowed) return { staff, projectId, refusal: undefined };
  answerWith(context.response, 403);
  return { staff: undefined, refusal: { status: 403, why: 'other-project' } };
}

/** Whose view of a theory of change's exports: the team's (words included) or an evaluator's (pseudonymised). */
export type ExportAccess =
  | { ok: true; audience: 'team' }
  /** The evaluator's grant: their view is keyed for it. */
  | { ok: true; audience: 'evaluator'; grantId: string }
  | { ok: false; status: 401 | 403 | 404; reason: string };

/**
 * Who may pull a theory of change's exports: a signed-in staff member of its project (the team's
 * view), or a live evaluator token for this theory of change sent as
 * `Authorization: Bearer <token>` by an evaluator's tools, or as the HttpOnly cookie the
 * evaluator's page set when its link was opened (lib/evaluator-link.ts), for downloads from the
 * page. Never in the URL, where it would end up in logs and browser history. Every pull is audited.
 */
export async function tocExportAccess(
  context: Pick<RequestContext, 'cookies' | 'locals' | 'request'>,
  tocId: string,
  format: string,
): Promise<ExportAccess> {
  const { store } = context.locals.services;
  return exportAccess(context, format, {
    id: tocId,
    what: 'theory of change',
    action: 'toc.export',
    about: { docId: tocId },
    projectId: await store.access.projectOf(tocId),
    exists: () => store.has(tocId),
  });
}

/** What an export is of, for `exportAccess`: a theory of change, or a research cohort. */
interface ExportTarget {
  /** The id an evaluator grant names (its `docId`). */
  id: string;
  /** As people say it, in the reasons given: "theory of change", "cohort". */
  what: string;
  /** The audit action: `toc.export`, `cohort.export`. */
  action: string;
  /** Where the audit row names it: a document by `docId`, anything else (a cohort) as its `subject`. */
  about: { docId: string } | { subject: string };
  projectId: string | undefined;
  exists: () => Promise<boolean>;
}

async function exportAccess(
  context: Pick<RequestContext, 'cookies' | 'locals' | 'request'>,
  format: string,
  target: ExportTarget,
): Promise<ExportAccess> {
  const { store, secret } = context.locals.services;
  const { projectId, what } = target;
  const project = projectId === undefined ? {} : { projectId };
  const record = (outcome: 'ok' | 'refused', actor: string, detail: string) =>
    audit(context, { action: target.action, outcome, actor, ...target.about, ...project, detail });
  const staff = await staffMember(context);
  if (staff && projectId !== undefined && projectsOf(staff).has(projectId)) {
    await record('ok', actorOf({ staff }), `team:${format}`);
    return { ok: true, audience: 'team' };
  }
  const refuse = async (status: 401 | 403, reason: string, actor = actorOf({ staff })): Promise<ExportAccess> => {
    await record('refused', actor, reason.split(' ').slice(0, 4).join('-'));
    return { ok: false, status, reason };
  };
  const header =
    context.request.headers.get('authorization') ??
    evaluatorCookieHeader(context.request.headers.get('cookie') ?? undefined);
  if (staff && !header && !(await target.exists()))
    return { ok: false, status: 404, reason: `no ${what} "${target.id}"` };
  if (!header)
    return staff
      ? refuse(403, `this ${what} belongs to a project you do not work in`)
      : refuse(401, 'send an evaluator token as "Authorization: Bearer <token>"');
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) return refuse(401, 'the Authorization header must be "Bearer <token>"');
  const checked = await checkGrant(store.access, secret, token, 'evaluator');
  if (!checked.ok) {
    const actor = checked.grantId ? `grant:${checked.grantId}` : 'anonymous';
    if (checked.why === 'wrong-kind') return refuse(403, 'this API is for evaluator tokens', actor);
    const state = { expired: 'expired', revoked: 'revoked', used: 'revoked', broken: 'not valid' }[checked.why];
    return refuse(401, `the token is ${state}`, actor);
  }
  const actor = `grant:${checked.grant.id}`;
  if (checked.grant.docId !== target.id) return refuse(403, `the token is for another ${what}`, actor);
  await record('ok', actor, `evaluator:${format}`);
  return { ok: true, audience: 'evaluator', grantId: checked.grant.id };
}

/**
 * Who may pull a research cohort's figures (`/api/cohorts/<id>`), as for a theory of change: a
 * signed-in staff member of the cohort's project (the team's view), or a live evaluator token
 * whose grant names this cohort (the evaluator's view), by header or the evaluator page's cookie.
 * A cohort is no document: the audit rows name it as their subject, under its project.
 */
export function cohortExportAccess(
  context: Pick<RequestContext, 'cookies' | 'locals' | 'request'>,
  cohortId: string,
  cohort: CohortRecord | undefined,
  format: string,
): Promise<ExportAccess> {
  return exportAccess(context, format, {
    id: cohortId,
    what: 'cohort',
    action: 'cohort.export',
    about: { subject: cohortId },
    projectId: cohort?.projectId,
    exists: () => Promise.resolve(cohort !== undefined),
  });
}
