/**
 * POST /api/passkeys/signin/options: the challenge for signing in with a passkey, naming no
 * account (the person's device offers the passkeys it holds for this site).
 */
import type { APIRoute } from 'astro';
import { authenticationOptions } from '../../../../../server/auth/passkeys.ts';
import { bodyOf, keepChallenge, readBody, refuseUnlessFromUs, relyingPartyOf } from '../../../../lib/passkey-api.ts';

const Body = bodyOf({}, 'an empty JSON object');

export const POST: APIRoute = async (context) => {
  const elsewhere = refuseUnlessFromUs(context);
  if (elsewhere) return elsewhere;
  const read = await readBody(context.request, Body);
  if (!read.ok) return read.response;
  const options = await authenticationOptions(relyingPartyOf(context));
  await keepChallenge(context, options.challenge, { kind: 'signin' });
  return Response.json(options);
};
