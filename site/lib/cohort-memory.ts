/**
 * The cost report remembers the journeys a person last chose, so a team's usual cohort is ticked
 * when they come back. It is kept in a cookie holding journey ids only (never a title or other
 * family text), sent back to the report's page alone (HttpOnly, SameSite=Strict, Path =
 * /reports/costs), for 180 days. The cookie is bound to the staff member who chose (an HMAC of
 * their id and the ids under a key derived from the server's secret), so someone else signing
 * in on the same browser starts with nothing ticked. Why a cookie and not a server record: the
 * server then keeps no trail of what each person looked at, and no schema step is needed for a
 * convenience; the price is that the choice stays on the device it was made on.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AstroCookies } from 'astro';
import { reachedAt } from '../../server/http/forwarded.ts';

export const COHORT_COOKIE = 'tp_cohort';
const COHORT_PATH = '/reports/costs';
const COHORT_SECONDS = 180 * 24 * 60 * 60;
/** Journey ids are 1–64 of these (model/ids.ts); anything else in the cookie is not ours. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

interface PageContext {
  cookies: AstroCookies;
  request: Request;
  url: URL;
  locals: App.Locals;
}

/** Its own key, so this seal can never be taken for a token signed with the secret itself. */
const sealOf = (secret: Buffer, staffId: string, ids: string) =>
  createHmac('sha256', createHmac('sha256', secret).update('turning-points cohort cookie').digest())
    .update(`${staffId}\n${ids}`)
    .digest('base64url');

/** Keep these journey ids as this staff member's last choice. */
export function rememberCohort(context: PageContext, staffId: string, journeyIds: readonly string[]): void {
  const ids = [...new Set(journeyIds)].filter((id) => ID.test(id)).join(',');
  if (!ids) return;
  const { secret, config } = context.locals.services;
  const secure =
    !!config.publicUrl?.startsWith('https:') ||
    reachedAt(context.request.headers, context.url, config.trustProxy).secure;
  context.cookies.set(COHORT_COOKIE, `${ids}.${sealOf(secret, staffId, ids)}`, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: COHORT_PATH,
    maxAge: COHORT_SECONDS,
  });
}

/** The journey ids this staff member chose last on this browser; none if the cookie is someone else's or altered. */
export function rememberedCohort(context: PageContext, staffId: string): string[] {
  const value = context.cookies.get(COHORT_COOKIE)?.value ?? '';
  const cut = value.lastIndexOf('.');
  if (cut <= 0) return [];
  const [ids, seal] = [value.slice(0, cut), Buffer.from(value.slice(cut + 1))];
  const expected = Buffer.from(sealOf(context.locals.services.secret, staffId, ids));
  if (seal.length !== expected.length || !timingSafeEqual(seal, expected)) return [];
  return ids.split(',').filter((id) => ID.test(id));
}

/** Forget the last choice on this browser. */
export function forgetCohort(context: PageContext): void {
  context.cookies.delete(COHORT_COOKIE, { path: COHORT_PATH });
}
