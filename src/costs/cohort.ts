/**
 * A cohort (any set of journeys) as the cost savings calculator sees it: the average reactive
 * cost per family before and after support, the saving, and who gains. Benefits by agency are
 * before minus after for each reporting category, so an agency whose costs rose shows a
 * negative benefit, as in Leicestershire's Table 3 (seed 002).
 */
import type { AgencyCategory } from '../model/agency.ts';
import { calculatorTable, type CalculatorTable, type Scenario } from './calculator.ts';
import type { JourneyCosts } from './journey-costs.ts';

export interface CohortReport {
  families: number;
  /** Average fiscal cost per family before support (target-year prices). */
  costBeforePerFamily: number;
  costAfterPerFamily: number;
  table: CalculatorTable;
  /** Average benefit per family by agency category, after the scenario's adjustments; may be negative. */
  benefitsByAgency: Partial<Record<AgencyCategory, number>>;
}

export interface CohortInputs {
  deliveryCostPerFamily: number;
  counterfactualCostPerFamily: number;
  scenario: Scenario;
}

export function cohortReport(journeys: readonly JourneyCosts[], inputs: CohortInputs): CohortReport {
  const families = journeys.length;
  const perFamily = (value: number) => (families === 0 ? 0 : value / families);
  let before = 0;
  let after = 0;
  const byAgency: Partial<Record<AgencyCategory, number>> = {};
  for (const costs of journeys) {
    for (const line of costs.lines) {
      if (line.valueType !== 'fiscal' || line.period === 'during') continue;
      const signed = line.period === 'before' ? line.amount : -line.amount;
      if (line.period === 'before') before += line.amount;
      else after += line.amount;
      byAgency[line.category] = (byAgency[line.category] ?? 0) + signed;
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
  };
}
