/**
 * An indicator set: the handful of things a project rates each family on, again and again over
 * its support, to see where the family is moving (LIFE in Swindon measured progress "using a
 * web-based tool using 10 indicators"). Families' assessments are made against one version of
 * one set.
 *
 * Open and versioned like the progress scale: a project names its own indicators, and one that
 * adds, drops or rewords an indicator, or changes its levels, makes a new version, so
 * assessments made on the old one keep their meaning.
 *
 * No indicator names ship as a default. No published account names LIFE's ten, and the Family
 * Star's areas (the "ten assessed criteria" Leicestershire counted) are licensed: cite it as
 * precedent, never ship its areas or wording. `ILLUSTRATIVE_INDICATOR_SET` is ours, for tests
 * and demonstrations, and says so in its own `illustrative` field.
 *
 * Who may see it: the set describes no family, so anyone in the project may read it; only project
 * staff may change it.
 */
import { z } from 'zod/mini';
import { uniqueIds } from './unique-ids.ts';

/**
 * Indicator ids are keys of an assessment's values and columns of an assessment CSV, so they are
 * lower-case words joined by "-" (as issue ids are): a header typed in any case finds its column.
 */
const KEY_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const key = () =>
  z
    .string()
    .check(
      z.regex(KEY_PATTERN, 'must be lower-case letters and digits joined by "-", like "school-attendance"'),
      z.maxLength(48),
    );

export const IndicatorSetIdSchema = key().brand<'IndicatorSetId'>();

/** An indicator of an indicator set (not a theory of change's `IndicatorId`, which is another record). */
export const ProgressIndicatorIdSchema = key().brand<'ProgressIndicatorId'>();

/** Which way an indicator moves when things get better: fewer police call-outs is `lower`. */
export const BETTER_DIRECTIONS = ['higher', 'lower'] as const;
export const BetterDirectionSchema = z.enum(BETTER_DIRECTIONS);
export type BetterDirection = z.output<typeof BetterDirectionSchema>;

const label = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/**
 * How an indicator is rated. Ordinal: one of a few named levels, recorded as the level's number
 * (1 for the first label); levels are ordered, not evenly spaced, so figures report medians and
 * movement between levels, never means. Numeric: a measured amount in a unit (school attendance
 * in %, police call-outs in the last six months), optionally bounded.
 */
export const IndicatorMeasureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('ordinal'),
    /** The levels' names from first (1) to last; the number recorded is the place in this list. */
    levels: z.array(label(40)).check(z.minLength(2), z.maxLength(10)),
  }),
  z
    .strictObject({
      kind: z.literal('numeric'),
      /** What one of the amount is, in plain words: "%", "call-outs", "days". */
      unit: label(20),
      min: z.optional(z.number()),
      max: z.optional(z.number()),
    })
    .check(
      z.refine((m) => m.min === undefined || m.max === undefined || m.min < m.max, {
        message: 'must be more than min',
        path: ['max'],
      }),
    ),
]);

export const ProgressIndicatorSchema = z.strictObject({
  id: ProgressIndicatorIdSchema,
  /** What is rated, in the project's words ("Getting the children to school"). */
  label: label(80),
  /** How to rate it, shown to whoever rates beside the question. */
  description: z.optional(label(400)),
  measure: IndicatorMeasureSchema,
  better: BetterDirectionSchema,
});
export type ProgressIndicator = z.output<typeof ProgressIndicatorSchema>;

export const IndicatorSetSchema = z
  .strictObject({
    id: IndicatorSetIdSchema,
    /** Bumped whenever an indicator is added, removed or reworded, or its levels or unit change. */
    version: z.int().check(z.gte(1)),
    name: label(80),
    /** In the order people rate them. */
    indicators: z.array(ProgressIndicatorSchema).check(z.minLength(1), z.maxLength(30)),
    /** True for a set made up for tests and demonstrations; never a programme's own. */
    illustrative: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((set, ctx) => {
      uniqueIds(ctx, set.indicators, ['indicators']);
    }),
  );
export type IndicatorSet = z.output<typeof IndicatorSetSchema>;
export type IndicatorSetInput = z.input<typeof IndicatorSetSchema>;

/** "life-example@1": how a set and version are named in messages and storage keys. */
export function indicatorSetRef(set: { id: string; version: number }): string {
  return `${set.id}@${set.version}`;
}

/** The indicator with this id, or undefined. */
export function indicatorOf(set: IndicatorSet, id: string): ProgressIndicator | undefined {
  return set.indicators.find((indicator) => indicator.id === id);
}

/**
 * +1 when `to` is better than `from` in this direction, −1 when worse, 0 when the same: the
 * "positive progress" of an indicator between two assessments.
 */
export function movement(better: BetterDirection, from: number, to: number): -1 | 0 | 1 {
  if (to === from) return 0;
  return to > from === (better === 'higher') ? 1 : -1;
}

/**
 * Ours, made up for tests and demonstrations: not LIFE's indicators (never published) nor any
 * licensed tool's areas. Four ordinal levels of our own wording, and two counted amounts.
 */
export const ILLUSTRATIVE_INDICATOR_SET: IndicatorSet = IndicatorSetSchema.parse({
  id: 'illustrative-example',
  version: 1,
  name: 'Example indicators (illustrative, not from any programme)',
  illustrative: true,
  indicators: [
    ...(
      [
        ['home-routines', 'Routines at home'],
        ['money', 'Managing money'],
        ['getting-on', 'Getting on with each other'],
        ['feeling-safe', 'Feeling safe'],
      ] as const
    ).map(([id, text]) => ({
      id,
      label: text,
      measure: { kind: 'ordinal', levels: ['Struggling', 'Some days', 'Mostly', 'Managing well'] },
      better: 'higher',
    })),
    {
      id: 'school-attendance',
      label: 'School attendance',
      measure: { kind: 'numeric', unit: '%', min: 0, max: 100 },
      better: 'higher',
    },
    {
      id: 'police-call-outs',
      label: 'Police call-outs in the last six months',
      measure: { kind: 'numeric', unit: 'call-outs', min: 0 },
      better: 'lower',
    },
  ],
});
