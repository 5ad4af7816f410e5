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
  disable: ['project', 'staff'],
  enable: ['project', 'staff'],
  'end-sessions': ['project', 'staff'],
  'recovery-link': ['project', 'staff'],
  'add-project': ['name'],
  'rename-project': ['project', 'name'],
  settings: ['project', 'consentScopes', 'retentionMonths'],
};

/** What was confirmed after a change that shows nothing more (the page's `?done=` message). */
export const DONE_MESSAGES: Record<AdminFormName, string> = {
  'add-staff': 'Added to the project.',
  role: 'Role changed.',
  remove: 'Taken off the project. Their open maps of its journeys close within a minute.',
  disable: 'Account disabled. They are signed out everywhere, and their open maps have closed.',
  enable: 'Account enabled. They can sign in again.',
  'end-sessions': 'Signed out everywhere. Their open maps have closed.',
  'recovery-link': 'Recovery link made.',
  'add-project': 'Project created. You are its admin.',
  'rename-project': 'Project renamed.',
  settings: 'Settings saved.',
};

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
export function linkMade(value: unknown): { name: string; email: string; link: string } | undefined {
  const made = value as { member?: { name: string; email: string }; link?: string } | undefined;
  return made?.member && typeof made.link === 'string'
    ? { name: made.member.name, email: made.member.email, link: made.link }
    : undefined;
}
