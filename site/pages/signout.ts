/**
 * POST /signout: end the session on the server (its cookie signs nobody in again, and the rooms
 * it opened close: server/SPEC.md AUTH8), forget the cookie, and go home saying so.
 */
import type { APIRoute } from 'astro';
import { endSessions, SESSION_COOKIE } from '../../server/auth/staff-sessions.ts';
import { audit, staffMember } from '../lib/access.ts';

export const POST: APIRoute = async (context) => {
  const { store, grantEnds } = context.locals.services;
  const signedIn = await staffMember(context);
  if (signedIn) {
    await endSessions(store.access, grantEnds, { sessionId: signedIn.session.id }, 'signed-out');
    await audit(context, {
      action: 'signout',
      outcome: 'ok',
      actor: `staff:${signedIn.staff.id}`,
      subject: signedIn.session.id,
    });
  }
  context.cookies.delete(SESSION_COOKIE, { path: '/' });
  return context.redirect('/?signed-out', 303);
};
