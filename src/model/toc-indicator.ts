/**
 * An indicator: how an evaluator will know a node has been reached. Shaped after the IATI
 * result indicator (measure, ascending, baseline, periods with target and actual) so evaluators
 * can carry it into their own tools, plus the population, threshold and timeline a theory of
 * change states in words.
 */
import { z } from 'zod/mini';
import { CostEventTypeSchema } from './cost-event-types.ts';
import { IndicatorIdSchema, TocNodeIdSchema } from './ids.ts';

/** IATI IndicatorMeasure codes 1–5, in order. */
export const MEASURES = {
  unit: { label: 'Unit', iatiCode: 1 },
  percentage: { label: 'Percentage', iatiCode: 2 },
  nominal: { label: 'Nominal', iatiCode: 3 },
  ordinal: { label: 'Ordinal', iatiCode: 4 },
  qualitative: { label: 'Qualitative', iatiCode: 5 },
} as const;
export type Measure = keyof typeof MEASURES;
export const MeasureSchema = z.enum(Object.keys(MEASURES) as [Measure, ...Measure[]]);

/** A value as IATI has it: a number, a comment, or both; never neither. */
export const ResultValueSchema = z
  .strictObject({
    value: z.optional(z.number()),
    comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))),
  })
  .check(z.refine((v) => v.value !== undefined || v.comment !== undefined, 'needs a value or a comment'));
export type ResultValue = z.output<typeof ResultValueSchema>;

export const BaselineSchema = z
  .strictObject({
    year: z.optional(z.int().check(z.gte(1900), z.lte(2200))),
    value: z.optional(z.number()),
    comment: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))),
  })
  .check(z.refine((v) => v.value !== undefined || v.comment !== undefined, 'needs a value or a comment'));

export const PeriodSchema = z
  .strictObject({
    start: z.iso.date(),
    end: z.iso.date(),
    target: z.optional(ResultValueSchema),
    actual: z.optional(ResultValueSchema),
  })
  .check(z.refine((p) => p.start <= p.end, { message: 'must not end before it starts', path: ['end'] }));
export type Period = z.output<typeof PeriodSchema>;

export const IndicatorSchema = z.strictObject({
  id: IndicatorIdSchema,
  nodeId: TocNodeIdSchema,
  /** What is counted, in words ("Police call-outs to the family's home"). */
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  measure: MeasureSchema,
  /** True when a higher value is better; "fewer police call-outs" is false. */
  ascending: z._default(z.boolean(), true),
  /** Whom it is measured for ("families who complete support"). */
  population: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))),
  /** What the programme aims for across the population. */
  target: z.optional(ResultValueSchema),
  /** What counts as success for one family ("no call-outs in six months"). */
  threshold: z.optional(ResultValueSchema),
  /** By when ("12 months after support ends"). */
  timeline: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(300))),
  baseline: z.optional(BaselineSchema),
  periods: z._default(z.array(PeriodSchema).check(z.maxLength(50)), []),
  /** The cost-event type it counts, so evaluators can tie it to the cost tables. */
  costEventType: z.optional(CostEventTypeSchema),
  /** The progress level it counts families reaching (on the theory of change's scale). */
  progressLevel: z.optional(z.int().check(z.gte(1), z.lte(10))),
});
export type Indicator = z.output<typeof IndicatorSchema>;
export type IndicatorInput = z.input<typeof IndicatorSchema>;
