/**
 * Version 1 → 2. Version 1 kept a stage's `when` as free text and its `feeling` as a number
 * from 1 (very low) to 5 (very high). Version 2 structures `when` (a date, month, year, a family
 * member's age, or a phrase) so stages can be placed on a time axis, and names the feelings.
 *
 * Shipped: never edit. Add a new migration instead (see README.md).
 */
import { z } from 'zod/mini';
import type { Migration } from './migration.ts';

const StageV1 = z.looseObject({
  when: z.optional(z.string().check(z.maxLength(200))),
  feeling: z.optional(z.int().check(z.gte(1), z.lte(5))),
});

const JourneyV1 = z.looseObject({
  schemaVersion: z.literal(1),
  stages: z.array(StageV1),
});

const FEELINGS_V2 = ['very-low', 'low', 'mixed', 'high', 'very-high'] as const;

function structuredWhen(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) {
    return { kind: 'date', date: trimmed };
  }
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(trimmed)) return { kind: 'month', month: trimmed };
  if (/^(19|20|21)\d{2}$/.test(trimmed)) return { kind: 'year', year: Number(trimmed) };
  return { kind: 'phrase', text: trimmed.slice(0, 120) };
}

export const structuredWhenAndFeeling: Migration = {
  name: '001-structured-when-and-feeling',
  from: 1,
  input: JourneyV1,
  up(document) {
    const stages = (document.stages as Record<string, unknown>[]).map((stage) => {
      const { when, feeling, ...rest } = stage;
      const next: Record<string, unknown> = { ...rest };
      const structured = typeof when === 'string' ? structuredWhen(when) : undefined;
      if (structured) next.when = structured;
      if (typeof feeling === 'number') next.feeling = FEELINGS_V2[feeling - 1];
      return next;
    });
    return { ...document, schemaVersion: 2, stages };
  },
};
