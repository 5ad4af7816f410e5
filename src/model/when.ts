/**
 * When something happened, as precisely as the family remembers it. People rarely remember
 * dates ("the winter Jade was excluded"), so a stage may be dated by day, month or year, by the
 * age of a family member, or by a free phrase. Ordering never depends on this: stages carry an
 * explicit order of their own.
 */
import { z } from 'zod/mini';
import { MemberIdSchema } from './ids.ts';

const isoDate = z.iso.date();
const isoMonth = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2014-03'));

export const WhenSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('date'), date: isoDate }),
  z.strictObject({ kind: z.literal('month'), month: isoMonth }),
  z.strictObject({ kind: z.literal('year'), year: z.int().check(z.gte(1900), z.lte(2200)) }),
  /** "When Sam was 12": the member is one of the journey's family members. */
  z.strictObject({ kind: z.literal('age'), memberId: MemberIdSchema, years: z.int().check(z.gte(0), z.lte(120)) }),
  z.strictObject({ kind: z.literal('phrase'), text: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)) }),
]);
export type When = z.output<typeof WhenSchema>;
export type WhenInput = z.input<typeof WhenSchema>;

/** The year a `when` falls in, where it says; used to group costs by year. */
export function yearOf(when: When | undefined): number | undefined {
  switch (when?.kind) {
    case 'date':
      return Number(when.date.slice(0, 4));
    case 'month':
      return Number(when.month.slice(0, 4));
    case 'year':
      return when.year;
    default:
      return undefined;
  }
}
