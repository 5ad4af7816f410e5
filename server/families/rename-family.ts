/**
 * Renaming a family (its pseudonym), for the family page: checked, then audited by the family's
 * id only, never the old or new name.
 */
import { z } from 'zod';
import { done, invalid, type Outcome } from '../admin/outcome.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';

export const Pseudonym = z
  .string({ error: 'give the family a pseudonym (a made-up name, not their real one)' })
  .trim()
  .min(1, 'give the family a pseudonym (a made-up name, not their real one)')
  .max(80, { error: (issue) => `at most 80 characters; this one has ${String(issue.input).length}` });

export async function renameFamily(
  store: DocumentStore,
  family: FamilyRecord,
  input: { pseudonym: unknown },
  by: string,
): Promise<Outcome<FamilyRecord>> {
  const parsed = z.object({ pseudonym: Pseudonym }).safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  await store.families.renameFamily(family.id, parsed.data.pseudonym);
  await store.access.audit({
    action: 'family.rename',
    outcome: 'ok',
    actor: by,
    projectId: family.projectId,
    subject: family.id,
  });
  return done({ ...family, pseudonym: parsed.data.pseudonym });
}
