/** Who is asking, for pages and endpoints: a signed-in facilitator, someone invited, or nobody. */
import type { AstroCookies } from 'astro';
import { readSession, SESSION_COOKIE } from '../../server/auth/session.ts';
import { verifyToken, type Claims, type Role } from '../../server/auth/tokens.ts';
import { loadJourney } from '../../server/journey-library.ts';
import type { Journey } from '../../src/model/index.ts';

interface RequestContext {
  cookies: AstroCookies;
  locals: App.Locals;
  url: URL;
}

export function facilitator(context: Pick<RequestContext, 'cookies' | 'locals'>): Claims | undefined {
  return readSession(context.locals.services.secret, context.cookies.get(SESSION_COOKIE)?.value);
}

export interface DocumentAccess {
  role: Role;
  /** The invite token, when access comes from one (pages pass it on in their links). */
  invite?: string;
  signedIn: boolean;
}

/**
 * May this request see this document (a journey or a theory of change), and as whom? Evaluators
 * never see documents here: they pull exports through the API.
 */
export function documentAccess(context: RequestContext, docId: string): DocumentAccess | undefined {
  if (facilitator(context)) return { role: 'facilitator', signedIn: true };
  const invite = context.url.searchParams.get('invite');
  if (!invite) return undefined;
  const verified = verifyToken(context.locals.services.secret, invite, Math.floor(Date.now() / 1000));
  if (!verified.ok || verified.claims.doc !== docId || verified.claims.role === 'evaluator') return undefined;
  return { role: verified.claims.role, invite, signedIn: false };
}

/**
 * The prologue of every journey page: who is asking, and the journey if they may see it. Sets
 * the response status (401 without access, 404 without such a journey) for the page to explain.
 */
export function journeyForPage(
  context: RequestContext & { params: Record<string, string | undefined>; response: { status?: number } },
): { id: string; access: DocumentAccess | undefined; journey: Journey | undefined } {
  const id = context.params.id ?? '';
  const access = documentAccess(context, id);
  const journey = access ? loadJourney(context.locals.services.store, id)?.journey : undefined;
  if (!access) context.response.status = 401;
  else if (!journey) context.response.status = 404;
  return { id, access, journey };
}

/** Whose view of a theory of change's exports: the team's (words included) or an evaluator's (pseudonymised). */
export type ExportAudience = 'team' | 'evaluator';

export type ExportAccess = { ok: true; audience: ExportAudience } | { ok: false; status: 401 | 403; reason: string };

/**
 * Who may pull a theory of change's exports: a signed-in facilitator (the team's view), or an
 * evaluator token for this theory of change sent as `Authorization: Bearer <token>` (never in
 * the URL, where it would end up in logs and browser history).
 */
export function tocExportAccess(
  context: Pick<RequestContext, 'cookies' | 'locals'> & { request: Request },
  tocId: string,
): ExportAccess {
  if (facilitator(context)) return { ok: true, audience: 'team' };
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
