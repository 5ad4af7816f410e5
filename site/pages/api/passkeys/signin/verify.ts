/**
 * POST /api/passkeys/signin/verify: the device's answer to the sign-in challenge. A good one
 * from an enabled account starts a session (its cookie) and says where to go next.
 */
import type { APIRoute } from 'astro';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { signInWithPasskey, type PasskeySignin } from '../../../../../server/auth/passkeys.ts';
import {
  AuthenticationAnswer,
  bodyOf,
  challengeFor,
  readBody,
  refusal,
  refuseUnlessFromUs,
  relyingPartyOf,
  setSession,
  START_AGAIN,
  takeChallenge,
} from '../../../../lib/passkey-api.ts';

const Body = bodyOf({ response: AuthenticationAnswer }, 'the passkey’s answer as { "response": … }');

const REFUSALS: Record<Exclude<PasskeySignin, { ok: true }>['why'], [status: number, error: string]> = {
  'no-challenge': [400, START_AGAIN],
  'unknown-passkey': [
    401,
    'This passkey is not set up for an account here. It may have been removed. Sign in with your password, or ask an admin of your project for a recovery link.',
  ],
  'not-verified': [401, 'Your passkey’s answer could not be checked. Try again, or sign in with your password.'],
  disabled: [403, 'This account has been turned off. If you think that is a mistake, ask an admin of your project.'],
};

export const POST: APIRoute = async (context) => {
  const elsewhere = refuseUnlessFromUs(context);
  if (elsewhere) return elsewhere;
  const waiting = await takeChallenge(context);
  const read = await readBody(context.request, Body);
  if (!read.ok) return read.response;
  const result = await signInWithPasskey(
    context.locals.services.store.access,
    relyingPartyOf(context),
    challengeFor(waiting, 'signin')?.challenge,
    read.body.response as AuthenticationResponseJSON,
  );
  if (!result.ok) return refusal(...REFUSALS[result.why]);
  setSession(context, result.cookie);
  return Response.json({ next: '/' });
};
