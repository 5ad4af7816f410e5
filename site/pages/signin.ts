/** GET /signin?code=…: use a one-time sign-in link, then go home signed in. */
import type { APIRoute } from 'astro';
import { redeemSignin, SESSION_COOKIE, sessionCookieOptions } from '../../server/auth/session.ts';

export const GET: APIRoute = ({ url, cookies, locals, redirect }) => {
  const code = url.searchParams.get('code') ?? '';
  const { secret, store, config } = locals.services;
  const result = redeemSignin(secret, store, code);
  if (!result.ok) {
    const reason =
      result.reason === 'already-used'
        ? 'This sign-in link has been used already.'
        : 'This sign-in link is not valid, or has expired.';
    return new Response(`${reason} Restart the server for a new one, or ask whoever runs it.\n`, {
      status: 401,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  cookies.set(SESSION_COOKIE, result.session, sessionCookieOptions(config.publicUrl?.startsWith('https:') ?? false));
  return redirect('/', 303);
};
