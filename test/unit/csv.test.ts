import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/csv/index.ts';

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas, keeping numbers numeric', () => {
    const csv = toCsv([
      ['agency', 'benefit'],
      ['=HYPERLINK("http://evil","x")', -36978],
      ['+1', 1.25],
      ['@SUM(A1)', 0],
      ['-2', 2412],
      ['a "quoted", text\nwith a line', undefined],
    ]);
    const rows = parseCsv(csv).map((r) => r.cells);
    expect(rows).toEqual([
      ['agency', 'benefit'],
      ['\'=HYPERLINK("http://evil","x")', '-36978'],
      ["'+1", '1.25'],
      ["'@SUM(A1)", '0'],
      ["'-2", '2412'],
      ['a "quoted", text\nwith a line', ''],
    ]);
    for (const row of rows.slice(1)) expect(row[0]).not.toMatch(/^[=+\-@]/);
  });
});
