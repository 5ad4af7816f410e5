/**
 * A cost event: something that happened to the family that cost a public service money.
 * Its cost is quantity × unit cost, borne by an agency, placed before, during or after support.
 */
import { z } from 'zod/mini';
import { CostEventTypeSchema } from './cost-event-types.ts';
import { AgencyIdSchema, CostEventIdSchema, StageIdSchema } from './ids.ts';
import { CostUnitSchema, PriceYearSchema, ValueTypeSchema } from './unit-cost.ts';
import { WhenSchema } from './when.ts';

export const SUPPORT_PERIODS = ['before', 'during', 'after'] as const;
export const SupportPeriodSchema = z.enum(SUPPORT_PERIODS);
export type SupportPeriod = z.output<typeof SupportPeriodSchema>;

/**
 * How we know it happened. Leicestershire found that families can name the services but
 * rarely the exact activity (seed 003), so the source is kept beside every figure.
 */
export const EVIDENCE_SOURCES = {
  'family-account': "The family's account",
  'case-record': 'Case record',
  'administrative-data': 'Administrative data',
  estimate: 'Estimate',
} as const;
export type EvidenceSource = keyof typeof EVIDENCE_SOURCES;
export const EvidenceSourceSchema = z.enum(Object.keys(EVIDENCE_SOURCES) as [EvidenceSource, ...EvidenceSource[]]);

/** Which unit cost prices the event: a row of a reference table, or a cited figure of one's own. */
export const UnitCostChoiceSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('reference'),
    /** The table's id, e.g. "gmca-ucd-v1.4-sample". */
    table: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
    code: z.string().check(z.trim(), z.minLength(1), z.maxLength(20)),
    valueType: z._default(ValueTypeSchema, 'fiscal'),
  }),
  z.strictObject({
    kind: z.literal('override'),
    amountGbp: z.number().check(z.gte(0)),
    priceYear: PriceYearSchema,
    unit: CostUnitSchema,
    /** Where the figure comes from; an override without a source cannot be explained. */
    source: z.string().check(z.trim(), z.minLength(1), z.maxLength(400)),
  }),
]);

export const CostEventSchema = z.strictObject({
  id: CostEventIdSchema,
  stageId: StageIdSchema,
  type: CostEventTypeSchema,
  /** How many times (or weeks, or years: see the type's `counts`). */
  quantity: z.number().check(z.gt(0), z.lte(10_000)),
  when: z.optional(WhenSchema),
  period: SupportPeriodSchema,
  agencyId: AgencyIdSchema,
  evidence: EvidenceSourceSchema,
  unitCost: UnitCostChoiceSchema,
  /** A short factual note (no names). */
  note: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(500))),
});
export type CostEvent = z.output<typeof CostEventSchema>;
