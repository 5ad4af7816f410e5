/**
 * What a journey's events cost, in the prices of one chosen year, broken down by agency
 * category, stage, before/during/after support and calendar year. Fiscal, economic and social
 * values are kept apart; transfer payments are counted in the fiscal case but flagged and left
 * out of public value. Every priced line says which table, row and price year it came from.
 */
import { findAgency, type AgencyCategory } from '../model/agency.ts';
import type { CostEvent } from '../model/cost-event.ts';
import type { Journey } from '../model/journey.ts';
import type { ValueType } from '../model/unit-cost.ts';
import { yearOf } from '../model/when.ts';
import { uprate, type DeflatorSeries } from './deflator.ts';
import type { UnitCostTable } from './unit-cost-table.ts';

export interface PricedLine {
  eventId: string;
  stageId: string;
  valueType: ValueType;
  category: AgencyCategory;
  period: CostEvent['period'];
  /** Calendar year of the event, or "undated". */
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
      year: String(yearOf(event.when) ?? 'undated'),
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
      const rows = table?.rows.filter((row) => row.code === code) ?? [];
      if (!table || rows.length === 0) {
        result.problems.push({
          eventId: event.id,
          reason: table ? `table ${tableId} has no row ${code}` : `no unit-cost table ${tableId}`,
        });
        continue;
      }
      // Every value type the row has: the fiscal case and, where given, economic and social value.
      for (const row of rows) {
        const unitAmount = uprate(row.amountGbp, row.priceYear, targetYear, series);
        result.lines.push({
          ...base,
          valueType: row.valueType,
          unitAmount,
          amount: unitAmount * event.quantity,
          transferPayment: row.transferPayment,
          provenance: {
            table: tableId,
            code,
            label: row.label,
            priceYear: row.priceYear,
            attribution: table.attribution,
          },
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
