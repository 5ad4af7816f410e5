import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { journeyCosts, publicValue, type Breakdown } from '../../../src/costs/index.ts';
import type { CostEventId, Journey } from '../../../src/model/index.ts';
import { exampleJourneys } from '../../fixtures/example-journeys.ts';
import { shippedDeflator, shippedTable } from './reference-data.ts';

const journeys: Journey[] = exampleJourneys();
const tables = new Map([['gmca-ucd-v1.4-sample', shippedTable()]]);
const series = shippedDeflator();
const years = [...series.factors.keys()];
const sum = (record: Record<string, number | undefined>) =>
  Object.values(record).reduce<number>((a, b) => a + (b ?? 0), 0);

function expectConsistent(breakdown: Breakdown): void {
  for (const part of [breakdown.byCategory, breakdown.byStage, breakdown.byPeriod, breakdown.byYear]) {
    expect(sum(part)).toBeCloseTo(breakdown.total, 6);
  }
}

describe('journey costs', () => {
  it('price every event of the example journeys, citing table, row and price year', () => {
    for (const journey of journeys) {
      const costs = journeyCosts(journey, tables, series, '2015/16');
      expect(costs.problems, journey.id).toEqual([]);
      expect(costs.fiscal.total).toBeGreaterThan(0);
      for (const line of costs.lines) expect(line.provenance.priceYear).toMatch(/^\d{4}\/\d{2}$/);
      expect(costs.fiscal.byPeriod.before ?? 0).toBeGreaterThan(costs.fiscal.byPeriod.after ?? 0);
    }
  });

  it('add up across every breakdown, for every journey and price year', () => {
    fc.assert(
      fc.property(fc.constantFrom(...journeys), fc.constantFrom(...years), (journey, year) => {
        const costs = journeyCosts(journey, tables, series, year);
        expectConsistent(costs.fiscal);
        expectConsistent(costs.economic);
        expectConsistent(costs.social);
        expect(publicValue(costs)).toBeCloseTo(
          costs.fiscal.total - costs.transfers + costs.economic.total + costs.social.total,
          6,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('scale everything alike when the price year changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...journeys),
        fc.constantFrom(...years),
        fc.constantFrom(...years),
        (journey, a, b) => {
          const first = journeyCosts(journey, tables, series, a);
          const second = journeyCosts(journey, tables, series, b);
          const ratio = series.factors.get(a)! / series.factors.get(b)!;
          expect(second.fiscal.total).toBeCloseTo(first.fiscal.total * ratio, 4);
          first.lines.forEach((line, i) => expect(second.lines[i]!.amount).toBeCloseTo(line.amount * ratio, 6));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keep transfer payments out of public value', () => {
    const journey = journeys[0]!;
    const withTransfer: Journey = {
      ...journey,
      costEvents: [
        ...journey.costEvents,
        {
          id: 'transfer-test',
          stageId: journey.stages[0]!.id,
          type: 'benefit_claim',
          quantity: 1,
          period: 'before',
          agencyId: 'hmt-dwp',
          evidence: 'estimate',
          unitCost: { kind: 'reference', table: 'gmca-ucd-v1.4-sample', code: 'E&E1.0.1', valueType: 'fiscal' },
        } as Journey['costEvents'][number],
      ],
    };
    const before = journeyCosts(journey, tables, series, '2015/16');
    const after = journeyCosts(withTransfer, tables, series, '2015/16');
    expect(after.transfers - before.transfers).toBeCloseTo(9234 * 1.053, 2);
    expect(publicValue(after)).toBeCloseTo(publicValue(before), 6);
  });
});

describe('cost over time', () => {
  it('puts an event without a date of its own in its stage’s year, and leaves it undated when neither says', () => {
    const journey = journeys[0]!;
    const stage = { ...journey.stages[0]!, when: { kind: 'month' as const, month: '2011-05' } };
    const undatedEvent = {
      ...journey.costEvents[0]!,
      id: 'ce-undated' as CostEventId,
      stageId: stage.id,
      when: undefined,
    };
    const year = (j: Journey) =>
      journeyCosts(j, tables, series, '2015/16').lines.find((l) => l.eventId === 'ce-undated')?.year;
    expect(year({ ...journey, stages: [stage], costEvents: [undatedEvent] })).toBe('2011');
    expect(year({ ...journey, stages: [{ ...stage, when: undefined }], costEvents: [undatedEvent] })).toBe('undated');
    // The event's own date wins over its stage's.
    const dated = { ...undatedEvent, when: { kind: 'year' as const, year: 1999 } };
    expect(year({ ...journey, stages: [stage], costEvents: [dated] })).toBe('1999');
  });
});
