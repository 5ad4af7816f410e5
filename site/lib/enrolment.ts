/**
 * The enrolment link's life in the browser, like an invite's (invite-exchange.ts): `/enrol?code=…`
 * becomes an HttpOnly cookie for the enrolment pages and a redirect to `/enrol`, so the code is
 * in no page address; the pages read the cookie to know whose account is being set up.
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

/** The address without the code, after setting the cookie; or undefined when there is no code to exchange. */
export async function exchangeEnrolmentCode(context: Context): Promise<string | undefined> {
  const code = context.url.searchParams.get('code');
  if (code === null) return undefined;
  const { store, secret, config } = context.locals.services;
  const checked = await checkGrant(store.access, secret, code, 'enrolment');
  if (!checked.ok) return undefined;
  const secure =
    config.publicUrl?.startsWith('https:') || reachedAt(context.request.headers, context.url, config.trustProxy).secure;
  for (const path of ENROL_COOKIE_PATHS)
    context.cookies.set(ENROL_COOKIE, code, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path,
      expires: new Date(checked.grant.expiresAt),
    });
  return '/enrol';
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

export function forgetEnrolment(cookies: AstroCookies): void {
  for (const path of ENROL_COOKIE_PATHS) cookies.delete(ENROL_COOKIE, { path });
}
