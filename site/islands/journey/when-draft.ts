/**
 * The "When" form's boxes as typed, and the check that turns them into a stage's `when` or
 * says, box by box, what to put right. Kept apart from the form so the wording of every
 * refusal can be tested without a browser.
 */
import { WhenSchema, type When } from '../../../src/model/index.ts';

/** The ways a family may remember when something happened, as the form offers them. */
export const WHEN_KINDS = [
  { kind: 'date', label: 'A day' },
  { kind: 'month', label: 'A month' },
  { kind: 'year', label: 'A year' },
  { kind: 'age', label: 'How old one of them was' },
  { kind: 'phrase', label: 'In their own words' },
] as const satisfies readonly { kind: When['kind']; label: string }[];

export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Every box of the form, as text; only those of the chosen kind are read. */
export interface WhenDraft {
  kind: When['kind'];
  /** As a date box gives it: 2014-03-09. */
  date: string;
  /** Two digits, 01 to 12. */
  month: string;
  year: string;
  memberId: string;
  years: string;
  phrase: string;
}
export type WhenField = Exclude<keyof WhenDraft, 'kind'>;

/** The longest a phrase may be (the model's own limit). */
export const PHRASE_LIMIT = 120;

/** Either the `when` to write, or a reason for each box at fault, in the order the boxes come. */
export type CheckedWhen =
  { when: When; errors: Record<string, never> } | { when?: undefined; errors: Partial<Record<WhenField, string>> };

/** The box a refusal of the whole is said beside, for each kind. */
const MAIN_FIELD: Record<When['kind'], WhenField> = {
  date: 'date',
  month: 'year',
  year: 'year',
  age: 'years',
  phrase: 'phrase',
};

function checkYear(text: string): string | undefined {
  if (!text.trim()) return 'Enter the year.';
  if (!/^\d{4}$/.test(text.trim())) return 'Enter the year as four digits, like 2014.';
  const year = Number(text.trim());
  if (year < 1900 || year > 2200) return 'Enter a year from 1900 to 2200.';
  return undefined;
}

export function checkWhen(draft: WhenDraft): CheckedWhen {
  const errors: Partial<Record<WhenField, string>> = {};
  let candidate: unknown;
  switch (draft.kind) {
    case 'date':
      if (!draft.date) errors.date = 'Enter the day it happened.';
      else if (!WhenSchema.safeParse({ kind: 'date', date: draft.date }).success)
        errors.date = 'Enter a real day, like 9 March 2014.';
      candidate = { kind: 'date', date: draft.date };
      break;
    case 'month': {
      if (!/^(0[1-9]|1[0-2])$/.test(draft.month)) errors.month = 'Choose the month.';
      const year = checkYear(draft.year);
      if (year) errors.year = year;
      candidate = { kind: 'month', month: `${draft.year.trim()}-${draft.month}` };
      break;
    }
    case 'year': {
      const year = checkYear(draft.year);
      if (year) errors.year = year;
      candidate = { kind: 'year', year: Number(draft.year.trim()) };
      break;
    }
    case 'age': {
      if (!draft.memberId) errors.memberId = 'Choose whose age it was.';
      const years = draft.years.trim();
      if (!/^\d{1,3}$/.test(years) || Number(years) > 120)
        errors.years = 'Enter how old they were, as a whole number from 0 to 120.';
      candidate = { kind: 'age', memberId: draft.memberId, years: Number(years) };
      break;
    }
    case 'phrase': {
      const text = draft.phrase.trim();
      if (!text) errors.phrase = 'Say when, in a few words.';
      else if (text.length > PHRASE_LIMIT)
        errors.phrase = `This can be at most ${PHRASE_LIMIT} characters, and it has ${text.length}. Shorten it.`;
      candidate = { kind: 'phrase', text };
      break;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  const parsed = WhenSchema.safeParse(candidate);
  // Every rule of the schema is checked above; this is the guard should the two ever differ.
  if (!parsed.success) return { errors: { [MAIN_FIELD[draft.kind]]: 'This is not a date the map can keep.' } };
  return { when: parsed.data, errors: {} };
}
