/**
 * What the site's forms share: zod checks whose messages a facilitator can act on, and the
 * problems they find, one per field, for an error summary (GOV.UK's pattern) or a JSON answer.
 * A limit is said, never applied silently: too long a value is refused with the limit and its
 * own length, and the form shows it again as typed.
 */
import { z } from 'zod';

/** One field at fault: its name in the form (or JSON body) and what to do, in plain words. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A required line of text, trimmed: not empty, and at most `max` characters. */
export function requiredText(max: number, whenEmpty: string) {
  return z
    .string({ error: whenEmpty })
    .trim()
    .min(1, whenEmpty)
    .max(max, { error: (issue) => `at most ${max} characters; this one has ${String(issue.input).length}` });
}

/** What an API caller hears about a body that is not an object of the expected fields. */
export const bodyError = (what: string) => (issue: { code: string; keys?: string[] }) =>
  issue.code === 'unrecognized_keys'
    ? `no such field: ${(issue.keys ?? []).join(', ')}`
    : `send ${what} as a JSON object or a form`;

/**
 * The problems zod found, the first for each field, in the order the fields appear on the form
 * (`order`); a problem with no field (the body as a whole) comes first.
 */
export function problemsOf(error: z.ZodError, order: readonly string[]): FieldProblem[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  const rank = (field: string) => (field === '' ? -1 : order.includes(field) ? order.indexOf(field) : order.length);
  return [...byField.entries()]
    .map(([field, message]) => ({ field, message }))
    .sort((a, b) => rank(a.field) - rank(b.field));
}

/** A form field's text as typed, or '' when it is missing or a file. */
export function typed(form: FormData | undefined, name: string): string {
  const value = form?.get(name);
  return typeof value === 'string' ? value : '';
}

/** Whether the request asks for JSON (an API caller) rather than a page (a browser's form). */
export function wantsJson(request: Request): boolean {
  const accept = request.headers.get('accept') ?? '';
  const contentType = request.headers.get('content-type') ?? '';
  return accept.includes('application/json') || contentType.includes('application/json');
}

/** The 400 answer to an API caller: every problem, by field (`(body)` for the body as a whole). */
export function problemsResponse(error: string, problems: readonly FieldProblem[]): Response {
  return Response.json(
    { error, problems: problems.map((p) => ({ field: p.field || '(body)', reason: p.message })) },
    { status: 400 },
  );
}

/** A form as the page shows it: the values as typed, and what is wrong with them (none when fresh). */
export interface FormState<Values> {
  values: Values;
  problems: FieldProblem[];
}

/** The message beside a field, if it is at fault; sentence case, as it stands alone there. */
export function problemFor(problems: readonly FieldProblem[], field: string): string | undefined {
  const message = problems.find((p) => p.field === field)?.message;
  return message && message.charAt(0).toUpperCase() + message.slice(1);
}

/** The error summary's links: each field at fault, named as the person knows it, and what to do. */
export function summaryOf(
  problems: readonly FieldProblem[],
  labels: Readonly<Record<string, string>>,
  idOf: (field: string) => string,
): { href: string; text: string }[] {
  return problems.map((p) => {
    const label = labels[p.field];
    return label
      ? { href: `#${idOf(p.field)}`, text: `${label}: ${p.message}` }
      : { href: `#${idOf('')}`, text: p.message.charAt(0).toUpperCase() + p.message.slice(1) };
  });
}
