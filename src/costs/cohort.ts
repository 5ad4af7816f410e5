/**
 * A cohort (any set of journeys) as the cost savings calculator sees it: the average reactive
 * cost per family before and after support, the saving, and who gains. Benefits by agency are
 * before minus after for each reporting category, so an agency whose costs rose shows a
 * negative benefit, as in Leicestershire's Table 3 (seed 002). Fiscal values only (the
 * financial case); computed without building priced lines, so it scales to large cohorts.
 */
import { findAgency, type AgencyCategory } from '../model/agency.ts';
import type { Journey } from '../model/journey.ts';
import { calculatorTable, type CalculatorTable, type Scenario } from './calculator.ts';
import type { DeflatorSeries } from './deflator.ts';
import { fiscalUnitCost } from './journey-costs.ts';
import type { UnitCostTable } from './unit-cost-table.ts';

export interface CohortReport {
  families: number;
  /** Average fiscal cost per family before support (target-year prices). */
  costBeforePerFamily: number;
  costAfterPerFamily: number;
  table: CalculatorTable;
  /** Average benefit per family by agency category, after the scenario's adjustments; may be negative. */
  benefitsByAgency: Partial<Record<AgencyCategory, number>>;
  /** Events left out because they could not be priced (their journeys' cost views say why). */
  unpriced: number;
}

export interface CohortInputs {
  deliveryCostPerFamily: number;
  counterfactualCostPerFamily: number;
  scenario: Scenario;
}

export interface Pricing {
  tables: ReadonlyMap<string, UnitCostTable>;
  series: DeflatorSeries;
  targetYear: string;
}

export function cohortReport(journeys: readonly Journey[], pricing: Pricing, inputs: CohortInputs): CohortReport {
  const families = journeys.length;
  const perFamily = (value: number) => (families === 0 ? 0 : value / families);
  let before = 0;
  let after = 0;
  let unpriced = 0;
  const byAgency: Partial<Record<AgencyCategory, number>> = {};
  for (const journey of journeys) {
    for (const event of journey.costEvents) {
      if (event.period === 'during') continue;
      const category = findAgency(journey.agencies, event.agencyId)?.category;
      let unit: number | undefined;
      try {
        unit = fiscalUnitCost(event, pricing.tables, pricing.series, pricing.targetYear);
      } catch {
        unit = undefined;
      }
      if (unit === undefined || !category) {
        unpriced++;
        continue;
      }
      const amount = unit * event.quantity;
      if (event.period === 'before') before += amount;
      else after += amount;
      byAgency[category] = (byAgency[category] ?? 0) + (event.period === 'before' ? amount : -amount);
    }
  }
  const table = calculatorTable({
    deliveryCostPerFamily: inputs.deliveryCostPerFamily,
    counterfactualCostPerFamily: inputs.counterfactualCostPerFamily,
    grossSavingPerFamily: perFamily(before - after),
    scenario: inputs.scenario,
  });
  // The scenario scales every agency's benefit alike, so they still add up to the total benefit.
  const scale = before - after === 0 ? 0 : table.benefitPerFamily / perFamily(before - after);
  const benefitsByAgency = Object.fromEntries(
    Object.entries(byAgency).map(([category, value]) => [category, perFamily(value ?? 0) * scale]),
  );
  return {
    families,
    costBeforePerFamily: perFamily(before),
    costAfterPerFamily: perFamily(after),
    table,
    benefitsByAgency,
    unpriced,
  };
}
