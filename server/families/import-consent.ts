/**
 * What `turning-points import` records about consent. A journey file may say what the family
 * agreed to, but a file is not a record anyone answers for: it is recorded only when a staff
 * member of the target project vouches for it (`--consent-recorded-by <email>`), audited as
 * recorded by them. Without one, the family gets mapping only, and the command says so.
 */
import type { Journey } from '../../src/model/index.ts';
import { fileFamily } from '../journey-library.ts';
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

/**
 * Give an imported journey its family (unless it has one), with the file's consent when `vouchedBy`
 * is set, else mapping only; the line that says which.
 */
export async function familyOfImport(
  store: DocumentStore,
  journey: Journey,
  projectId: string,
  vouchedBy: StaffMember | undefined,
): Promise<string> {
  if ((await store.families.familyOf(journey.id)) !== undefined) return 'its family and consent records are unchanged';
  const family = await fileFamily(
    store,
    journey,
    vouchedBy ? { projectId, by: `staff:${vouchedBy.id}`, vouched: true } : { projectId, by: 'cli' },
  );
  const scopes = (await store.families.consentHistory(family.id)).map((d) => d.scope);
  return vouchedBy
    ? `family ${family.id}: consent from the file recorded by ${vouchedBy.email}: ${scopes.join(', ')}`
    : `family ${family.id}: mapping consent only; the file's consent was not recorded (to record it, import with --consent-recorded-by <staff email>, or record decisions on the family's page)`;
}
