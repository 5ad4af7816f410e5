/**
 * Assessments imported in bulk from a spreadsheet (CSV), into one project, on its current
 * indicator set: columns `family` (the family's id in Turning Points, never a name), `point`,
 * `date`, `rated_by`, then one per indicator id (a level's number or name, an amount, or blank
 * when not assessed). Every row is checked, the families against the store too (each must be a
 * family of this project), and only when no row has a problem are they all kept, in one write.
 * Each problem names its line, column and reason; nothing is half-imported. Audited with the
 * number of rows, never a family's id or a value.
 */
import { CsvSyntaxError, parseCsv, toCsv, type CsvRow } from '../../src/csv/index.ts';
import {
  formatPath,
  indicatorSetRef,
  newId,
  parseAssessment,
  PROFILE_POINTS,
  RATERS,
  type Assessment,
  type IndicatorSet,
} from '../../src/model/index.ts';
import { today } from '../families/decision-input.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import { readValue } from './assessments.ts';

export type AssessmentImport = { ok: true; imported: number } | { ok: false; errors: string[] };

/** A problem in the file. `column` (1-based) and `columnName` are left out when no one column is at fault. */
interface CsvProblem {
  line: number;
  column?: number;
  columnName?: string;
  reason: string;
}

/** At most this many problems are listed: a wrong file would otherwise list every cell of it. */
const LISTED = 100;
const FIXED = ['family', 'point', 'date', 'rated_by'] as const;
type Fixed = (typeof FIXED)[number];
/** Ids as `src/model/ids.ts` mints them (`fa_3k9x…`): a name, with its space, is never one. */
const FAMILY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** The columns of a file for this set, in the template's order. */
export const assessmentCsvColumns = (set: IndicatorSet): string[] => [
  ...FIXED,
  ...set.indicators.map((indicator) => indicator.id),
];

/** "line 7, column 5 (money): expected a level from 1 to 4…" */
function formatProblem(problem: CsvProblem): string {
  const column = problem.column === undefined ? '' : `, column ${problem.column}`;
  const name = problem.columnName === undefined ? '' : ` (${problem.columnName})`;
  return `line ${problem.line}${column}${name}: ${problem.reason}`;
}

/** A cell as a message shows it: quoted, escaped and cut short. */
function got(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"');
  return escaped.length > 40 ? `'${escaped.slice(0, 40)}…'` : `'${escaped}'`;
}

const oneOf = (words: readonly string[]) => `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;

/** Why a cell of a fixed column is wrong, or undefined when it is right. */
function fixedProblem(column: Fixed, value: string, on: string): string | undefined {
  if (column === 'family') {
    if (value === '') return "expected the family's id in Turning Points; got nothing";
    return FAMILY_ID.test(value) ? undefined : `expected the family's id in Turning Points; got ${got(value)}`;
  }
  if (column === 'point')
    return (PROFILE_POINTS as readonly string[]).includes(value)
      ? undefined
      : `expected ${oneOf(PROFILE_POINTS)}; got ${got(value)}`;
  if (column === 'rated_by')
    return (RATERS as readonly string[]).includes(value) ? undefined : `expected ${oneOf(RATERS)}; got ${got(value)}`;
  if (!DATE_SHAPE.test(value)) return `expected a date written year-month-day, like 2016-12-08; got ${got(value)}`;
  if (value > on) return `the day cannot be after today (${on}); got ${got(value)}`;
  return undefined;
}

/** The header's columns by name, and its own problems. */
function readHeader(set: IndicatorSet, header: CsvRow): { places: Map<string, number>; problems: CsvProblem[] } {
  const expected = new Set(assessmentCsvColumns(set));
  const places = new Map<string, number>();
  const problems: CsvProblem[] = [];
  header.cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    const at = { line: header.line, column: index + 1, columnName: cell.trim() };
    const earlier = places.get(name);
    if (!expected.has(name))
      problems.push({
        ...at,
        reason:
          name === ''
            ? 'a column has no name'
            : `unknown column; the columns are family, point, date, rated_by and the ids of ${indicatorSetRef(set)}'s indicators`,
      });
    else if (earlier !== undefined) problems.push({ ...at, reason: `repeats column ${earlier + 1}` });
    else places.set(name, index);
  });
  const missing = [...expected].filter((name) => !places.has(name)).map((name) => `"${name}"`);
  if (missing.length > 0)
    problems.push({
      line: header.line,
      reason: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
    });
  return { places, problems };
}

interface ReadRow {
  line: number;
  /** The family column's place (1-based), for a problem with the family found later. */
  familyColumn: number;
  family: string;
  assessment: Assessment;
}

/** One row as an assessment, or nothing when it has problems (added to `problems`). */
function readRow(
  set: IndicatorSet,
  header: CsvRow,
  places: Map<string, number>,
  row: CsvRow,
  problems: CsvProblem[],
  on: string,
) {
  const width = header.cells.length;
  if (row.cells.length !== width) {
    problems.push({
      line: row.line,
      column: Math.min(row.cells.length, width) + 1,
      reason: `the row has ${row.cells.length} cells; the header has ${width}`,
    });
    return undefined;
  }
  const before = problems.length;
  const cell = (name: string) => (row.cells[places.get(name) ?? -1] ?? '').trim();
  const problem = (name: string, reason: string) => {
    const index = places.get(name) ?? 0;
    problems.push({ line: row.line, column: index + 1, columnName: header.cells[index]?.trim() ?? name, reason });
  };
  for (const name of FIXED) {
    const reason = fixedProblem(name, name === 'family' ? cell(name) : cell(name).toLowerCase(), on);
    if (reason !== undefined) problem(name, reason);
  }
  const values: Record<string, number> = {};
  for (const indicator of set.indicators) {
    const read = readValue(indicator, cell(indicator.id));
    if ('problem' in read) problem(indicator.id, read.problem);
    else if (read.value !== undefined) values[indicator.id] = read.value;
  }
  if (problems.length > before) return undefined;
  const parsed = parseAssessment(set, {
    indicatorSetId: set.id,
    indicatorSetVersion: set.version,
    point: cell('point').toLowerCase(),
    assessedOn: cell('date'),
    ratedBy: cell('rated_by').toLowerCase(),
    values,
  });
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      const indicator = set.indicators.find((candidate) => formatPath(['values', candidate.id]) === issue.path);
      problem(indicator?.id ?? (issue.path === '$.assessedOn' ? 'date' : 'family'), issue.message);
    }
    return undefined;
  }
  if (Object.keys(values).length === 0) {
    problems.push({ line: row.line, reason: 'nothing is rated: fill in at least one indicator, or delete the row' });
    return undefined;
  }
  return {
    line: row.line,
    familyColumn: (places.get('family') ?? 0) + 1,
    family: cell('family'),
    assessment: parsed.assessment,
  };
}

/** Checks a whole file against the set: every row, or every problem. */
export function parseAssessmentCsv(
  set: IndicatorSet,
  text: string,
  on: string = today(),
): { rows: ReadRow[]; problems: CsvProblem[] } {
  let table: CsvRow[];
  try {
    table = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    const reason = error.message.replace(/^line \d+, column \d+: /, '');
    return { rows: [], problems: [{ line: error.line, reason: `${reason} (at character ${error.column})` }] };
  }
  const [header, ...body] = table;
  if (!header) {
    const reason = `the file is empty; its first line names the columns: ${assessmentCsvColumns(set).join(', ')}`;
    return { rows: [], problems: [{ line: 1, reason }] };
  }
  const { places, problems } = readHeader(set, header);
  if (body.length === 0) problems.push({ line: header.line + 1, reason: 'no assessments below the header' });
  if (problems.length > 0) return { rows: [], problems };
  const rows: ReadRow[] = [];
  const firstLine = new Map<string, number>();
  for (const row of body) {
    const read = readRow(set, header, places, row, problems, on);
    if (!read) continue;
    const { point, assessedOn, ratedBy } = read.assessment;
    const key = JSON.stringify([read.family, point, assessedOn, ratedBy]);
    const earlier = firstLine.get(key);
    if (earlier === undefined) {
      firstLine.set(key, row.line);
      rows.push(read);
    } else
      problems.push({
        line: row.line,
        column: read.familyColumn,
        columnName: 'family',
        reason: `repeats line ${earlier}: the same family, point, date and rated_by`,
      });
  }
  return { rows, problems };
}

/**
 * Import the file's assessments into the project on `set`, all or none. The problems come back
 * by line, then column, at most 100 of them.
 */
export async function importAssessments(
  store: DocumentStore,
  set: IndicatorSet,
  projectId: string,
  text: string,
  by: string,
): Promise<AssessmentImport> {
  const { rows, problems } = parseAssessmentCsv(set, text);
  const ours = new Set((await store.families.listFamilies([projectId])).map((family) => family.id));
  for (const row of rows)
    if (!ours.has(row.family))
      problems.push({
        line: row.line,
        column: row.familyColumn,
        columnName: 'family',
        reason: `there is no family ${got(row.family)} in this project: use the ids the template lists`,
      });
  const action = 'assessments.import';
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    const listed = problems.slice(0, LISTED).map(formatProblem);
    if (problems.length > LISTED) listed.push(`…and ${problems.length - LISTED} more problems`);
    await store.access.audit({
      action,
      outcome: 'refused',
      actor: by,
      projectId,
      detail: `${problems.length} problems`,
    });
    return { ok: false, errors: listed };
  }
  const at = new Date().toISOString();
  await store.research.putAssessments(
    rows.map((row) => ({ ...row.assessment, id: newId('as'), familyId: row.family, recordedBy: by, recordedAt: at })),
  );
  await store.access.audit({ action, outcome: 'ok', actor: by, projectId, detail: `${rows.length} rows` });
  return { ok: true, imported: rows.length };
}

/** A file to fill in: the project's families by id, one referral row each, dated today, the rest blank. */
export async function assessmentTemplate(
  store: DocumentStore,
  set: IndicatorSet,
  projectId: string,
  on: string,
): Promise<string> {
  const families = await store.families.listFamilies([projectId]);
  return toCsv([
    assessmentCsvColumns(set),
    ...families.map((family) => [family.id, 'referral', on, '', ...set.indicators.map(() => '')]),
  ]);
}
