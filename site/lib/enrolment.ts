/**
 * The enrolment link's life in the browser, like an invite's (invite-exchange.ts): `/enrol?code=…`
 * becomes an HttpOnly cookie for the enrolment pages and a redirect to `/enrol`, so the code is
 * in no page address; the pages read the cookie to know whose account is being set up.
 *
 * The cookie is written as headers here rather than with `context.cookies`, which keeps one
 * cookie per name: the same name on two paths would leave only the last (and the enrol page
 * itself would never receive the code).
 */
import type { AstroCookies } from 'astro';
import { ENROL_COOKIE, type Enrollee } from '../../server/auth/enrolling.ts';
import { checkGrant, type GrantRefusal } from '../../server/auth/grants.ts';
import { reachedAt } from '../../server/http/forwarded.ts';

/** Where the enrolment cookie is sent: the page, and the passkey endpoints that register one during it. */
const ENROL_COOKIE_PATHS = ['/enrol', '/api/passkeys'];

interface Context {
  url: URL;
  request: Request;
  cookies: AstroCookies;
  locals: App.Locals;
}

/** One `Set-Cookie` header for the enrolment cookie on one path (expired: the cookie is forgotten). */
function enrolCookie(value: string, path: string, expires: Date, secure: boolean): string {
  return `${ENROL_COOKIE}=${value}; Path=${path}; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * A code in the address: exchanged for the cookie, answering with the redirect (303) to `/enrol`
 * without it; or undefined when there is no code that works to exchange.
 */
export async function exchangeEnrolmentCode(context: Context): Promise<Response | undefined> {
  const code = context.url.searchParams.get('code');
  if (code === null) return undefined;
  const { store, secret, config } = context.locals.services;
  const checked = await checkGrant(store.access, secret, code, 'enrolment');
  if (!checked.ok) return undefined;
  const secure =
    config.publicUrl?.startsWith('https:') || reachedAt(context.request.headers, context.url, config.trustProxy).secure;
  const redirect = new Response(null, { status: 303, headers: { Location: '/enrol' } });
  for (const path of ENROL_COOKIE_PATHS)
    redirect.headers.append('Set-Cookie', enrolCookie(code, path, new Date(checked.grant.expiresAt), secure));
  return redirect;
}

/** Whose enrolment this request carries (its code, or the cookie), or why it carries none that works. */
export async function enrolleeOf(
  context: Pick<Context, 'url' | 'cookies' | 'locals'>,
): Promise<{ ok: true; enrollee: Enrollee } | { ok: false; why: GrantRefusal | 'none' }> {
  const token = context.url.searchParams.get('code') ?? context.cookies.get(ENROL_COOKIE)?.value;
  if (!token) return { ok: false, why: 'none' };
  const { store, secret } = context.locals.services;
  const checked = await checkGrant(store.access, secret, token, 'enrolment');
  if (!checked.ok) return { ok: false, why: checked.why };
  const member = checked.grant.staffId ? await store.access.getStaff(checked.grant.staffId) : undefined;
  if (checked.grant.staffId && (!member || member.disabledAt)) return { ok: false, why: 'revoked' };
  return { ok: true, enrollee: { grant: checked.grant, member } };
}

/** Forget the enrolment cookie on every path it was set on, with this answer (the link is used up). */
export function forgetEnrolment(response: Response): Response {
  for (const path of ENROL_COOKIE_PATHS)
    response.headers.append('Set-Cookie', enrolCookie('', path, new Date(0), false));
  return response;
}
