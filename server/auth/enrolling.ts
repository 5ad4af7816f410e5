/**
 * Completing an enrolment link: the person proves nothing yet but holds the link, so it sets up
 * the account's first way to sign in (a password here, or a passkey: passkeys.ts) and is used up
 * in the same step. The first admin's link also makes the account, as admin of the default
 * project. Exactly one completion wins: the grant ends once, atomically.
 */
import type { AccessRecords, GrantRecord, StaffMember } from '../storage/access-records.ts';
import { placeEveryDocument } from './projects.ts';
import { newId } from './tokens.ts';

export const ENROL_COOKIE = 'tp_enrol';

/** Who an enrolment link is for: an existing account, or (none) the first admin, still to be named. */
export type Enrollee = { grant: GrantRecord; member: StaffMember | undefined };

/** The account details the first admin types; others' accounts exist already. */
export interface NewAccount {
  name: string;
  email: string;
}

export type Completion = { ok: true; staffId: string } | { ok: false; why: 'used' | 'email-taken' };

/**
 * Use the link up and make sure the account exists; `setCredential` then gives it its way to
 * sign in. Nothing is written if the link was used meanwhile.
 */
export async function completeEnrolment(
  access: AccessRecords,
  enrollee: Enrollee,
  account: NewAccount | undefined,
  setCredential: (staffId: string) => Promise<void>,
): Promise<Completion> {
  const existing = enrollee.member?.id;
  if (!existing && (!account || (await access.findStaffByEmail(account.email))))
    return { ok: false, why: 'email-taken' };
  if (!(await access.endGrant(enrollee.grant.id, 'used'))) return { ok: false, why: 'used' };
  const staffId = existing ?? newId();
  if (!existing && account) {
    const added = await access.addStaff({ id: staffId, ...account, createdAt: new Date().toISOString() });
    if (!added) return { ok: false, why: 'email-taken' };
    const project = await placeEveryDocument(access);
    await access.setMembership(staffId, project.id, 'admin');
  }
  await setCredential(staffId);
  await access.audit({
    action: enrollee.member ? 'staff.enrol' : 'staff.enrol-first-admin',
    outcome: 'ok',
    actor: `staff:${staffId}`,
    subject: enrollee.grant.id,
  });
  return { ok: true, staffId };
}
