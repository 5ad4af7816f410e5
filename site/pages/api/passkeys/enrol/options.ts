/**
 * POST /api/passkeys/enrol/options: the challenge for setting up a passkey from an enrolment
 * link (its cookie). The first admin's link makes a new account, so its body carries the name
 * and email typed on the enrol page; they are checked now, before the device is asked, and
 * kept with the challenge. Other links are for an account that exists: an empty body.
 */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import type { NewAccount } from '../../../../../server/auth/enrolling.ts';
import { registrationOptions, type PasskeyOwner } from '../../../../../server/auth/passkeys.ts';
import { enrolleeOf } from '../../../../lib/enrolment.ts';
import { requiredText } from '../../../../lib/forms.ts';
import {
  bodyOf,
  EMAIL_TAKEN,
  keepChallenge,
  LINK_GONE,
  readBody,
  refusal,
  refuseUnlessFromUs,
  relyingPartyOf,
} from '../../../../lib/passkey-api.ts';

const FirstAdmin = bodyOf(
  {
    name: requiredText(200, 'enter your name, as colleagues know you'),
    email: z
      .string({ error: 'enter your email address, like name@example.org' })
      .trim()
      .max(254, 'at most 254 characters')
      .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'enter your email address, like name@example.org'),
  },
  'your name and email as { "name": …, "email": … }',
);
const Existing = bodyOf({}, 'an empty JSON object (the account exists already)');

export const POST: APIRoute = async (context) => {
  const elsewhere = refuseUnlessFromUs(context);
  if (elsewhere) return elsewhere;
  const found = await enrolleeOf(context);
  if (!found.ok) return refusal(401, LINK_GONE);
  const { access } = context.locals.services.store;
  const { member, grant } = found.enrollee;
  let account: NewAccount | undefined;
  let owner: PasskeyOwner;
  if (member) {
    const read = await readBody(context.request, Existing);
    if (!read.ok) return read.response;
    owner = { staffId: member.id, email: member.email, name: member.name };
  } else {
    const read = await readBody(context.request, FirstAdmin);
    if (!read.ok) return read.response;
    account = read.body;
    if (await access.findStaffByEmail(account.email))
      return refusal(400, 'the request is not valid', [{ field: 'email', reason: EMAIL_TAKEN }]);
    owner = { staffId: undefined, ...account };
  }
  const existing = member ? await access.listPasskeys(member.id) : [];
  const options = await registrationOptions(relyingPartyOf(context), owner, existing);
  await keepChallenge(context, options.challenge, { kind: 'enrol', grantId: grant.id, account });
  return Response.json(options);
};
