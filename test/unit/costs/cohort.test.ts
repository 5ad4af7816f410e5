import { describe, expect, it } from 'vitest';
import { cohortReport, NO_ADJUSTMENT, type JourneyCosts, type PricedLine } from '../../../src/costs/index.ts';

const line = (category: PricedLine['category'], period: PricedLine['period'], amount: number): PricedLine => ({
  eventId: 'e',
  stageId: 's',
  valueType: 'fiscal',
  category,
  period,
  year: 'undated',
  unitAmount: amount,
  quantity: 1,
  amount,
  transferPayment: false,
  provenance: { override: 'test', priceYear: '2015/16' },
});
const costs = (lines: PricedLine[]): JourneyCosts => ({
  targetYear: '2015/16',
  lines,
  fiscal: { total: 0, byCategory: {}, byStage: {}, byPeriod: {}, byYear: {} },
  economic: { total: 0, byCategory: {}, byStage: {}, byPeriod: {}, byYear: {} },
  social: { total: 0, byCategory: {}, byStage: {}, byPeriod: {}, byYear: {} },
  transfers: 0,
  problems: [],
});

describe('cohort report (Table 3 sign conventions)', () => {
  const cohort = [
    costs([
      line('police', 'before', 3000),
      line('police', 'after', 500),
      line('county-council', 'before', 1000),
      line('county-council', 'after', 2500),
      line('nhs', 'during', 9999),
    ]),
    costs([line('nhs', 'before', 2000), line('nhs', 'after', 0), line('county-council', 'after', 500)]),
  ];

  it('averages per family, and shows a negative benefit for an agency whose costs rose', () => {
    const report = cohortReport(cohort, {
      deliveryCostPerFamily: 1800,
      counterfactualCostPerFamily: 0,
      scenario: NO_ADJUSTMENT,
    });
    expect(report.families).toBe(2);
    expect(report.costBeforePerFamily).toBe(3000);
    expect(report.costAfterPerFamily).toBe(1750);
    expect(report.table.benefitPerFamily).toBe(1250);
    expect(report.benefitsByAgency).toEqual({ police: 1250, 'county-council': -1000, nhs: 1000 });
    const sum = Object.values(report.benefitsByAgency).reduce((a, b) => a + (b ?? 0), 0);
    expect(sum).toBeCloseTo(report.table.benefitPerFamily);
  });

  it('applies the scenario to every agency alike, so agencies still add up to the benefit', () => {
    const scenario = { deadweight: 0.25, attribution: 0.8, optimismBias: 0.1 };
    const report = cohortReport(cohort, { deliveryCostPerFamily: 1800, counterfactualCostPerFamily: 0, scenario });
    expect(report.table.benefitPerFamily).toBeCloseTo(1250 * 0.75 * 0.8 * 0.9);
    const sum = Object.values(report.benefitsByAgency).reduce((a, b) => a + (b ?? 0), 0);
    expect(sum).toBeCloseTo(report.table.benefitPerFamily);
    expect(report.benefitsByAgency['county-council']).toBeLessThan(0);
  });
});
