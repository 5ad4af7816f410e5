/**
 * Evidence: what ties a theory-of-change node or link back to what families said. A pointer at a
 * journey stage (and, where it came from one, the enabler, barrier or cost event there), never a
 * copy of the family's words: the words stay in the journey, so withdrawing consent and erasing
 * the journey also removes them from every theory of change that cited it.
 */
import { z } from 'zod/mini';
import { CostEventIdSchema, FactorIdSchema, JourneyIdSchema, StageIdSchema } from './ids.ts';

export const EvidenceSchema = z.strictObject({
  journeyId: JourneyIdSchema,
  stageId: StageIdSchema,
  /** The enabler or barrier at that stage whose words support the element. */
  factorId: z.optional(FactorIdSchema),
  /** The cost event at that stage that the element should make rarer. */
  costEventId: z.optional(CostEventIdSchema),
  /**
   * The words said there. Filled in by exports from the journey, only where its consent allows
   * sharing the family's words; never stored in the live document.
   */
  quote: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(4000))),
});
export type Evidence = z.output<typeof EvidenceSchema>;
export type EvidenceInput = z.input<typeof EvidenceSchema>;

/**
 * How many families' journeys support an element: computed by exports from the evidence (distinct
 * journeys), or `suppressed` where the count is below the disclosure threshold. Never stored.
 */
export const FamilyCountSchema = z.union([z.int().check(z.gte(0)), z.literal('suppressed')]);
export type FamilyCount = z.output<typeof FamilyCountSchema>;

/** The number of distinct families (journeys) behind a list of evidence. */
export function familiesIn(evidence: readonly Evidence[]): number {
  return new Set(evidence.map((item) => item.journeyId)).size;
}
