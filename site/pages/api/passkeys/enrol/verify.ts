/**
 * POST /api/passkeys/enrol/verify: the device's answer to the enrolment challenge. A good one
 * uses the link up, makes the account (the first admin's), records the passkey, signs the
 * person in, forgets the link's cookie and sends them to their account page.
 */
import type { APIRoute } from 'astro';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { enrolWithPasskey, verifiedCredential } from '../../../../../server/auth/passkeys.ts';
import { startSession } from '../../../../../server/auth/staff-sessions.ts';
import { enrolleeOf, forgetEnrolment } from '../../../../lib/enrolment.ts';
import {
  bodyOf,
  challengeFor,
  EMAIL_TAKEN,
  LINK_GONE,
  readBody,
  RegistrationAnswer,
  refusal,
  refuseUnlessFromUs,
  relyingPartyOf,
  setSession,
  START_AGAIN,
  takeChallenge,
} from '../../../../lib/passkey-api.ts';

const Body = bodyOf({ response: RegistrationAnswer }, 'the new passkey as { "response": … }');

export const POST: APIRoute = async (context) => {
  const elsewhere = refuseUnlessFromUs(context);
  if (elsewhere) return elsewhere;
  const waiting = challengeFor(await takeChallenge(context), 'enrol');
  const read = await readBody(context.request, Body);
  if (!read.ok) return read.response;
  const found = await enrolleeOf(context);
  if (!found.ok) return refusal(401, LINK_GONE);
  if (!waiting || waiting.ceremony.grantId !== found.enrollee.grant.id) return refusal(400, START_AGAIN);
  const rp = relyingPartyOf(context);
  const credential = await verifiedCredential(rp, waiting.challenge, read.body.response as RegistrationResponseJSON);
  const { access } = context.locals.services.store;
  if (!credential) {
    const actor = `grant:${found.enrollee.grant.id}`;
    await access.audit({ action: 'passkey.add', outcome: 'refused', actor, detail: 'not-verified' });
    return refusal(400, 'Your device’s answer could not be checked. Try again, or choose a password instead.');
  }
  const done = await enrolWithPasskey(access, found.enrollee, waiting.ceremony.account, credential);
  if (!done.ok) {
    if (done.why === 'used') return refusal(401, LINK_GONE);
    if (done.why === 'registered-already')
      return refusal(
        400,
        'This passkey is set up for an account here already. Use another, or choose a password instead.',
      );
    return refusal(400, 'the request is not valid', [{ field: 'email', reason: EMAIL_TAKEN }]);
  }
  const { cookie, session } = await startSession(access, done.staffId, 'enrolment');
  await access.audit({
    action: 'signin',
    outcome: 'ok',
    actor: `staff:${done.staffId}`,
    subject: session.id,
    detail: 'enrolment:passkey',
  });
  setSession(context, cookie);
  return forgetEnrolment(Response.json({ next: '/account?enrolled' }));
};
