/**
 * A cost event: something that happened to the family that cost a public service money.
 * Its cost is quantity × unit cost, borne by an agency, placed before, during or after support.
 */
import { z } from 'zod';
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
    table: z.string().trim().min(1).max(80),
    code: z.string().trim().min(1).max(20),
    valueType: ValueTypeSchema.default('fiscal'),
  }),
  z.strictObject({
    kind: z.literal('override'),
    amountGbp: z.number().nonnegative().finite(),
    priceYear: PriceYearSchema,
    unit: CostUnitSchema,
    /** Where the figure comes from; an override without a source cannot be explained. */
    source: z.string().trim().min(1).max(400),
  }),
]);

export const CostEventSchema = z.strictObject({
  id: CostEventIdSchema,
  stageId: StageIdSchema,
  type: CostEventTypeSchema,
  /** How many times (or weeks, or years: see the type's `counts`). */
  quantity: z.number().positive().max(10_000).finite(),
  when: WhenSchema.optional(),
  period: SupportPeriodSchema,
  agencyId: AgencyIdSchema,
  evidence: EvidenceSourceSchema,
  unitCost: UnitCostChoiceSchema,
  /** A short factual note (no names). */
  note: z.string().trim().min(1).max(500).optional(),
});
export type CostEvent = z.output<typeof CostEventSchema>;
