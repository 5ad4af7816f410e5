/**
 * Outcome figures across a cohort of families, defined as the published accounts of family
 * support report them ("14 children were on a CPP at referral – this fell to 5 at closure"), and
 * the case-level data they are computed from: for each family, each measure's value at referral,
 * at dated reviews and at closure.
 *
 * A definition says what to count, never the result: results are computed afresh from the case
 * data (`src/outcomes/`), so a family's withdrawal or erasure changes every figure at once.
 * Definitions are stored as JSON (`OutcomeFiguresSchema`, with its `schemaVersion`).
 *
 * Each kind's meaning is written once, in `FIGURE_KINDS`; how each is computed and worded is the
 * one registry in `src/outcomes/figures.ts`, typed so that a kind without behaviour does not
 * compile.
 *
 * Who may see it: definitions describe no family. Case data is about families: staff of the
 * project only. Evaluators receive computed figures with small counts suppressed.
 */
import { z } from 'zod/mini';
import { BetterDirectionSchema } from './indicator-set.ts';
import { uniqueIds } from './unique-ids.ts';

export const OUTCOME_FIGURES_SCHEMA_VERSION = 1;

/** Measure and figure ids are columns of case-data CSVs: lower-case words joined by "-". */
const key = () =>
  z
    .string()
    .check(
      z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits joined by "-", like "cpp-children"'),
      z.maxLength(48),
    );
const words = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

export const FigureIdSchema = key().brand<'FigureId'>();

/**
 * A measure of a case: an indicator of the project's indicator set (by its id), or a count the
 * project records at referral and closure ("children on a Child Protection Plan").
 */
export const MeasureKeySchema = key();

/** Where a change starts: referral, or a family's first value wherever it was recorded. */
export const FROM_POINTS = ['referral', 'first'] as const;
/** Where a change ends: closure, or a family's last value wherever it was recorded. */
export const TO_POINTS = ['closure', 'last'] as const;
export const CASE_POINTS = [...FROM_POINTS, ...TO_POINTS] as const;
export const CasePointSchema = z.enum(CASE_POINTS);
export type CasePoint = z.output<typeof CasePointSchema>;

export const COMPARISONS = {
  lt: 'below',
  lte: 'at most',
  gt: 'above',
  gte: 'at least',
  eq: 'equal to',
  ne: 'not',
} as const;
export const ComparisonSchema = z.enum(Object.keys(COMPARISONS) as [keyof typeof COMPARISONS]);
export type Comparison = z.output<typeof ComparisonSchema>;

/** One test of one case ("school attendance below 85 at referral"); a filter is all of its conditions. */
export const ConditionSchema = z.strictObject({
  measureId: MeasureKeySchema,
  at: CasePointSchema,
  op: ComparisonSchema,
  value: z.number(),
});
export type Condition = z.output<typeof ConditionSchema>;

/**
 * What counts as enough change for one family: a change by at least `percent` % of its starting
 * value (in the better direction), a change by at least `amount`, or a last value that meets a
 * test ("took a step towards work": 1 at closure).
 */
export const ThresholdSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('relative-change'), percent: z.number().check(z.gt(0)) }),
  z.strictObject({ kind: z.literal('change'), amount: z.number().check(z.gt(0)) }),
  z.strictObject({ kind: z.literal('reaches'), op: ComparisonSchema, value: z.number() }),
]);
export type Threshold = z.output<typeof ThresholdSchema>;

const common = {
  id: FigureIdSchema,
  /** What the figure is about, as a heading: "Children on a Child Protection Plan". */
  label: words(120),
  /** Whom it counts, in words that run on after "families": "referred for offending". */
  population: z.optional(words(200)),
  /** Which cases it counts; every condition must hold. Cases outside it are not the figure's. */
  filter: z._default(z.array(ConditionSchema).check(z.maxLength(10)), []),
  /** Where the figure comes from or how to read it; shown with it. */
  note: z.optional(words(400)),
};
const change = {
  measureId: MeasureKeySchema,
  better: BetterDirectionSchema,
  from: z._default(z.enum(FROM_POINTS), 'referral'),
  to: z._default(z.enum(TO_POINTS), 'closure'),
};

export const FigureDefinitionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('count-change'), ...common, ...change }),
  z.strictObject({ kind: z.literal('share-meeting'), ...common, ...change, threshold: ThresholdSchema }),
  z.strictObject({
    kind: z.literal('median-change'),
    ...common,
    ...change,
    /**
     * Points of the measure's own percentage (attendance 70% → 89% is 19 points), or percent of
     * the starting value (70 → 89 is 27%). Published figures rarely say which; we store it.
     */
    unit: z.enum(['percentage-points', 'relative-percent']),
  }),
  z.strictObject({ kind: z.literal('mean-of-family-change'), ...common, ...change }),
  z.strictObject({
    kind: z.literal('progress-k-of-m'),
    ...common,
    /** The indicators (criteria), each with the direction that counts as positive progress. */
    indicators: z
      .array(
        z.strictObject({ measureId: MeasureKeySchema, label: z.optional(words(80)), better: BetterDirectionSchema }),
      )
      .check(z.minLength(1), z.maxLength(30)),
    /** An indicator counts when more than this percent of families assessed on it made progress. */
    over: z.number().check(z.gte(0), z.lt(100)),
  }),
  z.strictObject({
    kind: z.literal('prevalence'),
    ...common,
    measureId: MeasureKeySchema,
    at: z._default(CasePointSchema, 'referral'),
    /** What "has the issue" means for the measure; by default any value above 0. */
    has: z._default(z.strictObject({ op: ComparisonSchema, value: z.number() }), { op: 'gt', value: 0 }),
  }),
  z.strictObject({
    kind: z.literal('count'),
    ...common,
    measureId: MeasureKeySchema,
    at: z._default(CasePointSchema, 'closure'),
  }),
]);
export type FigureDefinition = z.output<typeof FigureDefinitionSchema>;
export type FigureDefinitionInput = z.input<typeof FigureDefinitionSchema>;
export type FigureKind = FigureDefinition['kind'];
export type FigureOf<K extends FigureKind> = Extract<FigureDefinition, { kind: K }>;

/** What each kind computes, in words for a figure's reader (evaluator exports carry them). */
export const FIGURE_KINDS: { [K in FigureKind]: { name: string; definition: string } } = {
  'count-change': {
    name: 'Change in a total',
    definition:
      'The total of a measure across families at the start and at the end, and the change as a percent of the ' +
      'starting total. Families without a value at both are left out and listed.',
  },
  'share-meeting': {
    name: 'Share of cases meeting a threshold',
    definition:
      'Of the families the figure counts, the share whose value changed enough in the better direction (or ' +
      'reached a value) between start and end. Families without both values, or (for a relative change) with ' +
      'none at the start, are left out and listed.',
  },
  'median-change': {
    name: 'Median change',
    definition:
      'The median of each family’s change between start and end, in percentage points or as a percent of the ' +
      'starting value (the figure says which). Families without both values are left out and listed.',
  },
  'mean-of-family-change': {
    name: 'Average of each family’s change',
    definition:
      'Each family’s change as a percent of its own starting value, averaged over families. Families with none ' +
      'at the start are left out and listed, as a percent of nothing cannot be taken.',
  },
  'progress-k-of-m': {
    name: 'Indicators on which most families progressed',
    definition:
      'For each indicator, the share of families assessed on it at least twice whose last assessment was better ' +
      'than their first; the figure is how many indicators that share exceeds the stated percent on.',
  },
  prevalence: {
    name: 'Share of families with an issue',
    definition: 'Of the families with a value recorded at the point, the share for whom it shows the issue.',
  },
  count: {
    name: 'Count',
    definition: 'The total of a measure across families at one point.',
  },
};

/** Stored figure definitions: a cohort's chosen figures, in the order they are shown. */
export const OutcomeFiguresSchema = z
  .strictObject({
    schemaVersion: z.literal(OUTCOME_FIGURES_SCHEMA_VERSION),
    figures: z.array(FigureDefinitionSchema).check(z.maxLength(100)),
  })
  .check(z.superRefine((doc, ctx) => void uniqueIds(ctx, doc.figures, ['figures'])));
export type OutcomeFigures = z.output<typeof OutcomeFiguresSchema>;
export type OutcomeFiguresInput = z.input<typeof OutcomeFiguresSchema>;

/** A measure's values for one case over its support; any of them may be missing. */
export const CaseSeriesSchema = z.strictObject({
  referral: z.optional(z.number()),
  /** Values at reviews between referral and closure, each with its day. */
  reviews: z._default(z.array(z.strictObject({ on: z.iso.date(), value: z.number() })).check(z.maxLength(60)), []),
  closure: z.optional(z.number()),
});
export type CaseSeries = z.output<typeof CaseSeriesSchema>;
export type CaseSeriesInput = z.input<typeof CaseSeriesSchema>;

/**
 * One case: a family and its measures. Figures count families; a measure about children in the
 * family ("children on a Child Protection Plan") holds the family's number of them.
 */
export const CaseRecordSchema = z.strictObject({
  /** The family's id (a server record or, in an evaluator's data, a pseudonym). */
  familyId: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
  measures: z.record(MeasureKeySchema, CaseSeriesSchema),
});
export type CaseRecord = z.output<typeof CaseRecordSchema>;
