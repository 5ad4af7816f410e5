/**
 * The Troubled Families cost savings calculator's return-on-investment table, as councils
 * report it (Leicestershire, seed 002, Table 2): cost of delivering the service per family,
 * the estimated cost per family of what would have happened anyway, the net cost, the benefit
 * per family and the return on investment. Deadweight, attribution and optimism bias are
 * explicit scenario parameters, applied to the gross saving and shown beside the result.
 */
export interface Scenario {
  /** Share of the change that would have happened anyway (0–1). */
  deadweight: number;
  /** Share of the remaining change owed to this programme (0–1). */
  attribution: number;
  /** Share by which benefits are reduced for over-optimism (0–1). */
  optimismBias: number;
}

/** No adjustment: the benefit is taken as measured. */
export const NO_ADJUSTMENT: Scenario = { deadweight: 0, attribution: 1, optimismBias: 0 };

export interface CalculatorInputs {
  /** Average cost per family of delivering the service. */
  deliveryCostPerFamily: number;
  /**
   * Average estimated cost per family of the services the family would have had otherwise
   * (Leicestershire: "pre-SLF"); it offsets the delivery cost.
   */
  counterfactualCostPerFamily: number;
  /** Average reduction in reactive costs per family (before support minus after). */
  grossSavingPerFamily: number;
  scenario: Scenario;
}

export interface CalculatorTable {
  deliveryCostPerFamily: number;
  counterfactualCostPerFamily: number;
  netCostPerFamily: number;
  benefitPerFamily: number;
  /** Pounds of benefit per pound of net cost ("£0.39 : £1.00"); undefined when nothing was spent net. */
  returnOnInvestment: number | undefined;
  scenario: Scenario;
}

export function adjustedBenefit(gross: number, scenario: Scenario): number {
  return gross * (1 - scenario.deadweight) * scenario.attribution * (1 - scenario.optimismBias);
}

export function calculatorTable(inputs: CalculatorInputs): CalculatorTable {
  const netCostPerFamily = inputs.deliveryCostPerFamily - inputs.counterfactualCostPerFamily;
  const benefitPerFamily = adjustedBenefit(inputs.grossSavingPerFamily, inputs.scenario);
  return {
    deliveryCostPerFamily: inputs.deliveryCostPerFamily,
    counterfactualCostPerFamily: inputs.counterfactualCostPerFamily,
    netCostPerFamily,
    benefitPerFamily,
    returnOnInvestment: netCostPerFamily > 0 ? benefitPerFamily / netCostPerFamily : undefined,
    scenario: inputs.scenario,
  };
}

/** "£0.39 : £1.00", as the councils' reports write it. */
export function formatReturn(roi: number | undefined): string {
  return roi === undefined ? 'not applicable (no net cost)' : `£${roi.toFixed(2)} : £1.00`;
}
