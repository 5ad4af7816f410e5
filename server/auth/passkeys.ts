/**
 * Passkeys (WebAuthn, through @simplewebauthn/server): staff register one while enrolling or
 * from their account page, and sign in with it without typing anything. Passkeys are
 * discoverable (the device offers the accounts it holds, so no email is asked for) and always
 * unlocked by the person (fingerprint, face or PIN): a passkey is the whole sign-in, not a
 * second step after a password.
 *
 * The relying party is this site as people reach it: PUBLIC_URL when set, otherwise the origin
 * the request arrived at. A passkey works only at the host it was made at, so staff who use
 * two addresses for one server need PUBLIC_URL.
 *
 * Every sign-in, refused or not, and every passkey added or removed is written to the audit log.
 */
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Config } from '../config.ts';
import { reachedAt } from '../http/forwarded.ts';
import type { AccessRecords, Passkey } from '../storage/access-records.ts';
import { completeEnrolment, type Completion, type Enrollee, type NewAccount } from './enrolling.ts';
import { CHALLENGE_SECONDS } from './passkey-challenges.ts';
import { startSession } from './staff-sessions.ts';

/** The longest name a person may give a passkey. */
export const PASSKEY_LABEL_MAX = 60;
/** What a passkey set up while enrolling is called until its owner adds others. */
const ENROLMENT_LABEL = 'Set up when you enrolled';

export interface RelyingParty {
  /** The host name passkeys are bound to. */
  id: string;
  /** Where the pages that ask for passkeys are: what the browser puts in what it signs. */
  origin: string;
}

export function relyingParty(
  config: Pick<Config, 'publicUrl' | 'trustProxy'>,
  headers: Headers,
  url: URL,
): RelyingParty {
  const origin = config.publicUrl
    ? new URL(config.publicUrl).origin
    : reachedAt(headers, url, config.trustProxy).origin;
  return { id: new URL(origin).hostname, origin };
}

/** The account a new passkey is for, as the person's device will show it. */
export interface PasskeyOwner {
  /** Unknown for the first admin, whose account is made when the passkey is. */
  staffId: string | undefined;
  email: string;
  name: string;
}

/** What the browser needs to make a passkey: discoverable, unlocked by the person, not one they have here already. */
export function registrationOptions(
  rp: RelyingParty,
  owner: PasskeyOwner,
  existing: readonly Passkey[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: 'Turning Points',
    rpID: rp.id,
    userName: owner.email,
    userDisplayName: owner.name,
    // The account's id, so enrolling again on one device replaces its passkey there rather than adding a second.
    ...(owner.staffId ? { userID: new TextEncoder().encode(owner.staffId) } : {}),
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({ id: k.id, transports: k.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    timeout: CHALLENGE_SECONDS * 1000,
  });
}

/** What the browser needs to ask for any passkey this site's staff hold: no account named. */
export function authenticationOptions(rp: RelyingParty): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: rp.id,
    userVerification: 'required',
    timeout: CHALLENGE_SECONDS * 1000,
  });
}

export type NewCredential = Pick<Passkey, 'id' | 'publicKey' | 'counter' | 'transports'>;

/** The credential the device made, if it answered this challenge for this site; undefined otherwise. */
export async function verifiedCredential(
  rp: RelyingParty,
  challenge: string,
  response: RegistrationResponseJSON,
): Promise<NewCredential | undefined> {
  try {
    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    if (!result.verified) return undefined;
    const { credential } = result.registrationInfo;
    return {
      id: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports ?? [],
    };
  } catch {
    // A malformed or forged answer: the library says why in words we do not log (they may echo input).
    return undefined;
  }
}

/** Record a new passkey for a staff member; false if that credential is registered already. */
export async function addPasskey(
  access: AccessRecords,
  staffId: string,
  credential: NewCredential,
  label: string,
): Promise<boolean> {
  if (await access.getPasskey(credential.id)) {
    await access.audit({
      action: 'passkey.add',
      outcome: 'refused',
      actor: `staff:${staffId}`,
      detail: 'registered-already',
    });
    return false;
  }
  await access.addPasskey({ ...credential, staffId, label, createdAt: new Date().toISOString() });
  await access.audit({ action: 'passkey.add', outcome: 'ok', actor: `staff:${staffId}`, subject: credential.id });
  return true;
}

/**
 * Remove one of a staff member's own passkeys, unless it is their only way to sign in (no
 * password, no other passkey): then they would need a recovery link to get back in.
 */
export async function removePasskey(
  access: AccessRecords,
  staffId: string,
  id: string,
): Promise<'removed' | 'not-found' | 'only-way-in'> {
  const theirs = await access.listPasskeys(staffId);
  if (!theirs.some((k) => k.id === id)) return 'not-found';
  if (theirs.length === 1 && !(await access.getPasswordHash(staffId))) {
    await access.audit({
      action: 'passkey.remove',
      outcome: 'refused',
      actor: `staff:${staffId}`,
      subject: id,
      detail: 'only-way-in',
    });
    return 'only-way-in';
  }
  await access.removePasskey(staffId, id);
  await access.audit({ action: 'passkey.remove', outcome: 'ok', actor: `staff:${staffId}`, subject: id });
  return 'removed';
}

export type PasskeyEnrolment = Completion | { ok: false; why: 'registered-already' };

/**
 * Complete an enrolment link with a passkey: the link is used up, the account made (the first
 * admin's) and the passkey recorded, in that order, or nothing if the link was used meanwhile.
 */
export async function enrolWithPasskey(
  access: AccessRecords,
  enrollee: Enrollee,
  account: NewAccount | undefined,
  credential: NewCredential,
): Promise<PasskeyEnrolment> {
  if (await access.getPasskey(credential.id)) return { ok: false, why: 'registered-already' };
  return completeEnrolment(access, enrollee, account, async (staffId) => {
    await addPasskey(access, staffId, credential, ENROLMENT_LABEL);
  });
}

export type PasskeySignin =
  | { ok: true; cookie: string; staffId: string }
  | { ok: false; why: 'no-challenge' | 'unknown-passkey' | 'not-verified' | 'disabled' };

/**
 * Sign in with the passkey that answered this challenge: it must be one registered here, its
 * signature good under the stored public key and its counter ahead of the stored one (a copied
 * authenticator shows itself by going back), and its owner's account enabled.
 */
export async function signInWithPasskey(
  access: AccessRecords,
  rp: RelyingParty,
  challenge: string | undefined,
  response: AuthenticationResponseJSON,
): Promise<PasskeySignin> {
  const refuse = async (why: Exclude<PasskeySignin, { ok: true }>['why'], actor = 'anonymous') => {
    await access.audit({ action: 'signin', outcome: 'refused', actor, detail: `passkey:${why}` });
    return { ok: false, why } as const;
  };
  if (challenge === undefined) return refuse('no-challenge');
  const passkey = await access.getPasskey(response.id);
  if (!passkey) return refuse('unknown-passkey');
  const actor = `staff:${passkey.staffId}`;
  let newCounter: number;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(passkey.publicKey),
        counter: passkey.counter,
        transports: passkey.transports,
      },
      requireUserVerification: true,
    });
    if (!result.verified) return refuse('not-verified', actor);
    newCounter = result.authenticationInfo.newCounter;
  } catch {
    return refuse('not-verified', actor);
  }
  const staff = await access.getStaff(passkey.staffId);
  if (!staff || staff.disabledAt) return refuse('disabled', actor);
  await access.usePasskey(passkey.id, newCounter);
  const { cookie, session } = await startSession(access, staff.id, 'passkey');
  await access.audit({ action: 'signin', outcome: 'ok', actor, subject: session.id, detail: 'passkey' });
  return { ok: true, cookie, staffId: staff.id };
}
