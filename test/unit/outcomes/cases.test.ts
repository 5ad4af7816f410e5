/** How figures read case data: first and last values, reviews by day, and who is left out. */
import { describe, expect, it } from 'vitest';
import { computeFigure } from '../../../src/outcomes/index.ts';
import { definition, family } from './seed-cases.ts';

const change = definition({
  kind: 'count-change',
  id: 'first-to-last',
  label: 'Score',
  measureId: 'score',
  better: 'higher',
  from: 'first',
  to: 'last',
});

describe('reading a family’s values', () => {
  it('takes the first and last values wherever they were recorded, reviews in order of their days', () => {
    const cases = [
      family('reviews-only', {
        score: {
          reviews: [
            { on: '2015-09-01', value: 5 },
            { on: '2015-03-01', value: 2 },
          ],
        },
      }),
      family('referral-and-review', { score: { referral: 1, reviews: [{ on: '2015-06-01', value: 4 }] } }),
    ];
    const result = computeFigure(change, cases);
    expect(result).toMatchObject({ n: 2, denominator: 3, numerator: 6, percent: 200, leftOut: [] });
    expect(result.sentence).toBe('Score: 3 when first recorded, 9 when last recorded (200% more), across 2 families.');
  });

  it('leaves out a family with one value only, and says why', () => {
    const cases = [
      family('one-review', { score: { reviews: [{ on: '2015-06-01', value: 3 }] } }),
      family('referral-only', { score: { referral: 2 } }),
      family('nothing', {}),
    ];
    expect(computeFigure(change, cases).leftOut).toEqual([
      { familyId: 'one-review', reason: 'one-value', detail: 'one value of "score" only' },
      { familyId: 'referral-only', reason: 'one-value', detail: 'one value of "score" only' },
      { familyId: 'nothing', reason: 'missing-value', detail: 'no value of "score" when first recorded' },
    ]);
  });

  it('leaves out a family the filter cannot be tested on, naming the value it lacks', () => {
    const filtered = definition({
      kind: 'prevalence',
      id: 'filtered',
      label: 'Issue',
      measureId: 'issue',
      filter: [{ measureId: 'attendance', at: 'referral', op: 'lt', value: 85 }],
    });
    const result = computeFigure(filtered, [
      family('in', { issue: { referral: 1 }, attendance: { referral: 70 } }),
      family('out', { issue: { referral: 1 }, attendance: { referral: 90 } }),
      family('unknown', { issue: { referral: 1 } }),
    ]);
    expect(result).toMatchObject({ numerator: 1, denominator: 1 });
    expect(result.leftOut).toEqual([
      { familyId: 'unknown', reason: 'missing-value', detail: 'no value of "attendance" at referral' },
    ]);
  });
});
