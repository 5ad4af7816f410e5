/**
 * The check on a consent decision as a person gives it, for the family page's form and
 * `turning-points family consent` alike: every field named with what to do, dates real and in
 * order (a decision is not in the future; a review comes after it). Withdrawing mapping is not a
 * decision to record here: it erases the family, which only the erase page does (it also closes
 * the family's open maps in the server).
 */
import { z } from 'zod';
import { done, invalid, type Outcome } from '../admin/outcome.ts';
import { RECORDABLE_METHODS, type RecordableMethod, type ScopeChoice } from './consent-scopes.ts';

/** The fields in the order a form shows them, with the names people know them by. */
export const DECISION_LABELS = {
  scope: 'What it is about',
  decision: 'Their decision',
  givenBy: 'Who in the family decided',
  method: 'How they told you',
  decidedOn: 'The day they decided',
  reviewOn: 'Review by',
} as const;

export interface CheckedDecision {
  scope: string;
  decision: 'given' | 'withdrawn';
  givenBy: string;
  method: RecordableMethod;
  decidedOn: string;
  reviewOn?: string | undefined;
}

/** A YYYY-MM-DD date that exists on the calendar. */
const isRealDate = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

const dateField = (what: string) =>
  z
    .string({ error: `enter ${what}` })
    .trim()
    .min(1, `enter ${what}`)
    .refine(isRealDate, `enter ${what} as a real date, like 2026-03-27`);

/** Today in UTC, YYYY-MM-DD: the last day a decision may be dated. */
export const today = (): string => new Date().toISOString().slice(0, 10);

function schemaFor(scopes: readonly ScopeChoice[], on: string) {
  const scopeIds = scopes.map((scope) => scope.id);
  return z
    .object({
      scope: z
        .string({ error: 'choose what the decision is about' })
        .refine((scope) => scopeIds.includes(scope), `choose one of: ${scopeIds.join(', ')}`),
      decision: z.enum(['given', 'withdrawn'], { error: 'choose given or withdrawn' }),
      givenBy: z
        .string({ error: 'say who in the family decided' })
        .trim()
        .min(1, 'say who in the family decided, like "Kayleigh, for her own words"')
        .max(120, { error: (issue) => `at most 120 characters; this one has ${String(issue.input).length}` }),
      method: z.enum(RECORDABLE_METHODS, { error: `choose how they told you: ${RECORDABLE_METHODS.join(', ')}` }),
      decidedOn: dateField('the day they decided').refine(
        (day) => day <= on,
        `the day they decided cannot be after today (${on})`,
      ),
      reviewOn: z
        .string()
        .trim()
        .optional()
        .transform((day) => (day ? day : undefined))
        .refine(
          (day) => day === undefined || isRealDate(day),
          'enter the review date as a real date, like 2027-03-27, or leave it empty',
        ),
    })
    .superRefine((value, ctx) => {
      if (value.reviewOn !== undefined && value.reviewOn <= value.decidedOn)
        ctx.addIssue({
          code: 'custom',
          path: ['reviewOn'],
          message: `the review date must be after the day they decided (${value.decidedOn})`,
        });
    });
}

/** The decision as typed, checked against the scopes of the family's project. */
export function checkDecision(
  input: Record<string, unknown>,
  scopes: readonly ScopeChoice[],
  on: string = today(),
): Outcome<CheckedDecision> {
  const parsed = schemaFor(scopes, on).safeParse(input);
  if (!parsed.success) {
    const outcome = invalid(parsed.error);
    if (outcome.ok) return outcome;
    const order = Object.keys(DECISION_LABELS);
    outcome.problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
    return outcome;
  }
  return done(parsed.data);
}

/** Whether this decision erases the family (mapping withdrawn): for the erase page, never recorded here. */
export const erasesFamily = (decision: { scope?: unknown; decision?: unknown }): boolean =>
  decision.scope === 'mapping' && decision.decision === 'withdrawn';

/** The problem the command line names for a decision that would erase the family. */
export const ERASE_ELSEWHERE = {
  field: 'scope',
  message:
    'withdrawing mapping erases the family and closes its open maps: use the family’s erase page (/families/<id>/erase), since only the running server can close them',
} as const;
