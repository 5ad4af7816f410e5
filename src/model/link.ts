/** A "this led to that" link between two stages of the same journey. */
import { z } from 'zod/mini';
import { LinkIdSchema, StageIdSchema } from './ids.ts';

export const LinkSchema = z.strictObject({
  id: LinkIdSchema,
  from: StageIdSchema,
  to: StageIdSchema,
  /** How the family put it, if they said ("because we lost the flat"). */
  label: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
});
export type Link = z.output<typeof LinkSchema>;
