/**
 * Issue profiles imported in bulk from a case-management CSV, into one project: every row is
 * checked (the file's own shape by `parseProfileCsv`, then each family against the store: it must
 * be a family of this project), and only when no row has a problem are they all kept, in one
 * write. Each problem names its line, column and reason; nothing is half-imported. Audited with
 * the number of rows, never a family's id or answer.
 */
import { toCsv } from '../../src/csv/index.ts';
import {
  formatProfileCsvError,
  parseProfileCsv,
  profileCsvColumns,
  READERS_COLUMN,
  type ProfileCsvError,
} from '../../src/issues/index.ts';
import { newId, type IssueSet } from '../../src/model/index.ts';
import type { DocumentStore } from '../storage/document-store.ts';

export type ProfileImport = { ok: true; imported: number; untouched: number } | { ok: false; errors: string[] };

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
  return { ok: true, imported: rows.length, untouched: parsed.ok ? parsed.untouched.length : 0 };
}

/**
 * A file to fill in: a row for each of the project's families, its id and (for the people filling
 * it in, never imported) its pseudonym, the rest blank. A row left blank is not imported.
 */
export async function profileTemplate(store: DocumentStore, set: IssueSet, projectId: string): Promise<string> {
  const families = await store.families.listFamilies([projectId]);
  const [family, ...rest] = profileCsvColumns(set);
  return toCsv([
    [family ?? 'family', READERS_COLUMN, ...rest],
    ...families.map((f) => [f.id, f.pseudonym, ...rest.map(() => '')]),
  ]);
}
