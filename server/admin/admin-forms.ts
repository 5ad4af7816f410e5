/**
 * The admin page's forms: which operation each one runs, with the fields it posts. Kept beside
 * the operations so the page itself only shows forms and results.
 */
import type { AdminContext } from './admin-actor.ts';
import type { Outcome } from './outcome.ts';
import { addProject, changeSettings, renameProject } from './project-admin.ts';
import {
  addStaff,
  changeRole,
  disableStaff,
  enableStaff,
  endStaffSessions,
  mayDisable,
  recoveryLink,
  removeFromProject,
} from './staff-admin.ts';

const OPERATIONS = {
  'add-staff': addStaff,
  role: changeRole,
  remove: removeFromProject,
  disable: disableStaff,
  enable: enableStaff,
  'end-sessions': endStaffSessions,
  'recovery-link': recoveryLink,
  'add-project': addProject,
  'rename-project': renameProject,
  settings: changeSettings,
} as const satisfies Record<string, (context: AdminContext, input: unknown) => Promise<Outcome<unknown>>>;

export type AdminFormName = keyof typeof OPERATIONS;

/** The fields each form posts (besides `form`), read as text. */
const FIELDS: Record<AdminFormName, readonly string[]> = {
  'add-staff': ['project', 'name', 'email', 'role'],
  role: ['project', 'staff', 'role'],
  remove: ['project', 'staff'],
  disable: ['project', 'staff', 'confirm'],
  enable: ['project', 'staff'],
  'end-sessions': ['project', 'staff'],
  'recovery-link': ['project', 'staff'],
  'add-project': ['name'],
  'rename-project': ['project', 'name'],
  settings: ['project', 'consentScopes', 'retentionMonths'],
};

/**
 * What the page says after a change that shows nothing more (its `?done=` message). After one
 * that made a link, the link is shown once above this; a reload shows only this.
 */
const DONE_MESSAGES: Record<AdminFormName | 'enrolment-link', string> = {
  'add-staff': 'Added to the project. They sign in with the account they have already.',
  'enrolment-link':
    'Added to the project. Their enrolment link was shown once, when it was made. If it was not passed on, make them a recovery link.',
  role: 'Role changed.',
  remove: 'Taken off the project. Their open maps of its journeys close within a minute.',
  disable: 'Account turned off. They are signed out everywhere, and their open maps have closed.',
  enable: 'Account turned on. They can sign in again.',
  'end-sessions': 'Signed out everywhere. Their open maps have closed.',
  'recovery-link':
    'Recovery link made. It was shown once, when it was made. If it was not passed on, make a new one: the old one then stops working.',
  'add-project': 'Project created. You are its admin.',
  'rename-project': 'Project renamed.',
  settings: 'Settings saved.',
};

/** The `?done=` a change goes back to the page with: which link it made, if it made one. */
export const doneAfter = (name: AdminFormName, madeLink: boolean): string =>
  madeLink && name === 'add-staff' ? 'enrolment-link' : name;

export const doneMessage = (done: string): string | undefined =>
  Object.hasOwn(DONE_MESSAGES, done) ? DONE_MESSAGES[done as keyof typeof DONE_MESSAGES] : undefined;

/**
 * Whether this post only asks first: turning off an account acts on the second post, the one
 * with `confirm=yes` from the question the page shows; the first is only checked.
 */
export const asksFirst = (name: AdminFormName, values: Record<string, string>): boolean =>
  name === 'disable' && values.confirm !== 'yes';

/** Check the form that asks first, as it will be checked when it acts: whom it is about. */
export const checkBeforeAsking = (context: AdminContext, values: Record<string, string>) => mayDisable(context, values);

export const isAdminForm = (name: string): name is AdminFormName => Object.hasOwn(OPERATIONS, name);

/** A form's values as posted: every field it has, as text ('' when missing). */
export function formValues(name: AdminFormName, form: FormData | undefined): Record<string, string> {
  return Object.fromEntries(
    FIELDS[name].map((field) => {
      const value = form?.get(field);
      return [field, typeof value === 'string' ? value : ''];
    }),
  );
}

/** Run the form's operation on what was posted. */
export function runAdminForm(
  context: AdminContext,
  name: AdminFormName,
  values: Record<string, string>,
): Promise<Outcome<unknown>> {
  const operation = OPERATIONS[name] as (context: AdminContext, input: unknown) => Promise<Outcome<unknown>>;
  return operation(context, values);
}

/** The one-time link an operation made (adding someone new, a recovery link), and whom it is for. */
export function linkMade(value: unknown): { staffId: string; link: string } | undefined {
  const made = value as { member?: { id: string }; link?: string } | undefined;
  return made?.member && typeof made.link === 'string' ? { staffId: made.member.id, link: made.link } : undefined;
}
