/** The CSV tables read back (with the project's CSV reader) to the same rows, formulas neutralised. */
import { describe, expect, it } from 'vitest';
import { consentAsFiled } from '../../../src/model/index.ts';
import { parseCsv } from '../../../src/csv/index.ts';
import { exportView, indicatorsCsv, linksCsv } from '../../../src/toc/index.ts';
import { exampleJourneys, nastyToc, smallToc } from '../../fixtures/small-toc.ts';

const rows = (csv: string) => parseCsv(csv).map((row) => row.cells);
/** What a cell should read back as: text a spreadsheet would run as a formula gets a leading apostrophe. */
const neutral = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

describe('linksCsv', () => {
  it('has one row per link, with the titles of both ends, and reads back to the same cells', () => {
    const view = exportView(smallToc(), exampleJourneys(), {
      audience: 'invited',
      minFamilies: 3,
      consentOf: consentAsFiled(exampleJourneys()),
    });
    const table = rows(linksCsv(view));
    expect(table[0]).toEqual([
      'id',
      'from id',
      'from title',
      'to id',
      'to title',
      'rationale',
      'interventions',
      'assumptions',
      'confidence',
      'families',
    ]);
    expect(table).toHaveLength(view.links.length + 1);
    expect(table[1]).toEqual([
      'l1',
      'keep-coming-back',
      'A key worker who keeps coming back, ten hours a week',
      'family-says-yes',
      'The family agrees to work with the team',
      'Families who have seen many workers come and go say no at first.',
      'Drop by every day for a week\nLet the family choose their worker',
      'Families who said no at first will say yes to a worker who keeps coming back',
      'high',
      '3',
    ]);
    expect(table[2]?.slice(-2)).toEqual(['medium', '1']);
    expect(table[7]?.slice(-2)).toEqual(['', '0']);
  });

  it('neutralises titles a spreadsheet would run as a formula, and keeps every other text as it was', () => {
    const toc = nastyToc();
    const table = rows(linksCsv(toc));
    const title = (id: string) => toc.nodes.find((node) => node.id === id)!.title;
    const sorted = [...toc.links].sort((a, b) => (a.id < b.id ? -1 : 1));
    sorted.forEach((link, i) => {
      const row = table[i + 1]!;
      expect(row[2]).toBe(neutral(title(link.from)));
      expect(row[4]).toBe(neutral(title(link.to)));
      expect(row[5]).toBe(neutral(link.rationale!));
      expect(row[6]).toBe(neutral(link.interventions.join('\n')));
    });
    const cells = table.flat();
    for (const formula of ['=HYPERLINK("http://x","y")', '+1', '@SUM(A1)', '-2']) {
      expect(cells).not.toContain(formula);
    }
    expect(cells).toContain('\'=HYPERLINK("http://x","y")');
    expect(cells).toContain("'+1");
    expect(cells).toContain("'@SUM(A1)");
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe('indicatorsCsv', () => {
  it('has the IATI measure code, values exactly, and the periods one to a line', () => {
    const table = rows(indicatorsCsv(smallToc()));
    expect(table[0]).toEqual([
      'id',
      'node id',
      'node title',
      'title',
      'measure',
      'IATI measure code',
      'ascending',
      'population',
      'target value',
      'target comment',
      'threshold value',
      'threshold comment',
      'timeline',
      'baseline year',
      'baseline value',
      'baseline comment',
      'periods',
      'cost event type',
      'progress level',
    ]);
    const byId = Object.fromEntries(
      table.slice(1).map((row) => [row[0], Object.fromEntries(row.map((c, i) => [table[0]![i], c]))]),
    );
    expect(byId.i1).toMatchObject({
      'node title': 'Children in school most days',
      measure: 'percentage',
      'IATI measure code': '2',
      ascending: 'true',
      'target value': '80',
      'target comment': 'of children',
      'threshold value': '90',
      'baseline year': '2015',
      'baseline value': '62.5',
      periods: '2016-04-01 to 2017-03-31: target 70; actual 72.25 (census)\n2017-04-01 to 2018-03-31: target 80',
      'cost event type': 'persistent_absence',
      'progress level': '',
    });
    expect(byId.i2).toMatchObject({
      'IATI measure code': '1',
      ascending: 'false',
      'target value': '',
      'target comment': 'halved',
      'threshold value': '0',
      // More than two decimals: kept exactly, not rounded to 3.13.
      'baseline value': '3.125',
    });
    expect(byId.i3).toMatchObject({ 'IATI measure code': '4', 'progress level': '4' });
  });

  it('neutralises formulas in indicator texts too', () => {
    const toc = nastyToc();
    const cells = rows(indicatorsCsv(toc)).flat();
    for (const indicator of toc.indicators) expect(cells).toContain(neutral(indicator.title));
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});
