/**
 * Issue profiles imported in bulk from a case-management CSV, into one project: every row is
 * checked (the file's own shape by `parseProfileCsv`, then each family against the store: it must
 * be a family of this project), and only when no row has a problem are they all kept, in one
 * write. Each problem names its line, column and reason; nothing is half-imported. Audited with
 * the number of rows, never a family's id or answer.
 */
import { formatProfileCsvError, parseProfileCsv, profilesToCsv, type ProfileCsvError } from '../../src/issues/index.ts';
import { IssueProfileSchema, newId, type IssueSet } from '../../src/model/index.ts';
import type { DocumentStore } from '../storage/document-store.ts';

export type ProfileImport = { ok: true; imported: number } | { ok: false; errors: string[] };

/** At most this many problems are listed: a wrong file would otherwise list every cell of it. */
const LISTED = 100;

export async function importProfiles(
  store: DocumentStore,
  set: IssueSet,
  projectId: string,
  text: string,
  by: string,
): Promise<ProfileImport> {
  const parsed = parseProfileCsv(set, text);
  const errors: ProfileCsvError[] = parsed.ok ? [] : [...parsed.errors];
  const rows = parsed.ok ? parsed.rows : [];
  const ours = new Set((await store.families.listFamilies([projectId])).map((f) => f.id));
  for (const row of rows)
    if (!ours.has(row.family))
      errors.push({
        line: row.line,
        column: 1,
        columnName: 'family',
        reason: `there is no family ${JSON.stringify(row.family)} in this project: use the ids the template lists`,
      });
  if (errors.length > 0) {
    errors.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    const listed = errors.slice(0, LISTED).map(formatProfileCsvError);
    if (errors.length > LISTED) listed.push(`…and ${errors.length - LISTED} more problems`);
    await store.access.audit({
      action: 'profiles.import',
      outcome: 'refused',
      actor: by,
      projectId,
      detail: `${errors.length} problems`,
    });
    return { ok: false, errors: listed };
  }
  const at = new Date().toISOString();
  await store.research.putProfiles(
    rows.map((row) => ({
      ...row.profile,
      id: newId('pf'),
      familyId: row.family,
      source: 'import' as const,
      recordedBy: by,
      recordedAt: at,
    })),
  );
  await store.access.audit({
    action: 'profiles.import',
    outcome: 'ok',
    actor: by,
    projectId,
    detail: `${rows.length} rows`,
  });
  return { ok: true, imported: rows.length };
}

/** A file to fill in: the project's families by id, one referral row each, every answer blank (not known). */
export async function profileTemplate(
  store: DocumentStore,
  set: IssueSet,
  projectId: string,
  on: string,
): Promise<string> {
  const families = await store.families.listFamilies([projectId]);
  const blank = IssueProfileSchema.parse({
    issueSetId: set.id,
    issueSetVersion: set.version,
    point: 'referral',
    assessedOn: on,
    answers: {},
  });
  return profilesToCsv(
    set,
    families.map((family) => ({ family: family.id, profile: blank })),
  );
}
