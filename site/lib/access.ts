/** Who is asking, for pages and endpoints: a signed-in facilitator, or nobody. */
import type { AstroCookies } from 'astro';
import { readSession, SESSION_COOKIE } from '../../server/auth/session.ts';
import type { Claims } from '../../server/auth/tokens.ts';

export function facilitator(context: { cookies: AstroCookies; locals: App.Locals }): Claims | undefined {
  return readSession(context.locals.services.secret, context.cookies.get(SESSION_COOKIE)?.value);
}
