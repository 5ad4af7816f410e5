/**
 * Enrolment links: the only one-time links there are. One sets up a new staff account (or the
 * very first admin's, on a store with no admin) or lets a person back into theirs (recovery);
 * it dies when used, when it expires, or when a newer one for the same account is issued.
 */
import type { AccessRecords } from '../storage/access-records.ts';
import { issueGrant } from './grants.ts';

export const ENROLMENT_HOURS = 24;
export const ENROL_PATH = '/enrol';

/**
 * A new enrolment link for this account (or the first admin's, `staffId` undefined); earlier
 * links for the same account stop working.
 */
export async function enrolmentLink(
  access: AccessRecords,
  secret: Buffer,
  baseUrl: string,
  staffId: string | undefined,
  createdBy: string,
): Promise<{ link: string; grantId: string }> {
  for (const earlier of await access.listEnrolmentGrants(staffId)) await access.endGrant(earlier.id, 'replaced');
  const { token, grant } = await issueGrant(access, secret, {
    kind: 'enrolment',
    ...(staffId ? { staffId } : {}),
    hours: ENROLMENT_HOURS,
    createdBy,
  });
  return { link: `${baseUrl}${ENROL_PATH}?code=${token}`, grantId: grant.id };
}

/** On a store with no admin, the link that enrols the first one; otherwise nothing. */
export async function firstAdminLink(
  access: AccessRecords,
  secret: Buffer,
  baseUrl: string,
): Promise<string | undefined> {
  if (await access.hasAdmin()) return undefined;
  return (await enrolmentLink(access, secret, baseUrl, undefined, 'start-up')).link;
}
