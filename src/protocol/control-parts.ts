/** What CONTROL messages' commands and state are made of (controls.ts, control-commands.ts). */
import { z } from 'zod/mini';

/** Stage ids as the document has them; checked only for shape, never trusted to exist. */
export const StageRef = z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/));

/** Where the facilitator is looking: the centre of their view in map coordinates, and the zoom. */
export const ViewSchema = z.object({
  x: z.number().check(z.gte(-1e7), z.lte(1e7)),
  y: z.number().check(z.gte(-1e7), z.lte(1e7)),
  zoom: z.number().check(z.gte(0.05), z.lte(4)),
});
