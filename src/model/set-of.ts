/** A list used as a set (services, codes): stored as an array, each item at most once. */
import { z } from 'zod/mini';

export function setOf<T extends z.ZodMiniType<string>>(item: T, max: number) {
  return z._default(z.array(item).check(z.maxLength(max)), []).check(
    z.superRefine((items, ctx) => {
      const seen = new Set<string>();
      items.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [index], message: `"${value}" is listed twice` });
        seen.add(value);
      });
    }),
  );
}
