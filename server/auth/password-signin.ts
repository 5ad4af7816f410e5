/**
 * Signing in with an email address and a password: throttled per account and per address, the
 * same answer (and about the same time) for an unknown email as for a wrong password, and every
 * try written to the audit log without the email typed (an unknown one could be anything).
 */
import type { Services } from '../services.ts';
import { NO_ACCOUNT_HASH, passwordMatches } from './passwords.ts';
import { startSession } from './staff-sessions.ts';

export type PasswordSignin =
  | { ok: true; cookie: string; staffId: string }
  | { ok: false; why: 'no-match' }
  /** The right password for an account an admin turned off: only then is it said, so a guesser learns nothing. */
  | { ok: false; why: 'disabled' }
  | { ok: false; why: 'throttled'; minutes: number };

export async function signInWithPassword(
  services: Pick<Services, 'store' | 'signinThrottle'>,
  email: string,
  password: string,
  address: string,
): Promise<PasswordSignin> {
  const { access } = services.store;
  const throttle = services.signinThrottle;
  const minutes = await throttle.waitMinutes(email, address);
  const member = await access.findStaffByEmail(email);
  const actor = member ? `staff:${member.id}` : 'anonymous';
  if (minutes > 0) {
    await access.audit({ action: 'signin', outcome: 'refused', actor, detail: 'password:throttled' });
    return { ok: false, why: 'throttled', minutes };
  }
  const stored = member ? await access.getPasswordHash(member.id) : undefined;
  const matches = await passwordMatches(password, stored ?? NO_ACCOUNT_HASH);
  if (!member || !stored || !matches) {
    await throttle.failed(email, address);
    const detail = !member ? 'password:unknown-account' : 'password:wrong';
    await access.audit({ action: 'signin', outcome: 'refused', actor, detail });
    return { ok: false, why: 'no-match' };
  }
  if (member.disabledAt) {
    await access.audit({ action: 'signin', outcome: 'refused', actor, detail: 'password:disabled' });
    return { ok: false, why: 'disabled' };
  }
  await throttle.succeeded(email);
  const { cookie, session } = await startSession(access, member.id, 'password');
  await access.audit({ action: 'signin', outcome: 'ok', actor, subject: session.id, detail: 'password' });
  return { ok: true, cookie, staffId: member.id };
}
