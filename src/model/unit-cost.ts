/**
 * Unit costs: reference data with provenance. A figure is stored in the prices of its own
 * price year and uprated when shown (never stored uprated), so every number the tool shows can
 * say which table, row and price year it came from.
 */
import { z } from 'zod/mini';

/** A UK financial year, "2013/14". */
export const PriceYearSchema = z.string().check(
  z.regex(/^\d{4}\/\d{2}$/, 'must be a financial year like 2013/14'),
  z.refine((value) => {
    const start = Number(value.slice(0, 4));
    return (start + 1) % 100 === Number(value.slice(5));
  }, 'the two years must follow each other, like 2013/14'),
);

export const COST_UNITS = {
  'per-incident': 'per incident',
  'per-week': 'per week',
  'per-year': 'per year',
  'per-person-per-year': 'per person per year',
  'per-claimant-per-year': 'per claimant per year',
  'per-process': 'per process',
  'per-case': 'per case',
  'per-application': 'per application',
  'per-child': 'per child',
  'per-hour': 'per hour',
  each: 'each',
} as const;
export type CostUnit = keyof typeof COST_UNITS;
export const CostUnitSchema = z.enum(Object.keys(COST_UNITS) as [CostUnit, ...CostUnit[]]);

/**
 * Fiscal: cost to the public purse (financial cases use only these). Economic and social
 * values may be added in public-value cases; the three are never summed together.
 */
export const ValueTypeSchema = z.enum(['fiscal', 'economic', 'social']);
export type ValueType = z.output<typeof ValueTypeSchema>;

/** Red / amber / green, as the Unit Cost Database rates robustness and age of data. */
export const RagSchema = z.enum(['R', 'A', 'G']);

export const UnitCostSchema = z.strictObject({
  /** The table's own cost code (e.g. "CR1.1"); with `valueType`, identifies a row. */
  code: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  /** The cost-event type this row can price. */
  eventType: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case event type like police_callout')),
  unit: CostUnitSchema,
  agencyLevel1: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  agencyLevel2: z.optional(z.string().check(z.trim(), z.maxLength(80))),
  valueType: ValueTypeSchema,
  amountGbp: z.number().check(z.gte(0)),
  priceYear: PriceYearSchema,
  robustness: RagSchema,
  dataAge: RagSchema,
  /** Benefit payments and the like: moved between people, not used up; left out of public-value totals. */
  transferPayment: z.boolean(),
  /** The original source as the table cites it. */
  source: z.string().check(z.trim(), z.minLength(1), z.maxLength(400)),
  dataset: z.string().check(z.trim(), z.minLength(1), z.maxLength(120)),
  licence: z.string().check(z.trim(), z.minLength(1), z.maxLength(60)),
});
export type UnitCost = z.output<typeof UnitCostSchema>;
