import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, contingency } from '../../../src/cluster/index.ts';

// Property tests: on failure fast-check prints `seed` and `path`; pass them to fc.assert's
// options ({ seed, path }) to replay the failing case.

/**
 * The ARI by counting pairs one by one: for every pair of families, whether each labelling puts
 * them together. Σ C(n_ij, 2) is the pairs together in both, Σ C(a_i, 2) and Σ C(b_j, 2) those
 * together in each.
 */
function bruteAri(first: readonly number[], second: readonly number[]): number {
  let both = 0;
  let inFirst = 0;
  let inSecond = 0;
  let pairs = 0;
  for (let i = 0; i < first.length; i++) {
    for (let j = i + 1; j < first.length; j++) {
      const f = first[i] === first[j];
      const s = second[i] === second[j];
      pairs++;
      if (f) inFirst++;
      if (s) inSecond++;
      if (f && s) both++;
    }
  }
  const expected = (inFirst * inSecond) / pairs;
  const top = (inFirst + inSecond) / 2;
  if (top === expected) return 1;
  return (both - expected) / (top - expected);
}

const labellingsArb = fc
  .integer({ min: 2, max: 30 })
  .chain((n) =>
    fc.tuple(
      fc.array(fc.nat({ max: 4 }), { minLength: n, maxLength: n }),
      fc.array(fc.nat({ max: 4 }), { minLength: n, maxLength: n }),
    ),
  );

describe('adjusted Rand index', () => {
  it('works the hand example: truth 111222 against aabbbb is 1.2 / 3.7', () => {
    // Cross-tabulation: type 1 → a 2, b 1; type 2 → a 0, b 3.
    // Σ C(n_ij, 2) = 1 + 0 + 0 + 3 = 4; rows C(3,2) + C(3,2) = 6; columns C(2,2) + C(4,2) = 7.
    // E = 6 · 7 / C(6,2) = 42 / 15 = 2.8; ARI = (4 − 2.8) / ((6 + 7)/2 − 2.8) = 1.2 / 3.7 ≈ 0.324.
    const truth = [1, 1, 1, 2, 2, 2];
    const found = ['a', 'a', 'b', 'b', 'b', 'b'];
    expect(adjustedRandIndex(truth, found)).toBeCloseTo(1.2 / 3.7, 12);
    expect(adjustedRandIndex(truth, found).toFixed(3)).toBe('0.324');
    expect(contingency(truth, found)).toEqual({
      cells: [
        [2, 1],
        [0, 3],
      ],
      rowSums: [3, 3],
      colSums: [2, 4],
      n: 6,
    });
  });

  it('is 1 for any relabelling of the same partition', () => {
    const truth = [1, 1, 1, 2, 2, 2];
    expect(adjustedRandIndex(truth, ['y', 'y', 'y', 'x', 'x', 'x'])).toBe(1);
    fc.assert(
      fc.property(labellingsArb, fc.array(fc.nat(), { minLength: 5, maxLength: 5 }), ([labels], names) => {
        const renamed = labels.map((c) => `type-${names[c]}-${c}`);
        expect(adjustedRandIndex(labels, renamed)).toBeCloseTo(1, 12);
      }),
      { numRuns: 200 },
    );
  });

  it('is symmetric and equals a brute-force pair count', () => {
    fc.assert(
      fc.property(labellingsArb, ([first, second]) => {
        const ari = adjustedRandIndex(first, second);
        expect(adjustedRandIndex(second, first)).toBe(ari);
        expect(ari).toBeCloseTo(bruteAri(first, second), 12);
      }),
      { numRuns: 300 },
    );
  });

  it('is 1 when both partitions are one cluster, or both all singletons, or there are under two families', () => {
    expect(adjustedRandIndex([1, 1, 1, 1], ['a', 'a', 'a', 'a'])).toBe(1);
    expect(adjustedRandIndex([1, 2, 3, 4], ['a', 'b', 'c', 'd'])).toBe(1);
    expect(adjustedRandIndex([1], ['a'])).toBe(1);
    expect(adjustedRandIndex([], [])).toBe(1);
    // One cluster against all singletons agree on no pair beyond chance.
    expect(adjustedRandIndex([1, 1, 1, 1], ['a', 'b', 'c', 'd'])).toBe(0);
    expect(() => adjustedRandIndex([1, 2], [1])).toThrow(RangeError);
  });
});
