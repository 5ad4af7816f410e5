/**
 * Codes (tags) from the researchers' coding frame, e.g. "debt" or "school-refusal". Stages and
 * factors carry code ids, so the same barrier can be counted across families.
 */
import { z } from 'zod/mini';
import { CodeIdSchema } from './ids.ts';

export const CodeSchema = z.strictObject({
  id: CodeIdSchema,
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(80)),
  description: z.optional(z.string().check(z.trim(), z.maxLength(300))),
});
export type Code = z.output<typeof CodeSchema>;
