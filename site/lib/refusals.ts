/**
 * Every refusal a person can meet on a page, in plain words: what happened and what to do next.
 * Pages show these with the site's header and a way back home (components/Refusal.astro) and
 * answer with the status given here.
 */

export type Refusal =
  | { status: 401; why: 'no-invite' | 'invite-expired' | 'invite-revoked' | 'invite-broken' | 'staff-only' }
  | {
      status: 403;
      why: 'invite-elsewhere' | 'other-project' | 'admins-only' | 'costs-hidden' | 'take-home-not-offered';
    }
  | { status: 404; why: 'not-found' }
  | { status: 410; why: 'erased' };

/** What the refused page is about, as people say it. */
export type Subject =
  | 'journey'
  | 'journey settings'
  | 'versions'
  | 'theory of change'
  | 'invites'
  | 'cost report'
  | 'staff and projects'
  | 'audit log'
  | 'family'
  | 'families'
  | 'research'
  | 'cohort';

export interface Wording {
  heading: string;
  paragraphs: string[];
}

const NEW_INVITE = 'Ask the facilitator who invited you for a new link.';

/**
 * An invite that has run out, said the same way by the page that refuses to open it and by the
 * live editor whose link runs out while it is open: the shortest plain words, for a parent who
 * reads little.
 */
export const LINK_RAN_OUT = {
  heading: 'This link has run out.',
  advice: 'Ask the person running the session for a new one.',
} as const;
/** An invite the facilitator stopped (revoked): said so by the page and by the live editor alike. */
export const LINK_STOPPED = {
  heading: 'This link has been stopped.',
  advice: 'Ask the person running the session for a new one.',
} as const;

const STAFF_TASKS: Record<Subject, { heading: string; what: string }> = {
  journey: { heading: 'Sign in to see this journey', what: 'This page' },
  'journey settings': { heading: 'Sign in to change this journey’s settings', what: 'A journey’s settings' },
  versions: { heading: 'Sign in to see this journey’s versions', what: 'A journey’s versions' },
  'theory of change': { heading: 'Sign in to see this theory of change', what: 'This page' },
  invites: { heading: 'Sign in to invite people', what: 'Making invite links' },
  'cost report': { heading: 'Sign in to see the cost report', what: 'The cost report' },
  'staff and projects': { heading: 'Sign in to manage staff and projects', what: 'This page' },
  'audit log': { heading: 'Sign in to read the audit log', what: 'The audit log' },
  family: { heading: 'Sign in to see this family', what: 'A family’s page' },
  families: { heading: 'Sign in to see the families', what: 'The list of families' },
  research: { heading: 'Sign in to work with research records', what: 'Research records' },
  cohort: { heading: 'Sign in to see this cohort', what: 'A cohort' },
};

export function wordingOf(refusal: Refusal, subject: Subject): Wording {
  switch (refusal.why) {
    case 'no-invite':
      return {
        heading: `You need an invite to see this ${subject}`,
        paragraphs: [
          `Families and others open a ${subject} with the invite link or QR code their facilitator made for them. Open that link again to come back.`,
          `Lost it? ${NEW_INVITE}`,
          'Staff: sign in (Sign in, at the top of the page), then open this page again.',
        ],
      };
    case 'invite-expired':
      return { heading: LINK_RAN_OUT.heading, paragraphs: [LINK_RAN_OUT.advice] };
    case 'invite-revoked':
      return { heading: LINK_STOPPED.heading, paragraphs: [LINK_STOPPED.advice] };
    case 'invite-broken':
      return {
        heading: 'This invite link does not work',
        paragraphs: [
          'Part of the link may be missing. If you copied it from a message, check that you copied all of it, or scan its QR code instead.',
          `Still not working? ${NEW_INVITE}`,
        ],
      };
    case 'invite-elsewhere':
      return {
        heading: `Your invite does not open this ${subject}`,
        paragraphs: [
          'Each invite opens one journey or one theory of change. Go back to the link you were given to open yours.',
          `To see this ${subject} too, ask the facilitator who invited you for a link to it.`,
        ],
      };
    case 'staff-only': {
      const task = STAFF_TASKS[subject];
      return {
        heading: task.heading,
        paragraphs: [
          `${task.what} is for staff who are signed in. Sign in with your passkey or password, then open this page again.`,
          'Were you signed in? Sessions end after 12 hours, when you sign out, and when an admin ends them.',
        ],
      };
    }
    case 'other-project':
      return {
        heading: `This ${subject} belongs to another project`,
        paragraphs: [
          `You can see the journeys and theories of change of the projects you work in. If you need this ${subject}, ask an admin of its project to add you to it.`,
        ],
      };
    case 'costs-hidden':
      return {
        heading: 'The costs of this journey are for staff',
        paragraphs: [
          'The team working with you has chosen not to show what this journey cost public services.',
          'You can still see and shape the journey itself. If you would like to see the costs, ask your facilitator.',
        ],
      };
    case 'take-home-not-offered':
      return {
        heading: 'This print is not ready for you yet',
        paragraphs: [
          'The team working with you chooses when a print of your story is ready to take home.',
          'You can still see your story on the map. If you would like a print, ask your facilitator.',
        ],
      };
    case 'admins-only':
      return {
        heading: 'Only admins can do this',
        paragraphs: ['Managing staff, projects and the audit log is for the admins of a project. Ask one of them.'],
      };
    case 'not-found':
      return {
        heading: `There is no ${subject} here`,
        paragraphs: [
          'It may have been removed, or the address may have a mistake in it. If you typed the address, check it. If you followed a link, ask whoever gave it to you.',
        ],
      };
    case 'erased':
      return {
        heading: `This ${subject} was erased`,
        paragraphs: [
          `The family asked for it to be erased, so it is gone for good. Nobody can open it again.`,
          'Any copy kept on this device has been deleted too.',
        ],
      };
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
};

/** Answer with this status, its reason phrase too (Astro would leave "OK" beside a 401). */
export function answerWith(
  response: { status?: number; statusText?: string },
  status: 400 | 401 | 403 | 404 | 410,
): void {
  response.status = status;
  response.statusText = STATUS_TEXT[status];
}
