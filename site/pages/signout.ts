/**
 * POST /signout: end the session on the server (its cookie value, and the room tokens pages
 * minted for it, stop working: server/SPEC.md AUTH8), forget the cookie, and go home saying so.
 */
import type { APIRoute } from 'astro';
import { SESSION_COOKIE, signOut } from '../../server/auth/session.ts';

export const POST: APIRoute = async ({ cookies, locals, redirect }) => {
  const { secret, store, grantEnds } = locals.services;
  await signOut(secret, store, grantEnds, cookies.get(SESSION_COOKIE)?.value);
  cookies.delete(SESSION_COOKIE, { path: '/' });
  return redirect('/?signed-out', 303);
};
