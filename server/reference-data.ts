/**
 * The reference data the server ships (src/costs/data): the Unit Cost Database sample and its
 * deflator factors, read once at start. A broken shipped file stops the start.
 */
import { readFileSync } from 'node:fs';
import type { StoredReferenceTable } from './storage/document-store.ts';
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

/**
 * The shipped data plus what users imported (kept in storage, checked again here): imported
 * unit-cost tables sit beside the shipped one; the latest imported deflator series, if any,
 * replaces the shipped one.
 */
export function loadReferenceData(imported: readonly StoredReferenceTable[] = []): ReferenceData {
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
  const tables = new Map([[SHIPPED_TABLE_ID, table.table]]);
  let series = deflator.series;
  for (const stored of imported) {
    if (stored.kind === 'unit-costs') {
      const parsed = parseUnitCostTable(stored.csv, { id: stored.id, attribution: stored.label });
      if (parsed.ok) tables.set(stored.id, parsed.table);
    } else {
      const parsed = parseDeflatorSeries(stored.csv, stored.label);
      if (parsed.ok) series = parsed.series;
    }
  }
  return { tables, deflator: series };
}
