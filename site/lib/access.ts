/** Who is asking, for pages and endpoints: a signed-in facilitator, someone invited, or nobody. */
import type { AstroCookies } from 'astro';
import { readSession, roomToken, SESSION_COOKIE } from '../../server/auth/session.ts';
import { verifyToken, type Claims, type Role } from '../../server/auth/tokens.ts';
import { loadJourney } from '../../server/journey-library.ts';
import type { Journey } from '../../src/model/index.ts';
import { answerWith, type Refusal } from './refusals.ts';

interface RequestContext {
  cookies: AstroCookies;
  locals: App.Locals;
  url: URL;
}

/** The signed-in facilitator's session, unless it has expired or they signed out. */
export function facilitator(context: Pick<RequestContext, 'cookies' | 'locals'>): Promise<Claims | undefined> {
  const { secret, store } = context.locals.services;
  return readSession(secret, store, context.cookies.get(SESSION_COOKIE)?.value);
}

export interface DocumentAccess {
  role: Role;
  /** The invite token, when access comes from one (pages pass it on in their links). */
  invite?: string;
  signedIn: boolean;
  /** The signed-in facilitator's session (its grant id): room tokens minted for them carry it. */
  session?: string;
}

export type Admission = { ok: true; access: DocumentAccess } | { ok: false; refusal: Refusal };

/**
 * May this request see this document (a journey or a theory of change), and as whom; if not,
 * why not, for the page to say. Evaluators never see documents here: they pull exports
 * through the API.
 */
export async function admit(context: RequestContext, docId: string): Promise<Admission> {
  const session = await facilitator(context);
  if (session) return { ok: true, access: { role: 'facilitator', signedIn: true, session: session.jti } };
  const invite = context.url.searchParams.get('invite');
  if (!invite) return { ok: false, refusal: { status: 401, why: 'no-invite' } };
  const verified = verifyToken(context.locals.services.secret, invite, Math.floor(Date.now() / 1000));
  if (!verified.ok)
    return {
      ok: false,
      refusal: { status: 401, why: verified.reason === 'expired' ? 'invite-expired' : 'invite-broken' },
    };
  if (verified.claims.doc !== docId || verified.claims.role === 'evaluator')
    return { ok: false, refusal: { status: 403, why: 'invite-elsewhere' } };
  return { ok: true, access: { role: verified.claims.role, invite, signedIn: false } };
}

/**
 * The room token a page hands its live editor: the invite itself, or one minted for the
 * signed-in facilitator that ends with their session (server/SPEC.md AUTH8).
 */
export function pageRoomToken(secret: Buffer, docId: string, access: DocumentAccess): string {
  return access.invite ?? roomToken(secret, docId, access.role, 12, access.session);
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
export async function journeyForPage(context: PageContext): Promise<{
  id: string;
  access: DocumentAccess | undefined;
  journey: Journey | undefined;
  refusal: Refusal | undefined;
}> {
  const id = context.params.id ?? '';
  const admission = await admit(context, id);
  const journey = admission.ok ? (await loadJourney(context.locals.services.store, id))?.journey : undefined;
  const refusal: Refusal | undefined = !admission.ok
    ? admission.refusal
    : journey
      ? undefined
      : { status: 404, why: 'not-found' };
  if (refusal) answerWith(context.response, refusal.status);
  return { id, access: admission.ok ? admission.access : undefined, journey, refusal };
}

/** The prologue of pages for signed-in facilitators only (invites, the cost report). */
export async function facilitatorForPage(context: Pick<PageContext, 'cookies' | 'locals' | 'response'>): Promise<{
  session: Claims | undefined;
  refusal: Refusal | undefined;
}> {
  const session = await facilitator(context);
  if (session) return { session, refusal: undefined };
  answerWith(context.response, 401);
  return { session, refusal: { status: 401, why: 'facilitators-only' } };
}

/** Whose view of a theory of change's exports: the team's (words included) or an evaluator's (pseudonymised). */
export type ExportAudience = 'team' | 'evaluator';

export type ExportAccess = { ok: true; audience: ExportAudience } | { ok: false; status: 401 | 403; reason: string };

/**
 * Who may pull a theory of change's exports: a signed-in facilitator (the team's view), or an
 * evaluator token for this theory of change sent as `Authorization: Bearer <token>` (never in
 * the URL, where it would end up in logs and browser history).
 */
export async function tocExportAccess(
  context: Pick<RequestContext, 'cookies' | 'locals'> & { request: Request },
  tocId: string,
): Promise<ExportAccess> {
  if (await facilitator(context)) return { ok: true, audience: 'team' };
  const header = context.request.headers.get('authorization');
  if (!header) return { ok: false, status: 401, reason: 'send an evaluator token as "Authorization: Bearer <token>"' };
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (!token) return { ok: false, status: 401, reason: 'the Authorization header must be "Bearer <token>"' };
  const verified = verifyToken(context.locals.services.secret, token, Math.floor(Date.now() / 1000));
  if (!verified.ok)
    return {
      ok: false,
      status: 401,
      reason: `the token is ${verified.reason === 'expired' ? 'expired' : 'not valid'}`,
    };
  if (verified.claims.role !== 'evaluator')
    return { ok: false, status: 403, reason: 'this API is for evaluator tokens' };
  if (verified.claims.doc !== tocId)
    return { ok: false, status: 403, reason: 'the token is for another theory of change' };
  return { ok: true, audience: 'evaluator' };
}
