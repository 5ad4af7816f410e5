/**
 * What an admin operation answers, for the admin page and the command line alike: what it did,
 * or every problem with the request, each naming the field (a form field, a CLI flag) and what
 * to do about it. A refused operation has written nothing but its audit row.
 */
import type { z } from 'zod';

export interface Problem {
  /** The field at fault (`name`, `email`, `role`…), or '' for the request as a whole. */
  field: string;
  message: string;
}

export type Outcome<T> =
  | { ok: true; value: T }
  /**
   * 400: the request is not right; 403: not this admin's to do; 404: no such project or person
   * here; 409: it would leave things as they must not be (a project with no admin, two accounts
   * with one email).
   */
  | { ok: false; status: 400 | 403 | 404 | 409; problems: Problem[] };

export const done = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const refused = (status: 400 | 403 | 404 | 409, field: string, message: string): Outcome<never> => ({
  ok: false,
  status,
  problems: [{ field, message }],
});

/** The problems zod found, the first for each field. */
export function invalid(error: z.ZodError): Outcome<never> {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return { ok: false, status: 400, problems: [...byField].map(([field, message]) => ({ field, message })) };
}
