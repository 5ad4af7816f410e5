/**
 * An indicator: how an evaluator will know a node has been reached. Shaped after the IATI
 * result indicator (measure, ascending, baseline, periods with target and actual) so evaluators
 * can carry it into their own tools, plus the population, threshold and timeline a theory of
 * change states in words.
 */
import { z } from 'zod';
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
    value: z.number().finite().optional(),
    comment: z.string().trim().min(1).max(300).optional(),
  })
  .refine((v) => v.value !== undefined || v.comment !== undefined, 'needs a value or a comment');
export type ResultValue = z.output<typeof ResultValueSchema>;

export const BaselineSchema = z
  .strictObject({
    year: z.int().min(1900).max(2200).optional(),
    value: z.number().finite().optional(),
    comment: z.string().trim().min(1).max(300).optional(),
  })
  .refine((v) => v.value !== undefined || v.comment !== undefined, 'needs a value or a comment');

export const PeriodSchema = z
  .strictObject({
    start: z.iso.date(),
    end: z.iso.date(),
    target: ResultValueSchema.optional(),
    actual: ResultValueSchema.optional(),
  })
  .refine((p) => p.start <= p.end, { message: 'must not end before it starts', path: ['end'] });
export type Period = z.output<typeof PeriodSchema>;

export const IndicatorSchema = z.strictObject({
  id: IndicatorIdSchema,
  nodeId: TocNodeIdSchema,
  /** What is counted, in words ("Police call-outs to the family's home"). */
  title: z.string().trim().min(1).max(200),
  measure: MeasureSchema,
  /** True when a higher value is better; "fewer police call-outs" is false. */
  ascending: z.boolean().default(true),
  /** Whom it is measured for ("families who complete support"). */
  population: z.string().trim().min(1).max(300).optional(),
  /** What the programme aims for across the population. */
  target: ResultValueSchema.optional(),
  /** What counts as success for one family ("no call-outs in six months"). */
  threshold: ResultValueSchema.optional(),
  /** By when ("12 months after support ends"). */
  timeline: z.string().trim().min(1).max(300).optional(),
  baseline: BaselineSchema.optional(),
  periods: z.array(PeriodSchema).max(50).default([]),
  /** The cost-event type it counts, so evaluators can tie it to the cost tables. */
  costEventType: CostEventTypeSchema.optional(),
  /** The progress level it counts families reaching (on the theory of change's scale). */
  progressLevel: z.int().min(1).max(10).optional(),
});
export type Indicator = z.output<typeof IndicatorSchema>;
export type IndicatorInput = z.input<typeof IndicatorSchema>;
