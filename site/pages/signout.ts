/** POST /signout: forget the session cookie. */
import type { APIRoute } from 'astro';
import { SESSION_COOKIE } from '../../server/auth/session.ts';

export const POST: APIRoute = ({ cookies, redirect }) => {
  cookies.delete(SESSION_COOKIE, { path: '/' });
  return redirect('/', 303);
};
