/**
 * Issue profiles imported from, and exported to, a case-management CSV. The round-trip property
 * prints fast-check's seed and path when it fails; pass them back as `{ seed, path }` in the
 * `fc.assert` options to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatProfileCsvError,
  parseProfileCsv,
  PHASE_TWO_ISSUE_SET,
  profileCsvColumns,
  profileCsvTemplate,
  profilesToCsv,
  type ProfileCsvResult,
} from '../../../src/issues/index.ts';
import { ANSWERS, PROFILE_POINTS, type IssueProfile } from '../../../src/model/issue-profile.ts';
import { answerIds } from '../../../src/model/issue-set.ts';

const set = PHASE_TWO_ISSUE_SET;
const columns = profileCsvColumns(set);
const columnOf = (name: string) => columns.indexOf(name) + 1;

/** A data line with these cells by column name, the rest blank. */
const row = (cells: Record<string, string>) => columns.map((name) => cells[name] ?? '').join(',');
const good = (family: string, extra: Record<string, string> = {}) =>
  row({ family, point: 'referral', date: '2016-12-08', ...extra });

const errorsOf = (result: ProfileCsvResult) => (result.ok ? [] : result.errors.map(formatProfileCsvError));

describe('importing issue profiles from CSV', () => {
  it('reads the template back as one profile, every answer given', () => {
    const result = parseProfileCsv(set, profileCsvTemplate(set));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toHaveLength(1);
    const [only] = result.rows;
    expect(only!.family).toBe('f_example');
    expect(only!.profile.answers).toMatchObject({ offending: 'yes', 'poor-attendance': 'yes', 'child-in-need': 'no' });
    expect(Object.keys(only!.profile.answers)).toEqual(answerIds(set));
  });

  it('accepts yes, no, 1, 0 and blank in any case, spaces trimmed, a BOM and Windows line ends', () => {
    const header = columns.map((c) => ` ${c.toUpperCase()} `).join(',');
    const text = `\uFEFF${header}\r\n${good('f_1', { asb: ' YES ', offending: '1', 'domestic-abuse': 'No', send: '0', point: ' Review ' })}\r\n`;
    const result = parseProfileCsv(set, text);
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok) return;
    const { line, family, profile } = result.rows[0]!;
    expect([line, family, profile.point, profile.assessedOn]).toEqual([2, 'f_1', 'review', '2016-12-08']);
    expect(profile.answers).toMatchObject({
      asb: 'yes',
      offending: 'yes',
      'domestic-abuse': 'no',
      send: 'no',
      health: 'unknown',
    });
    expect([profile.issueSetId, profile.issueSetVersion]).toEqual(['tf-phase-two', 1]);
  });

  it('reports every bad row by line and column, counting the lines a quoted line break adds', () => {
    const text = [
      columns.join(','),
      good('f_1', { asb: '"yes\n"' }), // lines 2–3: a line break inside quotes, still a good answer
      good('f_2'), // line 4
      good('Jane Smith', { 'domestic-abuse': 'Y?' }), // line 5
      good('f_3', { point: 'referal', date: '08/12/2016' }), // line 6
      good('f_4', { date: '2023-02-29', school: '"ye\ns"' }), // lines 7–8
      good('f_5', { health: '2', asb: 'constructor' }), // line 9
    ].join('\r\n');
    expect(errorsOf(parseProfileCsv(set, text))).toEqual([
      `line 5, column 1 (family): expected the family's id in Turning Points (letters, digits, "-" or "_"); got 'Jane Smith'`,
      `line 5, column ${columnOf('domestic-abuse')} (domestic-abuse): expected yes, no, 1, 0 or blank; got 'Y?'`,
      `line 6, column 2 (point): expected referral, review or closure; got 'referal'`,
      `line 6, column 3 (date): expected a date written year-month-day, like 2016-12-08; got '08/12/2016'`,
      `line 7, column 3 (date): no such day: '2023-02-29'`,
      `line 7, column ${columnOf('school')} (school): expected yes, no, 1, 0 or blank; got 'ye\\ns'`,
      `line 9, column ${columnOf('asb')} (asb): expected yes, no, 1, 0 or blank; got 'constructor'`,
      `line 9, column ${columnOf('health')} (health): expected yes, no, 1, 0 or blank; got '2'`,
    ]);
  });

  it('leaves out rows the template gave and nobody filled in, reading the pseudonym column for people only', () => {
    const header = ['family', 'pseudonym', ...columns.slice(1)].join(',');
    const blank = (family: string, name: string) => [family, name, ...columns.slice(1).map(() => '')].join(',');
    const filled = [
      'f_2',
      'The Holt family',
      'closure',
      '2017-02-01',
      ...columns.slice(3).map((c) => (c === 'asb' ? 'yes' : '')),
    ].join(',');
    const result = parseProfileCsv(set, [header, blank('f_1', 'The Doyle family'), filled].join('\n'));
    expect(errorsOf(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.family)).toEqual(['f_2']);
    expect(result.untouched).toEqual([2]);
    // A file in which nobody filled in anything says so, rather than importing nothing quietly.
    expect(errorsOf(parseProfileCsv(set, [header, blank('f_1', 'The Doyle family')].join('\n')))).toEqual([
      'line 2: no row says anything: fill in the point, the date and the answers',
    ]);
  });

  it('returns only errors when one row of many is bad', () => {
    const text = [columns.join(','), good('f_1'), good('f_2', { asb: 'maybe' }), good('f_3')].join('\n');
    const result = parseProfileCsv(set, text);
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, column: columnOf('asb'), columnName: 'asb', reason: "expected yes, no, 1, 0 or blank; got 'maybe'" },
      ],
    });
  });

  it('reports header problems on line 1 and still checks the rows', () => {
    const header = [...columns.filter((c) => c !== 'date' && c !== 'send'), 'housing', 'ASB'];
    const text = `${header.join(',')}\n${header.map((c) => (c === 'family' ? 'f_1' : c === 'point' ? 'closure' : c === 'asb' ? 'x' : '')).join(',')}\n`;
    expect(errorsOf(parseProfileCsv(set, text))).toEqual([
      `line 1, column ${header.length - 1} (housing): unknown column; the columns are family, point, date and the ids of tf-phase-two@1's headlines and issues`,
      `line 1, column ${header.length} (ASB): repeats column ${header.indexOf('asb') + 1}`,
      'line 1: missing columns "date", "send"',
      `line 2, column ${header.indexOf('asb') + 1} (asb): expected yes, no, 1, 0 or blank; got 'x'`,
    ]);
  });

  it('refuses the same family, point and date twice, and rows of the wrong width', () => {
    const text = [
      columns.join(','),
      good('f_1'),
      good('f_2'),
      good('f_1', { asb: 'yes' }),
      'f_9,referral',
      `${good('f_8')},`,
    ].join('\n');
    expect(errorsOf(parseProfileCsv(set, text))).toEqual([
      'line 4, column 1 (family): repeats line 2: the same family, point (referral) and date (2016-12-08)',
      `line 5, column 3 (date): the row has 2 cells; the header has ${columns.length}`,
      `line 6, column ${columns.length + 1}: the row has ${columns.length + 1} cells; the header has ${columns.length}`,
    ]);
  });

  it('reports a file that is not CSV, an empty file and a file with no rows', () => {
    expect(errorsOf(parseProfileCsv(set, `${columns.join(',')}\nf_1,re"view`))).toEqual([
      'line 2: a quote inside an unquoted field (at character 7)',
    ]);
    expect(errorsOf(parseProfileCsv(set, ''))[0]).toMatch(
      /^line 1: the file is empty; its first line names the columns: family, point, date, crime-asb, offending/,
    );
    expect(errorsOf(parseProfileCsv(set, `${columns.join(',')}\r\n`))).toEqual([
      'line 2: no profiles below the header',
    ]);
  });
});

describe('exporting issue profiles to CSV', () => {
  const profile = (answers: IssueProfile['answers']): IssueProfile => ({
    issueSetId: set.id,
    issueSetVersion: set.version,
    point: 'closure',
    assessedOn: '2017-03-31',
    answers,
  });

  it('writes yes, no and blank for unknown, and neutralises a cell a spreadsheet would run', () => {
    const csv = profilesToCsv(set, [{ family: '=HYPERLINK("x")', profile: profile({ asb: 'yes', send: 'no' }) }]);
    const [header, line] = csv.split('\r\n');
    expect(header).toBe(columns.join(','));
    expect(line).toBe(`"'=HYPERLINK(""x"")",closure,2017-03-31,${row({ asb: 'yes', send: 'no' }).slice(3)}`);
  });

  it('refuses a profile answered on another set', () => {
    expect(() => profilesToCsv(set, [{ family: 'f_1', profile: { ...profile({}), issueSetVersion: 2 } }])).toThrow(
      'family f_1, closure 2017-03-31: was answered on tf-phase-two@2, not tf-phase-two@1',
    );
  });

  it('round-trips any valid rows through the exporter and back', () => {
    const ids = answerIds(set);
    const rowArb = fc.record({
      family: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/),
      point: fc.constantFrom(...PROFILE_POINTS),
      assessedOn: fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      answers: fc.tuple(...ids.map(() => fc.constantFrom(...ANSWERS))),
    });
    const rowsArb = fc.uniqueArray(rowArb, {
      minLength: 1,
      maxLength: 8,
      selector: (r) => `${r.family}|${r.point}|${r.assessedOn}`,
    });
    fc.assert(
      fc.property(rowsArb, (generated) => {
        const rows = generated.map((r) => ({
          family: r.family,
          profile: {
            issueSetId: set.id,
            issueSetVersion: set.version,
            point: r.point,
            assessedOn: r.assessedOn,
            answers: Object.fromEntries(ids.map((id, i) => [id, r.answers[i]!])),
          },
        }));
        const result = parseProfileCsv(set, profilesToCsv(set, rows));
        expect(errorsOf(result)).toEqual([]);
        if (!result.ok) return;
        expect(result.rows).toEqual(rows.map((r, i) => ({ line: i + 2, ...r })));
      }),
      { numRuns: 100 },
    );
  });
});
