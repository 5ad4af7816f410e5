/** The shipped reference data, read the way the server will read it. */
import { readFileSync } from 'node:fs';
import {
  parseDeflatorSeries,
  parseUnitCostTable,
  type DeflatorSeries,
  type UnitCostTable,
} from '../../../src/costs/index.ts';

const dataDir = new URL('../../../src/costs/data/', import.meta.url);

export function shippedTable(): UnitCostTable {
  const result = parseUnitCostTable(readFileSync(new URL('unit-costs-gmca-ucd-v1.4-sample.csv', dataDir), 'utf8'), {
    id: 'gmca-ucd-v1.4-sample',
    attribution: 'Unit Cost Database v1.4, New Economy / GMCA, CC BY 4.0',
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.table;
}

export function shippedDeflator(): DeflatorSeries {
  const result = parseDeflatorSeries(
    readFileSync(new URL('gdp-deflator-factors-gmca-ucd-v1.4.csv', dataDir), 'utf8'),
    'HM Treasury GDP deflator, March 2015, as used by the Unit Cost Database v1.4',
  );
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.series;
}
