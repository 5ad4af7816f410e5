import { describe, expect, it } from 'vitest';
import { cohortReport, NO_ADJUSTMENT } from '../../../src/costs/index.ts';
import { CURRENT_SCHEMA_VERSION, JourneySchema, type Journey } from '../../../src/model/index.ts';
import { shippedDeflator, shippedTable } from './reference-data.ts';

const pricing = {
  tables: new Map([['gmca-ucd-v1.4-sample', shippedTable()]]),
  series: shippedDeflator(),
  targetYear: '2015/16',
};

/** A journey whose events cost round sums (overrides in 2015/16 prices), to check the arithmetic. */
function journey(
  id: string,
  events: [agencyId: string, period: 'before' | 'during' | 'after', amount: number][],
): Journey {
  return JourneySchema.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id,
    title: id,
    family: { pseudonym: id },
    stages: [{ id: 's1', title: 'A stage', order: 1 }],
    costEvents: events.map(([agencyId, period, amount], i) => ({
      id: `e${i}`,
      stageId: 's1',
      type: 'other',
      quantity: 1,
      period,
      agencyId,
      evidence: 'estimate',
      unitCost: { kind: 'override', amountGbp: amount, priceYear: '2015/16', unit: 'each', source: 'test' },
    })),
    consent: { status: 'given', recordedOn: '2020-01-01', scopes: [] },
  });
}

const cohort = [
  journey('a', [
    ['police', 'before', 3000],
    ['police', 'after', 500],
    ['county-council', 'before', 1000],
    ['county-council', 'after', 2500],
    ['nhs', 'during', 9999],
  ]),
  journey('b', [
    ['nhs', 'before', 2000],
    ['county-council', 'after', 500],
  ]),
];

describe('cohort report (Table 3 sign conventions)', () => {
  it('averages per family, and shows a negative benefit for an agency whose costs rose', () => {
    const report = cohortReport(cohort, pricing, {
      deliveryCostPerFamily: 1800,
      counterfactualCostPerFamily: 0,
      scenario: NO_ADJUSTMENT,
    });
    expect(report.families).toBe(2);
    expect(report.costBeforePerFamily).toBe(3000);
    expect(report.costAfterPerFamily).toBe(1750);
    expect(report.table.benefitPerFamily).toBe(1250);
    expect(report.benefitsByAgency).toEqual({ police: 1250, 'county-council': -1000, nhs: 1000 });
    expect(report.unpriced).toBe(0);
  });

  it('applies the scenario to every agency alike, so agencies still add up to the benefit', () => {
    const scenario = { deadweight: 0.25, attribution: 0.8, optimismBias: 0.1 };
    const report = cohortReport(cohort, pricing, {
      deliveryCostPerFamily: 1800,
      counterfactualCostPerFamily: 0,
      scenario,
    });
    expect(report.table.benefitPerFamily).toBeCloseTo(1250 * 0.75 * 0.8 * 0.9);
    const sum = Object.values(report.benefitsByAgency).reduce((a, b) => a + (b ?? 0), 0);
    expect(sum).toBeCloseTo(report.table.benefitPerFamily);
    expect(report.benefitsByAgency['county-council']).toBeLessThan(0);
  });

  it('prices reference rows from the shipped table, uprated', () => {
    const withReference = JourneySchema.parse({
      ...cohort[0],
      costEvents: [
        {
          id: 'r',
          stageId: 's1',
          type: 'police_callout',
          quantity: 2,
          period: 'before',
          agencyId: 'police',
          evidence: 'case-record',
          unitCost: { kind: 'reference', table: 'gmca-ucd-v1.4-sample', code: 'CR1.1' },
        },
      ],
    });
    const report = cohortReport([withReference], pricing, {
      deliveryCostPerFamily: 0,
      counterfactualCostPerFamily: 0,
      scenario: NO_ADJUSTMENT,
    });
    expect(report.costBeforePerFamily).toBeCloseTo(2 * 35 * 1.347);
  });
});
