/** A command refused: bad input, or a reference to something the document does not have. */
import type { z } from 'zod/mini';
import { issuesFrom, type ValidationIssue } from '../model/validation-issue.ts';

export class CommandError extends Error {
  readonly issues: ValidationIssue[];

  constructor(command: string, issues: ValidationIssue[]) {
    super(`${command}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    this.name = 'CommandError';
    this.issues = issues;
  }
}

/** Parse a command's input or throw a CommandError naming the field. */
export function parseInput<T>(command: string, schema: z.ZodMiniType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new CommandError(command, issuesFrom(parsed.error));
  return parsed.data;
}
