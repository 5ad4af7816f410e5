/** The one check every document makes of its records: each id once, a repeat named with where the first was. */
import type { z } from 'zod/mini';

export type Path = (string | number)[];

/**
 * The ids of these records, reporting each repeat as a custom issue at its own path. Returns
 * the ids seen, for the reference checks that follow.
 */
export function uniqueIds(ctx: z.core.$RefinementCtx, records: readonly { id: string }[], path: Path): Set<string> {
  const firstSeen = new Map<string, number>();
  records.forEach((record, index) => {
    const earlier = firstSeen.get(record.id);
    if (earlier === undefined) firstSeen.set(record.id, index);
    else
      ctx.addIssue({
        code: 'custom',
        path: [...path, index, 'id'],
        message: `duplicate id "${record.id}" (also at ${[...path, earlier].join('.')})`,
      });
  });
  return new Set(firstSeen.keys());
}
