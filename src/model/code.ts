/**
 * Codes (tags) from the researchers' coding frame, e.g. "debt" or "school-refusal". Stages and
 * factors carry code ids, so the same barrier can be counted across families.
 */
import { z } from 'zod';
import { CodeIdSchema } from './ids.ts';

export const CodeSchema = z.strictObject({
  id: CodeIdSchema,
  label: z.string().trim().min(1).max(80),
  description: z.string().trim().max(300).optional(),
});
export type Code = z.output<typeof CodeSchema>;
