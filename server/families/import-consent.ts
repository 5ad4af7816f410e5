/**
 * What `turning-points import` records about consent. A journey file may say what the family
 * agreed to, but a file is not a record anyone answers for: it is recorded only when a staff
 * member of the target project vouches for it (`--consent-recorded-by <email>`), audited as
 * recorded by them. Without one, the family gets mapping only, and the command says so.
 */
import type { StaffMember } from '../storage/access-records.ts';
import type { DocumentStore } from '../storage/document-store.ts';

/** A staff member of the project who records consent from the command line; or why they cannot. */
export async function staffWhoRecords(
  store: DocumentStore,
  email: string,
  projectId: string,
): Promise<{ ok: true; staff: StaffMember } | { ok: false; problem: string }> {
  const member = await store.access.findStaffByEmail(email.trim());
  if (!member) return { ok: false, problem: `there is no staff member with the email address "${email}"` };
  if (member.disabledAt) return { ok: false, problem: `${email}'s account is turned off` };
  const works = (await store.access.membershipsOf(member.id)).some((m) => m.projectId === projectId);
  if (!works) return { ok: false, problem: `${email} does not work in this project` };
  return { ok: true, staff: member };
}

/** Who vouches for an imported file's consent: `importJourney`'s options for the family it makes. */
export const importedBy = (projectId: string, vouchedBy: StaffMember | undefined) =>
  vouchedBy ? { projectId, by: `staff:${vouchedBy.id}`, vouched: true } : { projectId, by: 'cli' };

/** The line that says what consent an imported journey's new family has, and why. */
export async function importedConsent(
  store: DocumentStore,
  journeyId: string,
  vouchedBy: StaffMember | undefined,
): Promise<string> {
  const familyId = await store.families.familyOf(journeyId);
  const scopes = familyId ? (await store.families.consentHistory(familyId)).map((d) => d.scope) : [];
  return vouchedBy
    ? `family ${familyId}: consent from the file recorded by ${vouchedBy.email}: ${scopes.join(', ')}`
    : `family ${familyId}: mapping consent only; the file's consent was not recorded (to record it, import with --consent-recorded-by <staff email>, or record decisions on the family's page)`;
}
