/**
 * POST /api/passkeys/add/options: the challenge for a signed-in staff member to add a passkey
 * from their account page. The name they give it is checked now and kept with the challenge.
 */
import type { APIRoute } from 'astro';
import { PASSKEY_LABEL_MAX, registrationOptions } from '../../../../../server/auth/passkeys.ts';
import { staffMember } from '../../../../lib/access.ts';
import { requiredText } from '../../../../lib/forms.ts';
import {
  bodyOf,
  keepChallenge,
  readBody,
  refusal,
  refuseUnlessFromUs,
  relyingPartyOf,
} from '../../../../lib/passkey-api.ts';

const Body = bodyOf(
  { label: requiredText(PASSKEY_LABEL_MAX, 'give this passkey a name, like “work laptop”') },
  'the passkey’s name as { "label": … }',
);

export const POST: APIRoute = async (context) => {
  const elsewhere = refuseUnlessFromUs(context);
  if (elsewhere) return elsewhere;
  const signedIn = await staffMember(context);
  if (!signedIn) return refusal(401, 'You are not signed in any more. Sign in again, then add your passkey.');
  const read = await readBody(context.request, Body);
  if (!read.ok) return read.response;
  const { staff, session } = signedIn;
  const options = await registrationOptions(
    relyingPartyOf(context),
    { staffId: staff.id, email: staff.email, name: staff.name },
    await context.locals.services.store.access.listPasskeys(staff.id),
  );
  await keepChallenge(context, options.challenge, {
    kind: 'add',
    sessionId: session.id,
    staffId: staff.id,
    label: read.body.label,
  });
  return Response.json(options);
};
