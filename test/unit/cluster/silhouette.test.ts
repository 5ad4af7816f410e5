import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { silhouette } from '../../../src/cluster/index.ts';
import { bruteSilhouette, FAMILIES, matrixArb } from './worked-example.ts';

// Property tests: on failure fast-check prints `seed` and `path`; pass them to fc.assert's
// options ({ seed, path }) to replay the failing case.

describe('silhouette', () => {
  it('works the hand example: 0.7 0.5 0.5 0.7 0.5 0.5, mean 0.5667', () => {
    // Clusters {F1, F2, F3} and {F4, F5, F6}; distances from the table in worked-example.ts.
    //   F1: a = (1 + 1)/2 = 1,   b = (4 + 3 + 3)/3 = 10/3, s = (10/3 − 1)/(10/3) = 0.7
    //   F2: a = (1 + 2)/2 = 1.5, b = (3 + 4 + 2)/3 = 3,    s = (3 − 1.5)/3 = 0.5
    //   F3: a = (1 + 2)/2 = 1.5, b = (3 + 2 + 4)/3 = 3,    s = 0.5
    //   F4: a = (1 + 1)/2 = 1,   b = (4 + 3 + 3)/3 = 10/3, s = 0.7
    //   F5: a = (1 + 2)/2 = 1.5, b = (3 + 4 + 2)/3 = 3,    s = 0.5
    //   F6: a = (1 + 2)/2 = 1.5, b = (3 + 2 + 4)/3 = 3,    s = 0.5
    // Mean (0.7 + 0.5 + 0.5) · 2 / 6 = 1.7 / 3 ≈ 0.5667; each cluster's mean is also 1.7/3.
    const result = silhouette(FAMILIES, [0, 0, 0, 1, 1, 1]);
    [0.7, 0.5, 0.5, 0.7, 0.5, 0.5].forEach((s, i) => expect(result.values[i]).toBeCloseTo(s, 12));
    expect(result.mean).toBeCloseTo(1.7 / 3, 12);
    expect(result.mean.toFixed(4)).toBe('0.5667');
    expect(result.perCluster.map((s) => s.toFixed(4))).toEqual(['0.5667', '0.5667']);
    expect(result.sizes).toEqual([3, 3]);
  });

  it('gives a family alone in its cluster 0, and everyone 0 when there is one cluster', () => {
    const lone = silhouette(FAMILIES, [0, 0, 0, 1, 1, 2]);
    expect(lone.values[5]).toBe(0);
    expect([...silhouette(FAMILIES, [0, 0, 0, 0, 0, 0]).values]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('equals the brute-force O(n²) silhouette on any small data and labelling, empty clusters too', () => {
    const caseArb = matrixArb(14, 70).chain((rows) =>
      fc.record({
        rows: fc.constant(rows),
        k: fc.integer({ min: 1, max: 4 }),
        labels: fc.array(fc.nat({ max: 3 }), { minLength: rows.length, maxLength: rows.length }),
      }),
    );
    fc.assert(
      fc.property(caseArb, ({ rows, k, labels }) => {
        const inRange = labels.map((c) => c % k);
        const fast = silhouette(rows, inRange, k);
        const brute = bruteSilhouette(rows, inRange, k);
        const gaps = brute.map((s, i) => Math.abs(s - fast.values[i]!)).filter((gap) => gap > 1e-12);
        expect(gaps).toEqual([]);
        expect(fast.mean).toBeCloseTo(brute.reduce((a, b) => a + b, 0) / rows.length, 12);
      }),
      { numRuns: 300 },
    );
  });
});
