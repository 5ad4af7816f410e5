/**
 * POST /api/passkeys/add/verify: the device's answer to the account page's challenge. A good
 * one, from the same session that asked, records the passkey under the name given.
 */
import type { APIRoute } from 'astro';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { addPasskey, verifiedCredential } from '../../../../../server/auth/passkeys.ts';
import { staffMember } from '../../../../lib/access.ts';
import {
  bodyOf,
  challengeFor,
  readBody,
  RegistrationAnswer,
  refusal,
  refuseUnlessFromUs,
  relyingPartyOf,
  START_AGAIN,
  takeChallenge,
} from '../../../../lib/passkey-api.ts';

const Body = bodyOf({ response: RegistrationAnswer }, 'the new passkey as { "response": … }');

export const POST: APIRoute = async (context) => {
  const elsewhere = refuseUnlessFromUs(context);
  if (elsewhere) return elsewhere;
  const waiting = challengeFor(await takeChallenge(context), 'add');
  const read = await readBody(context.request, Body);
  if (!read.ok) return read.response;
  const signedIn = await staffMember(context);
  if (!signedIn) return refusal(401, 'You are not signed in any more. Sign in again, then add your passkey.');
  if (!waiting || waiting.ceremony.sessionId !== signedIn.session.id) return refusal(400, START_AGAIN);
  const credential = await verifiedCredential(
    relyingPartyOf(context),
    waiting.challenge,
    read.body.response as RegistrationResponseJSON,
  );
  const { access } = context.locals.services.store;
  if (!credential) {
    await access.audit({
      action: 'passkey.add',
      outcome: 'refused',
      actor: `staff:${signedIn.staff.id}`,
      detail: 'not-verified',
    });
    return refusal(400, 'Your device’s answer could not be checked. Try again.');
  }
  const added = await addPasskey(access, signedIn.staff.id, credential, waiting.ceremony.label);
  if (!added) return refusal(400, 'This passkey is set up here already. Use another device or security key.');
  return Response.json({ next: '/account?passkey-added' });
};
