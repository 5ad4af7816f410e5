/**
 * What a journey's events cost, in the prices of one chosen year, broken down by agency
 * category, stage, before/during/after support and calendar year. Fiscal, economic and social
 * values are kept apart; transfer payments are counted in the fiscal case but flagged and left
 * out of public value. Every priced line says which table, row and price year it came from.
 */
import { findAgency, type AgencyCategory } from '../model/agency.ts';
import type { CostEvent } from '../model/cost-event.ts';
import type { Journey } from '../model/journey.ts';
import type { UnitCost, ValueType } from '../model/unit-cost.ts';
import { yearOf } from '../model/when.ts';
import { uprate, type DeflatorSeries } from './deflator.ts';
import type { UnitCostTable } from './unit-cost-table.ts';

export interface PricedLine {
  eventId: string;
  stageId: string;
  valueType: ValueType;
  category: AgencyCategory;
  period: CostEvent['period'];
  /** Calendar year of the event (its stage's, when the event has no date of its own), or "undated". */
  year: string;
  /** Unit cost in the target year's prices. */
  unitAmount: number;
  quantity: number;
  amount: number;
  transferPayment: boolean;
  /** Where the figure comes from, for "explain this number". */
  provenance:
    | { table: string; code: string; label: string; priceYear: string; attribution: string }
    | { override: string; priceYear: string };
}

export interface Breakdown {
  total: number;
  byCategory: Partial<Record<AgencyCategory, number>>;
  byStage: Record<string, number>;
  byPeriod: Partial<Record<CostEvent['period'], number>>;
  byYear: Record<string, number>;
}

export interface JourneyCosts {
  targetYear: string;
  lines: PricedLine[];
  /** Fiscal includes transfer payments (the financial case); public value leaves them out. */
  fiscal: Breakdown;
  economic: Breakdown;
  social: Breakdown;
  transfers: number;
  /** Events that could not be priced, and why. */
  problems: { eventId: string; reason: string }[];
}

const emptyBreakdown = (): Breakdown => ({ total: 0, byCategory: {}, byStage: {}, byPeriod: {}, byYear: {} });

function add(breakdown: Breakdown, line: PricedLine): void {
  breakdown.total += line.amount;
  breakdown.byCategory[line.category] = (breakdown.byCategory[line.category] ?? 0) + line.amount;
  breakdown.byStage[line.stageId] = (breakdown.byStage[line.stageId] ?? 0) + line.amount;
  breakdown.byPeriod[line.period] = (breakdown.byPeriod[line.period] ?? 0) + line.amount;
  breakdown.byYear[line.year] = (breakdown.byYear[line.year] ?? 0) + line.amount;
}

type Priced = { unitAmount: number; provenance: PricedLine['provenance'] };

/** Rows by code, built once per table (a parsed table never changes). */
const rowsByCode = new WeakMap<UnitCostTable, Map<string, UnitCost[]>>();
function rowsOf(table: UnitCostTable, code: string): UnitCost[] {
  let index = rowsByCode.get(table);
  if (!index) {
    index = new Map();
    for (const row of table.rows) index.set(row.code, [...(index.get(row.code) ?? []), row]);
    rowsByCode.set(table, index);
  }
  return index.get(code) ?? [];
}

/** Each row uprated once per series and target year, its provenance shared by every line using it. */
const pricedRows = new WeakMap<DeflatorSeries, Map<string, WeakMap<UnitCost, Priced>>>();
function priced(row: UnitCost, table: UnitCostTable, series: DeflatorSeries, targetYear: string): Priced {
  let byYear = pricedRows.get(series);
  if (!byYear) pricedRows.set(series, (byYear = new Map()));
  let byRow = byYear.get(targetYear);
  if (!byRow) byYear.set(targetYear, (byRow = new WeakMap()));
  let entry = byRow.get(row);
  if (!entry) {
    entry = {
      unitAmount: uprate(row.amountGbp, row.priceYear, targetYear, series),
      provenance: {
        table: table.id,
        code: row.code,
        label: row.label,
        priceYear: row.priceYear,
        attribution: table.attribution,
      },
    };
    byRow.set(row, entry);
  }
  return entry;
}

/**
 * The fiscal unit cost of an event in target-year prices (no line objects: what cohort-scale
 * sums use). Undefined when it cannot be priced; `journeyCosts` says why.
 */
export function fiscalUnitCost(
  event: CostEvent,
  tables: ReadonlyMap<string, UnitCostTable>,
  series: DeflatorSeries,
  targetYear: string,
): number | undefined {
  if (event.unitCost.kind === 'override')
    return uprate(event.unitCost.amountGbp, event.unitCost.priceYear, targetYear, series);
  const table = tables.get(event.unitCost.table);
  const row = table && rowsOf(table, event.unitCost.code).find((r) => r.valueType === 'fiscal');
  return table && row ? priced(row, table, series, targetYear).unitAmount : undefined;
}

export function journeyCosts(
  journey: Journey,
  tables: ReadonlyMap<string, UnitCostTable>,
  series: DeflatorSeries,
  targetYear: string,
): JourneyCosts {
  const result: JourneyCosts = {
    targetYear,
    lines: [],
    fiscal: emptyBreakdown(),
    economic: emptyBreakdown(),
    social: emptyBreakdown(),
    transfers: 0,
    problems: [],
  };
  // An event dated only by its stage ("the winter we lost the flat, three call-outs") falls in the stage's year.
  const stageWhen = new Map(journey.stages.map((stage) => [stage.id, stage.when]));
  for (const event of journey.costEvents) {
    const agency = findAgency(journey.agencies, event.agencyId);
    if (!agency) {
      result.problems.push({ eventId: event.id, reason: `agency "${event.agencyId}" is unknown` });
      continue;
    }
    const base = {
      eventId: event.id,
      stageId: event.stageId,
      category: agency.category,
      period: event.period,
      year: String(yearOf(event.when) ?? yearOf(stageWhen.get(event.stageId)) ?? 'undated'),
      quantity: event.quantity,
    };
    try {
      if (event.unitCost.kind === 'override') {
        const unitAmount = uprate(event.unitCost.amountGbp, event.unitCost.priceYear, targetYear, series);
        result.lines.push({
          ...base,
          valueType: 'fiscal',
          unitAmount,
          amount: unitAmount * event.quantity,
          transferPayment: false,
          provenance: { override: event.unitCost.source, priceYear: event.unitCost.priceYear },
        });
        continue;
      }
      const { table: tableId, code } = event.unitCost;
      const table = tables.get(tableId);
      const rows = table ? rowsOf(table, code) : [];
      if (!table || rows.length === 0) {
        result.problems.push({
          eventId: event.id,
          reason: table ? `table ${tableId} has no row ${code}` : `no unit-cost table ${tableId}`,
        });
        continue;
      }
      // Every value type the row has: the fiscal case and, where given, economic and social value.
      for (const row of rows) {
        const { unitAmount, provenance } = priced(row, table, series, targetYear);
        result.lines.push({
          ...base,
          valueType: row.valueType,
          unitAmount,
          amount: unitAmount * event.quantity,
          transferPayment: row.transferPayment,
          provenance,
        });
      }
    } catch (error) {
      result.problems.push({ eventId: event.id, reason: (error as Error).message });
    }
  }
  for (const line of result.lines) {
    add(result[line.valueType], line);
    if (line.transferPayment) result.transfers += line.amount;
  }
  return result;
}

/** Public value: fiscal without transfer payments, plus economic and social value. */
export function publicValue(costs: JourneyCosts): number {
  return costs.fiscal.total - costs.transfers + costs.economic.total + costs.social.total;
}
