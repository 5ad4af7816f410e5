import { describe, expect, it } from 'vitest';
import { adjustedBenefit, calculatorTable, formatReturn, NO_ADJUSTMENT } from '../../../src/costs/calculator.ts';

describe('the cost savings calculator (Leicestershire, seed 002, Table 2)', () => {
  it.each([
    ['Year 2 (2013/14)', 6286, 4105, 858, 2181, '£0.39 : £1.00'],
    ['Year 3 (2014/15)', 6286, 4645, 2412, 1641, '£1.47 : £1.00'],
  ])('%s: net cost and return on investment from the inputs', (_, delivery, counterfactual, benefit, netCost, roi) => {
    const table = calculatorTable({
      deliveryCostPerFamily: delivery,
      counterfactualCostPerFamily: counterfactual,
      grossSavingPerFamily: benefit,
      scenario: NO_ADJUSTMENT,
    });
    expect(table.netCostPerFamily).toBe(netCost);
    expect(table.benefitPerFamily).toBe(benefit);
    expect(formatReturn(table.returnOnInvestment)).toBe(roi);
  });

  it('applies deadweight, attribution and optimism bias to the benefit, and shows them', () => {
    const scenario = { deadweight: 0.2, attribution: 0.5, optimismBias: 0.1 };
    expect(adjustedBenefit(1000, scenario)).toBeCloseTo(360);
    const table = calculatorTable({
      deliveryCostPerFamily: 1800,
      counterfactualCostPerFamily: 0,
      grossSavingPerFamily: 1000,
      scenario,
    });
    expect(table.scenario).toEqual(scenario);
    expect(table.returnOnInvestment).toBeCloseTo(0.2);
  });

  it('gives no return when nothing was spent net', () => {
    expect(
      calculatorTable({
        deliveryCostPerFamily: 100,
        counterfactualCostPerFamily: 100,
        grossSavingPerFamily: 50,
        scenario: NO_ADJUSTMENT,
      }).returnOnInvestment,
    ).toBeUndefined();
  });
});
