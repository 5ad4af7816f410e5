/**
 * Enablers and barriers: what helped a family move on, or held them back, at a stage.
 * Kept per journey (not inside the stage) so recurring factors can be coded and counted
 * across many journeys when a theory of change is drafted.
 */
import { z } from 'zod/mini';
import { CodeIdSchema, FactorIdSchema, StageIdSchema } from './ids.ts';
import { setOf } from './set-of.ts';

export const FACTOR_KINDS = ['enabler', 'barrier'] as const;
export const FactorKindSchema = z.enum(FACTOR_KINDS);
export type FactorKind = z.output<typeof FactorKindSchema>;

export const FactorSchema = z.strictObject({
  id: FactorIdSchema,
  stageId: StageIdSchema,
  kind: FactorKindSchema,
  /** In the family's words where possible ("a worker who didn't give up on us"). */
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(500)),
  codes: setOf(CodeIdSchema, 20),
});
export type Factor = z.output<typeof FactorSchema>;
