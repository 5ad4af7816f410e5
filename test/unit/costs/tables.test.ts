import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/csv/index.ts';
import { parseDeflatorSeries, parseUnitCostTable, uprate, UNIT_COST_COLUMNS } from '../../../src/costs/index.ts';
import { COST_EVENT_KINDS } from '../../../src/model/index.ts';
import { shippedDeflator, shippedTable } from './reference-data.ts';

const META = { id: 'mine', attribution: 'My council, 2026' };
const header = UNIT_COST_COLUMNS.join(',');
const good =
  'CR1.1,"Police: ASB incident, no further action",police_callout,Per incident,Police,,fiscal,35.0,2002/03,R,R,no,"LSE, 2003",UCD,CC BY 4.0';

describe('CSV', () => {
  it('reads quoted commas, quotes and line breaks, and says where a quote goes wrong', () => {
    expect(parseCsv('a,"b, ""c""\nd",e\r\n1,2,3\n').map((r) => r.cells)).toEqual([
      ['a', 'b, "c"\nd', 'e'],
      ['1', '2', '3'],
    ]);
    expect(() => parseCsv('a,b"c\n')).toThrow(/line 1, column 4/);
    expect(() => parseCsv('a,"open\nstill open')).toThrow(/never closed/);
  });
});

describe('unit-cost tables', () => {
  it('ship the Unit Cost Database sample: 39 rows, with provenance', () => {
    const table = shippedTable();
    expect(table.rows).toHaveLength(39);
    expect(table.rows.find((r) => r.code === 'E&E1.0.1')?.transferPayment).toBe(true);
    expect(table.rows.filter((r) => r.code === 'CR2.0').map((r) => r.valueType)).toEqual([
      'fiscal',
      'economic',
      'social',
    ]);
  });

  it('price every cost-event type by a row of the shipped table that is for that type', () => {
    const table = shippedTable();
    for (const [type, kind] of Object.entries(COST_EVENT_KINDS)) {
      if (!('defaultUnitCode' in kind)) continue;
      const row = table.rows.find((r) => r.code === kind.defaultUnitCode);
      expect(row, type).toBeDefined();
    }
  });

  it('report bad rows by line and column, and accept nothing until all are good', () => {
    const bad = [
      header,
      good,
      good.replace('35.0', 'thirty'),
      good.replace('2002/03', '2002/04').replace('CR1.1', 'X1'),
      good.replace(',no,', ',maybe,').replace('CR1.1', 'X2'),
    ].join('\n');
    const result = parseUnitCostTable(bad, META);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => `${p.line}:${p.column}`)).toEqual([
        '3:amount_gbp',
        '4:price_year',
        '5:transfer_payment',
      ]);
    }
    expect(parseUnitCostTable([header, good, good].join('\n'), META)).toMatchObject({
      ok: false,
      problems: [{ line: 3, column: 'code' }],
    });
    expect(parseUnitCostTable('code,label\nx,y', META)).toMatchObject({
      ok: false,
      problems: [{ line: 1, column: '(header)' }],
    });
  });
});

describe('uprating', () => {
  it('brings a figure to another price year and back', () => {
    const series = shippedDeflator();
    expect(uprate(35, '2002/03', '2015/16', series)).toBeCloseTo(35 * 1.347);
    expect(uprate(uprate(500, '2008/09', '2013/14', series), '2013/14', '2008/09', series)).toBeCloseTo(500);
    expect(() => uprate(1, '1999/00', '2015/16', series)).toThrow(/no factor for 1999\/00/);
  });

  it('imports a deflator series, naming bad lines', () => {
    expect(parseDeflatorSeries('price_year,factor\n2020/21,1.1\n2021/22,x\n2021/23,1', 'mine')).toMatchObject({
      ok: false,
      problems: [{ line: 3 }, { line: 4, column: 'price_year' }],
    });
  });
});
