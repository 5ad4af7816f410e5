/**
 * An assumption a theory of change rests on: what must hold for a step to lead to the next.
 * Kind (contextual, theoretical, causal), risk if it fails, and whether it has been tested.
 */
import { z } from 'zod/mini';
import { AssumptionIdSchema } from './ids.ts';

export const ASSUMPTION_KINDS = {
  contextual: 'About the setting: services, policy, the local area',
  theoretical: 'About how change happens for families, from research',
  causal: 'That this step really leads to the next one',
} as const;
export type AssumptionKind = keyof typeof ASSUMPTION_KINDS;
export const AssumptionKindSchema = z.enum(Object.keys(ASSUMPTION_KINDS) as [AssumptionKind, ...AssumptionKind[]]);

export const RiskSchema = z.enum(['low', 'medium', 'high']);
export const AssumptionStatusSchema = z.enum(['untested', 'holding', 'failed']);

export const AssumptionSchema = z.strictObject({
  id: AssumptionIdSchema,
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(1000)),
  kind: AssumptionKindSchema,
  /** How badly the theory breaks if the assumption does not hold. */
  risk: RiskSchema,
  status: z._default(AssumptionStatusSchema, 'untested'),
});
export type Assumption = z.output<typeof AssumptionSchema>;
export type AssumptionInput = z.input<typeof AssumptionSchema>;
