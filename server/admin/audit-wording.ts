/**
 * The audit log in words an admin reads: each action the code writes (its `action` code), as
 * done and as refused, and the short machine-made details beside it (a reason, a role, a count).
 * The codes stay in the database, the CSV download and beside the words on the page, for
 * admins who need them; this is only how they read.
 *
 * Every action written anywhere in server/ and site/ has its words here
 * (test/unit/audit-wording.test.ts checks it); an action without them shows its code.
 */
import type { AuditRow } from '../storage/access-records.ts';

interface ActionWords {
  ok: string;
  refused: string;
}

/** What happened, by action code: as done, and as refused (a reason may follow after a colon). */
export const ACTION_WORDS: Readonly<Record<string, ActionWords>> = {
  'journey.view': { ok: 'Opened a journey', refused: 'Opening a journey refused' },
  'toc.view': { ok: 'Opened a theory of change', refused: 'Opening a theory of change refused' },
  'toc.sources': { ok: 'Read a theory of change’s sources', refused: 'Reading sources refused' },
  'toc.export': { ok: 'Downloaded a theory of change', refused: 'Download refused' },
  'costs.export': { ok: 'Downloaded the cost report', refused: 'Cost report refused' },
  'room.join': { ok: 'Joined the live map', refused: 'Joining the live map refused' },
  'room.leave': { ok: 'Left the live map', refused: 'Leaving the live map refused' },
  'invites.view': { ok: 'Opened the invite page', refused: 'Invite page refused' },
  'invite.issue': { ok: 'Made an invite', refused: 'Making an invite refused' },
  'invite.open': { ok: 'Opened an invite link', refused: 'Invite link refused' },
  'invite.revoke': { ok: 'Revoked an invite', refused: 'Revoking refused' },
  'evaluator-token.issue': { ok: 'Made an evaluator token', refused: 'Making an evaluator token refused' },
  'evaluator-token.revoke': { ok: 'Revoked an evaluator token', refused: 'Revoking refused' },
  'evaluator.view': { ok: 'Opened the evaluator’s page', refused: 'Evaluator’s page refused' },
  signin: { ok: 'Signed in', refused: 'Sign-in refused' },
  signout: { ok: 'Signed out', refused: 'Signing out refused' },
  'signout.others': { ok: 'Signed out on their other devices', refused: 'Signing out refused' },
  'password.change': { ok: 'Changed their password', refused: 'Password change refused' },
  'passkey.add': { ok: 'Added a passkey', refused: 'Adding a passkey refused' },
  'passkey.remove': { ok: 'Removed a passkey', refused: 'Removing a passkey refused' },
  'staff.enrol': { ok: 'Set up their account', refused: 'Setting up an account refused' },
  'staff.enrol-first-admin': { ok: 'Set up the first admin account', refused: 'Setting up an account refused' },
  'staff.add': { ok: 'Added a member of staff', refused: 'Adding staff refused' },
  'staff.role': { ok: 'Changed a role', refused: 'Changing a role refused' },
  'staff.remove': { ok: 'Took someone off a project', refused: 'Taking someone off refused' },
  'staff.disable': { ok: 'Turned off an account', refused: 'Turning off an account refused' },
  'staff.enable': { ok: 'Turned on an account', refused: 'Turning on an account refused' },
  'staff.end-sessions': { ok: 'Signed someone out everywhere', refused: 'Signing someone out refused' },
  'staff.recovery-link': { ok: 'Made a recovery link', refused: 'Making a recovery link refused' },
  'project.add': { ok: 'Created a project', refused: 'Creating a project refused' },
  'project.rename': { ok: 'Renamed a project', refused: 'Renaming a project refused' },
  'project.settings': { ok: 'Changed a project’s settings', refused: 'Changing settings refused' },
  'audit.view': { ok: 'Read the audit log', refused: 'Reading the audit log refused' },
  'audit.export': { ok: 'Downloaded the audit log', refused: 'Downloading the audit log refused' },
  'audit.prune': { ok: 'Deleted old audit rows', refused: 'Deleting old audit rows refused' },
  'audit.checkpoint': { ok: 'Checkpoint: older rows deleted', refused: 'Checkpoint refused' },
  'family.create': { ok: 'Added a family', refused: 'Adding a family refused' },
  'consent.record': { ok: 'Recorded a consent decision', refused: 'Recording consent refused' },
  'families.list': { ok: 'Opened the list of families', refused: 'Opening the list of families refused' },
  'family.view': { ok: 'Opened a family’s page', refused: 'Opening a family’s page refused' },
  'family.change': { ok: 'Sent a form on a family’s page', refused: 'Changing a family refused' },
  'family.rename': { ok: 'Renamed a family', refused: 'Renaming a family refused' },
  'family.profile-view': { ok: 'Opened a family’s issue profile', refused: 'Opening an issue profile refused' },
  'family.profile-change': { ok: 'Sent a form on an issue profile', refused: 'Changing an issue profile refused' },
  'family.profile-recorded': { ok: 'Recorded a family’s issue profile', refused: 'Recording a profile refused' },
  'family.profile-removed': { ok: 'Removed a family’s issue profile', refused: 'Removing a profile refused' },
  'profiles.import': { ok: 'Imported issue profiles', refused: 'Importing issue profiles refused' },
  'family.outcomes-view': { ok: 'Opened a family’s outcomes', refused: 'Opening a family’s outcomes refused' },
  'family.outcomes-change': {
    ok: 'Sent a form on a family’s outcomes',
    refused: 'Changing a family’s outcomes refused',
  },
  'family.assessment-recorded': { ok: 'Recorded a family’s assessment', refused: 'Recording an assessment refused' },
  'family.assessment-removed': { ok: 'Removed a family’s assessment', refused: 'Removing an assessment refused' },
  'research.indicators-saved': {
    ok: 'Saved a new version of a project’s indicators',
    refused: 'Saving indicators refused',
  },
  'assessments.import': { ok: 'Imported assessments', refused: 'Importing assessments refused' },
  'research.issues-saved': {
    ok: 'Saved a new version of a project’s issue set',
    refused: 'Saving the issue set refused',
  },
  'research.qdpx-export': {
    ok: 'Exported journeys for qualitative analysis (.qdpx)',
    refused: 'Exporting journeys for analysis refused',
  },
  'research.synthetic-removed': {
    ok: 'Removed the synthetic demonstration families',
    refused: 'Removing synthetic families refused',
  },
  'cohorts.list': { ok: 'Opened the list of cohorts', refused: 'Opening the cohorts refused' },
  'cohort.view': { ok: 'Opened a cohort', refused: 'Opening a cohort refused' },
  'cohort.change': { ok: 'Sent a form on a cohort', refused: 'Changing a cohort refused' },
  'cohort.make': { ok: 'Made a cohort', refused: 'Making a cohort refused' },
  'cohort.remove': { ok: 'Removed a cohort', refused: 'Removing a cohort refused' },
  'cohort.typing-run': { ok: 'Found family types in a cohort', refused: 'Finding family types refused' },
  'cohort.type-labelled': { ok: 'Labelled a family type', refused: 'Labelling a family type refused' },
  'cohort.export': { ok: 'Downloaded a cohort’s figures', refused: 'Cohort download refused' },
  'cohort.evaluators': { ok: 'Opened a cohort’s evaluators page', refused: 'Cohort evaluators page refused' },
  'evaluator.cohort-view': {
    ok: 'Opened the evaluator’s page of a cohort',
    refused: 'Evaluator’s cohort page refused',
  },
  'journey.settings': { ok: 'Opened a journey’s settings', refused: 'Journey settings refused' },
  'journey.rename': { ok: 'Renamed a journey', refused: 'Renaming a journey refused' },
  'journey.archive': { ok: 'Archived a journey', refused: 'Archiving a journey refused' },
  'journey.unarchive': { ok: 'Brought back an archived journey', refused: 'Bringing back a journey refused' },
  'journey.costs-shown': { ok: 'Let participants see a journey’s costs', refused: 'Showing costs refused' },
  'journey.costs-hidden': { ok: 'Hid a journey’s costs from participants', refused: 'Hiding costs refused' },
  'journey.take-home-offered': {
    ok: 'Let a family download their take-home print',
    refused: 'Offering the print refused',
  },
  'journey.take-home-withdrawn': {
    ok: 'Took a family’s take-home print back',
    refused: 'Withdrawing the print refused',
  },
  'journey.stage-erased': {
    ok: 'Deleted a stage for good at the family’s request',
    refused: 'Deleting a stage refused',
  },
  'journey.sensitive': { ok: 'Asked to mark part of a journey as sensitive', refused: 'Marking as sensitive refused' },
  'journey.sensitive-marked': { ok: 'Marked part of a journey as sensitive', refused: 'Marking as sensitive refused' },
  'journey.sensitive-unmarked': { ok: 'Took a sensitive mark off', refused: 'Taking a mark off refused' },
  'journey.versions': { ok: 'Opened a journey’s versions', refused: 'Opening versions refused' },
  'journey.version': { ok: 'Kept a version of a journey', refused: 'Keeping a version refused' },
  'journey.restore': { ok: 'Restored a version of a journey', refused: 'Restoring a version refused' },
  'journey.export': { ok: 'Downloaded a journey’s map or take-home print', refused: 'Download refused' },
  'family.erase-page': { ok: 'Opened a family’s erase page', refused: 'Opening the erase page refused' },
  'family.erase': { ok: 'Erased a family', refused: 'Erasing a family refused' },
  'family.export': { ok: 'Read everything held about a family', refused: 'Reading what is held refused' },
  'ids.move': { ok: 'Moved documents to ids without words', refused: 'Moving documents refused' },
  'document.moved': { ok: 'Followed an old address to its new one', refused: 'Following an old address refused' },
  'document.moved-base': {
    ok: 'Carried a device’s unsaved changes to a moved document',
    refused: 'Carrying changes to a moved document refused',
  },
};

/** Details that are one code, in words: reasons for a refusal, roles, ways of signing in, pages. */
const DETAIL_WORDS: Readonly<Record<string, string>> = {
  'no-analysis': 'no family chosen has agreed to analysis',
  'this-cohort-belongs-to': 'not in their projects',
  // Reasons a page, a room or an invite link refused someone.
  'no-invite': 'not signed in, and no invite',
  'staff-only': 'not signed in',
  'other-project': 'not in their projects',
  'costs-hidden': 'costs are for staff only on this journey',
  'invite-elsewhere': 'the invite is for something else',
  'invite-expired': 'the invite had run out',
  'invite-revoked': 'the invite was revoked',
  'invite-broken': 'not a working invite',
  expired: 'the link had run out',
  revoked: 'the link was revoked',
  used: 'the link was used already',
  broken: 'not a working link',
  'wrong-kind': 'not an invite link',
  origin: 'from another website',
  'not-this-document': 'not one of this page’s invites',
  // Reasons an admin's change, or a person's own, was refused.
  'not-admin': 'not an admin of the project',
  'last-admin': 'it would leave the project with no admin',
  'wrong-current': 'current password wrong',
  'not-verified': 'the device’s answer could not be checked',
  'registered-already': 'that passkey is set up already',
  'only-way-in': 'it is their only way to sign in',
  // Reasons a sign-in was refused.
  'password:wrong': 'wrong password',
  'password:unknown-account': 'no account with that email address',
  'password:throttled': 'too many tries',
  'password:disabled': 'the account is turned off',
  'passkey:no-challenge': 'it took too long',
  'passkey:unknown-passkey': 'a passkey not known here',
  'passkey:not-verified': 'the passkey’s answer could not be checked',
  'passkey:disabled': 'the account is turned off',
  // Reasons an export was refused (the first words of what the caller was told).
  'this-theory-of-change-belongs': 'not in their projects',
  'send-an-evaluator-token': 'no token sent',
  'the-Authorization-header-must': 'the token was not sent as "Bearer <token>"',
  'this-API-is-for': 'not an evaluator token',
  'the-token-is-expired': 'the token had run out',
  'the-token-is-revoked': 'the token was revoked',
  'the-token-is-not': 'not a working token',
  'the-token-is-for': 'the token is for another theory of change or cohort',
  'too-few-families': 'too few families agreed to analysis for an evaluator',
  // Reasons the evaluator's page refused someone.
  'no-token': 'no evaluator link opened',
  elsewhere: 'the link is for another theory of change',
  // Ways of signing in.
  password: 'with a password',
  passkey: 'with a passkey',
  enrolment: 'on setting up their account',
  'enrolment:passkey': 'on setting up their account, with a passkey',
  // Which page of a document.
  map: 'the map',
  list: 'the list view',
  costs: 'the costs page',
  canvas: 'the canvas',
  'server-stopping': 'the server stopped',
  // Why an erasure stopped part-way, and what was refused once a document was erased.
  rooms: 'closing the live maps failed',
  'theories-of-change': 'updating theories of change failed',
  storage: 'deleting the records failed',
  erased: 'it was erased',
  changed: 'changed',
  set: 'set a first password',
};

const plural = (count: string, one: string, many: string) => `${count} ${count === '1' ? one : many}`;

/** Details of the form `key:value`, by key. */
const KEYED_WORDS: Readonly<Record<string, (value: string) => string>> = {
  sessions: (n) => plural(n, 'session ended', 'sessions ended'),
  documents: (n) => plural(n, 'journey erased', 'journeys erased'),
  ended: (n) => plural(n, 'other session ended', 'other sessions ended'),
  team: (format) => `${format.toUpperCase()}, the team’s view`,
  evaluator: (format) => `${format.toUpperCase()}, the evaluator’s view`,
  scopes: (ids) => (ids === 'none' ? 'no consent scopes' : `consent scopes ${ids.replaceAll('+', ', ')}`),
  months: (n) => `records kept ${plural(n, 'month', 'months')}`,
  before: (n) => `older rows, before row ${n}`,
  days: (n) => `older than ${plural(n, 'day', 'days')}`,
  deleted: (n) => plural(n, 'row deleted', 'rows deleted'),
  'deleted-through': (rest) => `rows up to ${rest.split(':')[0]} deleted`,
  // The enrolment link's record: its id says nothing to a reader (it is in the CSV).
  grant: () => '',
  journeys: (n) => plural(n, 'journey', 'journeys'),
  cohort: () => 'for a research cohort',
  families: (n) => plural(n, 'family', 'families'),
};

const ROLE_WORDS: Readonly<Record<string, string>> = {
  admin: 'admin',
  facilitator: 'facilitator',
  participant: 'participant',
  viewer: 'viewer',
  evaluator: 'evaluator',
};

/** One part of a detail in words, or the part as written when it has none. */
function partWords(part: string): string {
  const known = DETAIL_WORDS[part] ?? ROLE_WORDS[part];
  if (known !== undefined) return known;
  const colon = part.indexOf(':');
  const keyed = colon > 0 ? KEYED_WORDS[part.slice(0, colon)] : undefined;
  if (keyed) return keyed(part.slice(colon + 1));
  // `facilitator:existing-account`: a role given to someone who had an account already.
  const [role, rest] = part.split(':');
  if (role && ROLE_WORDS[role] && rest === 'existing-account') return `${role}, with the account they had`;
  return part;
}

/** A row's detail in words: its parts (`;`-separated) each said, empty ones left out. */
export function detailWords(detail: string | undefined): string {
  if (!detail) return '';
  const whole = DETAIL_WORDS[detail];
  if (whole !== undefined) return whole;
  return detail
    .split(';')
    .map(partWords)
    .filter((words) => words !== '')
    .join('; ');
}

/** What happened, in words: the action, and for a refusal why (its detail), as "Sign-in refused: wrong password". */
export function whatHappened(row: Pick<AuditRow, 'action' | 'outcome' | 'detail'>): string {
  const words = ACTION_WORDS[row.action];
  if (!words) return row.outcome === 'ok' ? row.action : `${row.action} (${row.outcome})`;
  if (row.outcome === 'ok') return words.ok;
  const why = detailWords(row.detail);
  const refused = row.outcome === 'failed' ? `${words.ok}: failed` : words.refused;
  return why ? `${refused}: ${why}` : refused;
}

/** The detail shown beside what happened: for a refusal it is already said as the reason. */
export const shownDetail = (row: Pick<AuditRow, 'outcome' | 'detail'>): string =>
  row.outcome === 'ok' ? detailWords(row.detail) : '';

const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});

/** When, in the UK way and in UTC, as the day ("4 Dec 2026") and the time ("17:24:22"). */
export function whenWords(at: string): { day: string; time: string } {
  const date = new Date(at);
  return { day: DAY.format(date), time: TIME.format(date) };
}
