import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kModes, packProfiles, syntheticCohort, type BinaryMatrix } from '../../../src/cluster/index.ts';
import { FAMILIES, matrixArb, naiveHamming } from './worked-example.ts';

// Property tests: on failure fast-check prints `seed` and `path`; pass them to fc.assert's
// options ({ seed, path }) to replay the failing case.

describe('k-modes', () => {
  it('works the hand example: two clusters from modes F1 and F4, converged at cost 4', () => {
    // Starting modes F1 = 1100 and F4 = 0011. Distances to them:
    //   F1 0 | 4   F2 1 | 3   F3 1 | 3   → nearer 1100: cluster 0 = {F1, F2, F3}
    //   F4 4 | 0   F5 3 | 1   F6 3 | 1   → nearer 0011: cluster 1 = {F4, F5, F6}
    // Modes by majority: cluster 0 has A 3/3, B 2/3, C 1/3, D 0/3 → 1100 (unchanged);
    // cluster 1 has A 0/3, B 1/3, C 2/3, D 3/3 → 0011 (unchanged).
    // Cost: 0 + 1 + 1 + 0 + 1 + 1 = 4. The second pass moves nobody: converged after 2 passes.
    const result = kModes(FAMILIES, { k: 2, seed: 0, initialModes: [FAMILIES[0]!, FAMILIES[3]!] });
    expect([...result.labels]).toEqual([0, 0, 0, 1, 1, 1]);
    expect(result.modes).toEqual([
      [1, 1, 0, 0],
      [0, 0, 1, 1],
    ]);
    expect(result.cost).toBe(4);
    expect(result.converged).toBe(true);
    expect(result.iterations).toBe(2);
    expect(result.costTrace).toEqual([4, 4]);
  });

  it('finds the same clustering from seeded starts', () => {
    const result = kModes(FAMILIES, { k: 2, seed: 11 });
    expect(result.cost).toBe(4);
    const [first] = result.labels;
    expect([...result.labels].map((c) => (c === first ? 'x' : 'y'))).toEqual(['x', 'x', 'x', 'y', 'y', 'y']);
  });

  it('reads a tied issue as absent from the mode', () => {
    // One cluster of 1100 and 1010: B and C are each held by one family of two.
    const result = kModes(
      [
        [1, 1, 0, 0],
        [1, 0, 1, 0],
      ],
      { k: 1, seed: 0 },
    );
    expect(result.modes).toEqual([[1, 0, 0, 0]]);
    expect(result.cost).toBe(2);
  });

  it('gives the same labels for the same seed', () => {
    const { profiles } = syntheticCohort({ families: 300, seed: 5 });
    const first = kModes(profiles, { k: 4, seed: 99 });
    const again = kModes(packProfiles(profiles), { k: 4, seed: 99 });
    expect([...again.labels]).toEqual([...first.labels]);
    expect(again.modes).toEqual(first.modes);
  });

  it('never raises the cost from one pass to the next, and reports the cost of what it returns', () => {
    fc.assert(
      fc.property(matrixArb(40, 40), fc.integer({ min: 1, max: 6 }), fc.nat(), (rows, kWanted, seed) => {
        const k = Math.min(kWanted, rows.length);
        const result = kModes(rows, { k, seed, starts: 2 });
        const rises = result.costTrace.filter((cost, i) => i > 0 && cost > result.costTrace[i - 1]!);
        expect(rises).toEqual([]);
        expect(result.costTrace.at(-1)).toBe(result.cost);
        expect(result.cost).toBe(costOf(rows, result.labels, result.modes));
        // Every cluster holds a family.
        expect(new Set(result.labels).size).toBe(k);
      }),
      { numRuns: 150 },
    );
  });

  it('refills an empty cluster from the family farthest from its mode', () => {
    // Both starting modes are F1 = 1100, so the first pass puts everyone in cluster 0 (a tie
    // goes to the first) and cluster 1 is refilled with the farthest family, F4 (distance 4).
    // Cluster 0 = {F1, F2, F3, F5, F6} then has mode 1100 (A 3/5, B 3/5, C 2/5, D 2/5) and
    // cost 0 + 1 + 1 + 3 + 3 = 8. The second pass moves F5 and F6 to F4's cluster, reaching the
    // hand example (cost 4); the third moves nobody.
    const result = kModes(FAMILIES, { k: 2, seed: 0, initialModes: [FAMILIES[0]!, FAMILIES[0]!] });
    expect([...result.labels]).toEqual([0, 0, 0, 1, 1, 1]);
    expect(result.costTrace).toEqual([8, 4, 4]);
  });

  it('copes with fewer distinct profiles than k', () => {
    const rows: BinaryMatrix = [
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
    ];
    const result = kModes(rows, { k: 3, seed: 1 });
    expect(new Set(result.labels).size).toBe(3);
    expect(result.cost).toBe(0);
  });

  it('stops at maxIterations and says it did not converge', () => {
    const { profiles } = syntheticCohort({ families: 200, seed: 1 });
    const result = kModes(profiles, { k: 4, seed: 1, starts: 1, maxIterations: 1 });
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
  });

  it('refuses options it cannot honour', () => {
    expect(() => kModes(FAMILIES, { k: 7, seed: 0 })).toThrow(RangeError);
    expect(() => kModes(FAMILIES, { k: 0, seed: 0 })).toThrow(RangeError);
    expect(() => kModes(FAMILIES, { k: 2, seed: 0, starts: 0 })).toThrow(RangeError);
    expect(() => kModes(FAMILIES, { k: 2, seed: 0, initialModes: [FAMILIES[0]!] })).toThrow(/initialModes/);
  });
});

function costOf(rows: BinaryMatrix, labels: Int32Array, modes: readonly (readonly (0 | 1)[])[]): number {
  return rows.reduce((sum, row, i) => sum + naiveHamming(row, modes[labels[i]!]!), 0);
}
