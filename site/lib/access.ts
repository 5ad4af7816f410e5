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

export interface JourneyAccess {
  role: Role;
  /** The invite token, when access comes from one (pages pass it on in their links). */
  invite?: string;
  signedIn: boolean;
}

/** May this request see this journey, and as whom? Evaluators never see journeys here. */
export function journeyAccess(context: RequestContext, journeyId: string): JourneyAccess | undefined {
  if (facilitator(context)) return { role: 'facilitator', signedIn: true };
  const invite = context.url.searchParams.get('invite');
  if (!invite) return undefined;
  const verified = verifyToken(context.locals.services.secret, invite, Math.floor(Date.now() / 1000));
  if (!verified.ok || verified.claims.doc !== journeyId || verified.claims.role === 'evaluator') return undefined;
  return { role: verified.claims.role, invite, signedIn: false };
}

/**
 * The prologue of every journey page: who is asking, and the journey if they may see it. Sets
 * the response status (401 without access, 404 without such a journey) for the page to explain.
 */
export function journeyForPage(
  context: RequestContext & { params: Record<string, string | undefined>; response: { status?: number } },
): { id: string; access: JourneyAccess | undefined; journey: Journey | undefined } {
  const id = context.params.id ?? '';
  const access = journeyAccess(context, id);
  const journey = access ? loadJourney(context.locals.services.store, id)?.journey : undefined;
  if (!access) context.response.status = 401;
  else if (!journey) context.response.status = 404;
  return { id, access, journey };
}
