/** The checks on what an admin types or passes, with messages that say what to do. */
import { z } from 'zod';
import { STAFF_ROLES } from '../storage/access-records.ts';

const text = (max: number, whenEmpty: string) =>
  z
    .string({ error: whenEmpty })
    .trim()
    .min(1, whenEmpty)
    .max(max, { error: (issue) => `at most ${max} characters; this one has ${String(issue.input).length}` });

export const StaffName = text(100, 'enter their name, as colleagues know them');

export const Email = z
  .string({ error: 'enter their email address' })
  .trim()
  .min(1, 'enter their email address')
  .max(254, 'at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'enter an email address like name@example.org');

export const StaffRoleInput = z.enum(STAFF_ROLES, { error: 'choose admin or facilitator' });

export const ProjectName = text(100, 'enter a name for the project');

/** A record's id as the page or the command line passes it back. */
export const RecordId = (what: string) =>
  z.string({ error: `choose ${what}` }).regex(/^[A-Za-z0-9_-]{1,64}$/, `choose ${what} from the list`);

export const MAX_CONSENT_SCOPES = 20;
const SCOPE_ID = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Consent scopes as typed, one a line: `id: what families are asked`. The id is what records and
 * exports keep; the label is what a family reads.
 */
export const ConsentScopesText = z.string().transform((typedText, ctx) => {
  const lines = typedText
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '');
  const scopes: { id: string; label: string }[] = [];
  for (const { line, number } of lines) {
    const colon = line.indexOf(':');
    const id = colon < 0 ? '' : line.slice(0, colon).trim();
    const label = colon < 0 ? '' : line.slice(colon + 1).trim();
    const problem =
      colon < 0
        ? 'write a short id, a colon, then what families are asked'
        : !SCOPE_ID.test(id)
          ? `the id "${id.slice(0, 40)}" must start with a small letter and have only small letters, digits and hyphens (at most 32)`
          : label === ''
            ? 'after the colon, say what families are asked'
            : label.length > 200
              ? `at most 200 characters after the colon; this one has ${label.length}`
              : scopes.some((scope) => scope.id === id)
                ? `"${id}" is on an earlier line already`
                : undefined;
    if (problem) {
      ctx.addIssue({ code: 'custom', message: `line ${number}: ${problem}` });
      return z.NEVER;
    }
    scopes.push({ id, label });
  }
  if (scopes.length > MAX_CONSENT_SCOPES) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_CONSENT_SCOPES} scopes; this has ${scopes.length}` });
    return z.NEVER;
  }
  return scopes;
});

export const RetentionMonths = z
  .string({ error: 'enter a number of months' })
  .trim()
  .regex(/^\d+$/, 'enter a whole number of months, like 24')
  .transform(Number)
  .pipe(z.number().min(1, 'keep records at least 1 month').max(600, 'at most 600 months (50 years)'));
