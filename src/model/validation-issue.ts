/**
 * Validation problems in a form people can act on: the JSON path of the field at fault
 * (`$.stages[3].progress.level`) and the reason in plain words.
 */
import { z } from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini words an issue only in the language it is given; people read ours in English, and every
// schema's issues reach them through `issuesFrom` here.
z.config(en());

export interface ValidationIssue {
  /** JSONPath-style location, `$` for the whole document. */
  path: string;
  message: string;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Zod's issues, reworded where zod's own wording would puzzle a researcher. */
export function issuesFrom(error: z.core.$ZodError, basePath: readonly PropertyKey[] = []): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = formatPath([...basePath, ...issue.path]);
    if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
      return { path, message: `is missing (expected ${issue.expected})` };
    }
    if (issue.code === 'unrecognized_keys') {
      return {
        path,
        message: `has unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
      };
    }
    return { path, message: issue.message };
  });
}
