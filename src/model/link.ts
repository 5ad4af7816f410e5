/** A "this led to that" link between two stages of the same journey. */
import { z } from 'zod';
import { LinkIdSchema, StageIdSchema } from './ids.ts';

export const LinkSchema = z.strictObject({
  id: LinkIdSchema,
  from: StageIdSchema,
  to: StageIdSchema,
  /** How the family put it, if they said ("because we lost the flat"). */
  label: z.string().trim().min(1).max(200).optional(),
});
export type Link = z.output<typeof LinkSchema>;
