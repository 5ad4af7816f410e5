/**
 * Issue profiles in bulk, as a case-management system exports them: one row per family and
 * assessment, with columns `family` (the family's id in Turning Points, never a name), `point`,
 * `date`, then one per headline or issue id of the set (yes, no, 1, 0, or blank for unknown;
 * any case, spaces trimmed).
 *
 * Every row is checked before anything is accepted, and every problem is reported with its line
 * (where the row starts, so a quoted cell with a line break moves the lines after it), the column
 * number and name, and the reason. The module knows nothing of the store: the server adds its own
 * problems ("no such family") in the same shape.
 */
import { CsvSyntaxError, parseCsv, type CsvRow } from '../csv/read.ts';
import { toCsv } from '../csv/write.ts';
import { answerIds, issueSetRef, type IssueSet } from '../model/issue-set.ts';
import {
  answerOf,
  IssueProfileSchema,
  PROFILE_POINTS,
  profileAgainstSet,
  type Answer,
  type IssueProfile,
  type ProfilePoint,
} from '../model/issue-profile.ts';

/** One profile read from a row, with the family it is for and the line it came from. */
export interface ProfileCsvRow {
  /** Where the row starts in the file. */
  line: number;
  /** The family's id in Turning Points, not yet checked against the store. */
  family: string;
  profile: IssueProfile;
}

/** A problem in an uploaded file. `column` (1-based) and `columnName` are left out when no one column is at fault. */
export interface ProfileCsvError {
  line: number;
  column?: number;
  columnName?: string;
  reason: string;
}

export type ProfileCsvResult =
  | {
      ok: true;
      rows: ProfileCsvRow[];
      /** Lines of rows left as the template gave them (a family's id and nothing else): not imported. */
      untouched: number[];
    }
  | { ok: false; errors: ProfileCsvError[] };

/**
 * A column for people reading the file (the template fills it with each family's pseudonym, so
 * they can tell the rows apart); never checked or imported.
 */
export const READERS_COLUMN = 'pseudonym';

const FIXED = ['family', 'point', 'date'] as const;
type Fixed = (typeof FIXED)[number];

/** Ids as `src/model/ids.ts` mints them (`f_3k9x…`): a name, with its space, is never one. */
const FAMILY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** A Map, not an object: a cell reading "constructor" must not find Object.prototype's. */
const ANSWER_WORDS = new Map<string, Answer>([
  ['yes', 'yes'],
  ['1', 'yes'],
  ['no', 'no'],
  ['0', 'no'],
  ['', 'unknown'],
]);
const ANSWER_CELLS: Record<Answer, string> = { yes: 'yes', no: 'no', unknown: '' };

/** The columns of a file for this set, in the template's order. */
export function profileCsvColumns(set: IssueSet): string[] {
  return [...FIXED, ...answerIds(set)];
}

/** "line 7, column 5 (domestic-abuse): expected yes, no, 1, 0 or blank; got 'Y?'" */
export function formatProfileCsvError(error: ProfileCsvError): string {
  const column = error.column === undefined ? '' : `, column ${error.column}`;
  const name = error.columnName === undefined ? '' : ` (${error.columnName})`;
  return `line ${error.line}${column}${name}: ${error.reason}`;
}

/** A cell as a message shows it: quoted, escaped (a line break shows as \n) and cut short. */
function got(value: string): string {
  const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"');
  return escaped.length > 40 ? `'${escaped.slice(0, 40)}…'` : `'${escaped}'`;
}

/** Each expected column's place in the header, and the header's own problems. */
function readHeader(set: IssueSet, header: CsvRow): { places: Map<string, number>; errors: ProfileCsvError[] } {
  const expected = new Set(profileCsvColumns(set));
  const places = new Map<string, number>();
  const errors: ProfileCsvError[] = [];
  header.cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    const at = { line: header.line, column: index + 1, columnName: cell.trim() };
    const earlier = places.get(name);
    if (name === READERS_COLUMN) return;
    if (!expected.has(name)) {
      errors.push({
        ...at,
        reason:
          name === ''
            ? 'a column has no name'
            : `unknown column; the columns are family, point, date and the ids of ${issueSetRef(set)}'s headlines and issues`,
      });
    } else if (earlier !== undefined) errors.push({ ...at, reason: `repeats column ${earlier + 1}` });
    else places.set(name, index);
  });
  const missing = [...expected].filter((name) => !places.has(name)).map((name) => `"${name}"`);
  if (missing.length > 0) {
    errors.push({ line: header.line, reason: `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` });
  }
  return { places, errors };
}

/** Why a cell of a fixed column is wrong, or undefined when it is right. */
const FIXED_CHECKS: Record<Fixed, (value: string) => string | undefined> = {
  family: (value) => {
    if (value === '') return "expected the family's id in Turning Points; got nothing";
    if (FAMILY_ID.test(value)) return undefined;
    return `expected the family's id in Turning Points (letters, digits, "-" or "_"); got ${got(value)}`;
  },
  point: (value) =>
    (PROFILE_POINTS as readonly string[]).includes(value.toLowerCase())
      ? undefined
      : `expected ${PROFILE_POINTS.slice(0, -1).join(', ')} or ${PROFILE_POINTS.at(-1)}; got ${got(value)}`,
  date: (value) => {
    if (!DATE_SHAPE.test(value)) return `expected a date written year-month-day, like 2016-12-08; got ${got(value)}`;
    if (!IssueProfileSchema.shape.assessedOn.safeParse(value).success) return `no such day: ${got(value)}`;
    return undefined;
  },
};

/** A column the header has: its id, its place and its name as the file writes it. */
interface Column {
  id: string;
  index: number;
  name: string;
}

/** The file's layout, worked out once from its header. */
interface Layout {
  width: number;
  header: CsvRow;
  fixed: Partial<Record<Fixed, Column>>;
  answers: Column[];
}

function layoutOf(ids: readonly string[], header: CsvRow, places: Map<string, number>): Layout {
  const column = (id: string): Column | undefined => {
    const index = places.get(id);
    return index === undefined ? undefined : { id, index, name: header.cells[index]?.trim() ?? id };
  };
  const fixed: Layout['fixed'] = {};
  for (const id of FIXED) {
    const found = column(id);
    if (found) fixed[id] = found;
  }
  const answers = ids.map(column).filter((found) => found !== undefined);
  return { width: header.cells.length, header, fixed, answers };
}

/**
 * What one row says, or nothing when it has problems (added to `errors`). A column missing from
 * the header was reported there, so its cells are not checked.
 */
function readRow(set: IssueSet, layout: Layout, row: CsvRow, errors: ProfileCsvError[]) {
  const { width, header } = layout;
  if (row.cells.length !== width) {
    const short = row.cells.length < width;
    errors.push({
      line: row.line,
      column: Math.min(row.cells.length, width) + 1,
      ...(short ? { columnName: header.cells[row.cells.length]?.trim() ?? '' } : {}),
      reason: `the row has ${row.cells.length} cells; the header has ${width}`,
    });
    return undefined;
  }
  const before = errors.length;
  const problem = (column: Column, reason: string) =>
    errors.push({ line: row.line, column: column.index + 1, columnName: column.name, reason });
  const fixed: Record<Fixed, string> = { family: '', point: '', date: '' };
  for (const id of FIXED) {
    const column = layout.fixed[id];
    if (!column) continue;
    const value = (row.cells[column.index] ?? '').trim();
    const reason = FIXED_CHECKS[id](value);
    if (reason !== undefined) problem(column, reason);
    fixed[id] = value;
  }
  const answers: Record<string, Answer> = {};
  for (const column of layout.answers) {
    const value = (row.cells[column.index] ?? '').trim();
    const answer = ANSWER_WORDS.get(value.toLowerCase());
    if (answer === undefined) problem(column, `expected yes, no, 1, 0 or blank; got ${got(value)}`);
    else answers[column.id] = answer;
  }
  if (errors.length > before) return undefined;
  const profile: IssueProfile = {
    issueSetId: set.id,
    issueSetVersion: set.version,
    point: fixed.point.toLowerCase() as ProfilePoint,
    assessedOn: fixed.date,
    answers,
  };
  return { family: fixed.family, profile };
}

/** Checks a whole file against the set: every row, or every problem. */
export function parseProfileCsv(set: IssueSet, text: string): ProfileCsvResult {
  let table: CsvRow[];
  try {
    table = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    const reason = error.message.replace(/^line \d+, column \d+: /, '');
    return { ok: false, errors: [{ line: error.line, reason: `${reason} (at character ${error.column})` }] };
  }
  const [header, ...body] = table;
  if (!header) {
    const reason = `the file is empty; its first line names the columns: ${profileCsvColumns(set).join(', ')}`;
    return { ok: false, errors: [{ line: 1, reason }] };
  }
  const { places, errors } = readHeader(set, header);
  if (body.length === 0) errors.push({ line: header.line + 1, reason: 'no profiles below the header' });
  const keyed = FIXED.every((name) => places.has(name));
  const layout = layoutOf(answerIds(set), header, places);
  const rows: ProfileCsvRow[] = [];
  const untouched: number[] = [];
  const firstLine = new Map<string, number>();
  const readers = header.cells.findIndex((cell) => cell.trim().toLowerCase() === READERS_COLUMN);
  const familyColumn = places.get('family');
  for (const row of body) {
    // A row of the template nobody filled in: its family's id (and name), and nothing else.
    if (
      row.cells.length === layout.width &&
      row.cells.every((cell, i) => i === familyColumn || i === readers || cell.trim() === '')
    ) {
      untouched.push(row.line);
      continue;
    }
    const read = readRow(set, layout, row, errors);
    if (!read || !keyed) continue;
    const { family, profile } = read;
    const key = JSON.stringify([family, profile.point, profile.assessedOn]);
    const earlier = firstLine.get(key);
    if (earlier === undefined) {
      firstLine.set(key, row.line);
      rows.push({ line: row.line, ...read });
      continue;
    }
    const column = places.get('family') ?? 0;
    errors.push({
      line: row.line,
      column: column + 1,
      columnName: header.cells[column]?.trim() ?? 'family',
      reason: `repeats line ${earlier}: the same family, point (${profile.point}) and date (${profile.assessedOn})`,
    });
  }
  if (errors.length === 0 && rows.length === 0 && untouched.length > 0)
    errors.push({
      line: untouched[0] ?? 2,
      reason: 'no row says anything: fill in the point, the date and the answers',
    });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows, untouched };
}

/** Profiles as a file for this set, which `parseProfileCsv` reads back unchanged. Throws on a profile of another set. */
export function profilesToCsv(set: IssueSet, rows: readonly Pick<ProfileCsvRow, 'family' | 'profile'>[]): string {
  const ids = answerIds(set);
  const known = new Set(ids);
  return toCsv([
    profileCsvColumns(set),
    ...rows.map(({ family, profile }) => {
      const fits =
        profile.issueSetId === set.id &&
        profile.issueSetVersion === set.version &&
        Object.keys(profile.answers).every((id) => known.has(id));
      const problem = fits ? undefined : profileAgainstSet(set, profile)[0];
      if (problem) throw new Error(`family ${family}, ${profile.point} ${profile.assessedOn}: ${problem.message}`);
      return [family, profile.point, profile.assessedOn, ...ids.map((id) => ANSWER_CELLS[answerOf(profile, id)])];
    }),
  ]);
}

/**
 * An empty file to fill in: the header and one example row (an invented family id, to be replaced)
 * showing each kind of answer: "yes" under the first two headlines, "no" under the third, the rest
 * left blank for "not known".
 */
export function profileCsvTemplate(set: IssueSet): string {
  const answers: Record<string, Answer> = {};
  set.headlines.forEach((headline, index) => {
    const first = set.issues.find((issue) => issue.headline === headline.id);
    if (first && index < 3) answers[first.id] = index < 2 ? 'yes' : 'no';
  });
  const example = IssueProfileSchema.parse({
    issueSetId: set.id,
    issueSetVersion: set.version,
    point: 'referral',
    assessedOn: '2016-12-08',
    answers,
  });
  return profilesToCsv(set, [{ family: 'f_example', profile: example }]);
}
