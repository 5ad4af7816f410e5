/**
 * The reference data the server ships (src/costs/data): the Unit Cost Database sample and its
 * deflator factors, read once at start. A broken shipped file stops the start.
 */
import { readFileSync } from 'node:fs';
import {
  parseDeflatorSeries,
  parseUnitCostTable,
  type DeflatorSeries,
  type UnitCostTable,
} from '../src/costs/index.ts';

export const SHIPPED_TABLE_ID = 'gmca-ucd-v1.4-sample';
export const SHIPPED_ATTRIBUTION = 'Unit Cost Database v1.4, New Economy / GMCA, CC BY 4.0';
/** The prices figures are shown in unless someone chooses another year. */
export const DEFAULT_PRICE_YEAR = '2015/16';

export interface ReferenceData {
  tables: ReadonlyMap<string, UnitCostTable>;
  deflator: DeflatorSeries;
}

const dataFile = (name: string) => readFileSync(new URL(`../src/costs/data/${name}`, import.meta.url), 'utf8');

export function loadReferenceData(): ReferenceData {
  const table = parseUnitCostTable(dataFile('unit-costs-gmca-ucd-v1.4-sample.csv'), {
    id: SHIPPED_TABLE_ID,
    attribution: SHIPPED_ATTRIBUTION,
  });
  if (!table.ok) throw new Error(`the shipped unit-cost table is broken: ${JSON.stringify(table.problems)}`);
  const deflator = parseDeflatorSeries(
    dataFile('gdp-deflator-factors-gmca-ucd-v1.4.csv'),
    'HM Treasury GDP deflator (March 2015), as used by the Unit Cost Database v1.4',
  );
  if (!deflator.ok) throw new Error(`the shipped deflator series is broken: ${JSON.stringify(deflator.problems)}`);
  return { tables: new Map([[SHIPPED_TABLE_ID, table.table]]), deflator: deflator.series };
}
