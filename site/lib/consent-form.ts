/**
 * The family page's forms as a person fills them in: a consent decision and a new pseudonym,
 * read from the posted form, shown again as typed when refused, and checked by the same code as
 * the command line (server/families/decision-input.ts).
 */
import { DECISION_LABELS } from '../../server/families/decision-input.ts';
import { typed } from './forms.ts';

/** Every label of the page's forms, for its error summary. */
export const FAMILY_FORM_LABELS = { ...DECISION_LABELS, pseudonym: 'Pseudonym' } as const;

/** The forms the family page takes, by their hidden `form` field. */
export type FamilyFormName = 'consent' | 'rename';
export const isFamilyForm = (name: string): name is FamilyFormName => name === 'consent' || name === 'rename';

export interface DecisionValues {
  scope: string;
  decision: string;
  givenBy: string;
  method: string;
  decidedOn: string;
  reviewOn: string;
}

/** A fresh form: nothing chosen but the usual way (in person) and today. */
export const decisionDefaults = (today: string): DecisionValues => ({
  scope: '',
  decision: '',
  givenBy: '',
  method: 'verbal-in-person',
  decidedOn: today,
  reviewOn: '',
});

export function decisionValues(form: FormData | undefined): DecisionValues {
  return {
    scope: typed(form, 'scope'),
    decision: typed(form, 'decision'),
    givenBy: typed(form, 'givenBy'),
    method: typed(form, 'method'),
    decidedOn: typed(form, 'decidedOn'),
    reviewOn: typed(form, 'reviewOn'),
  };
}

/** What the page says after a change, by the `done` code in its address (no family text in it). */
export const DONE_WORDS = {
  given: 'Consent recorded: it is in force now.',
  withdrawn: 'Withdrawal recorded: it applies now, everywhere the family’s journeys are used.',
  renamed: 'The family is renamed.',
} as const;
export type DoneCode = keyof typeof DONE_WORDS;
export const doneWords = (code: string | null): string | undefined =>
  code !== null && code in DONE_WORDS ? DONE_WORDS[code as DoneCode] : undefined;
