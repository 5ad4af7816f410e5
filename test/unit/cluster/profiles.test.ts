import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusterCounts,
  createRandom,
  deriveSeed,
  hamming,
  packProfiles,
  popcount32,
  selectRows,
  unpackRow,
} from '../../../src/cluster/index.ts';
import { FAMILIES, matrixArb, naiveHamming } from './worked-example.ts';

// Property tests: on failure fast-check prints `seed` and `path`; pass them to fc.assert's
// options ({ seed, path }) to replay the failing case.

describe('seeded random numbers', () => {
  it('give the same stream for the same seed and another for another seed', () => {
    const draw = (seed: number) => {
      const rng = createRandom(seed);
      return Array.from({ length: 5 }, () => rng.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(deriveSeed(7, 1)).not.toBe(deriveSeed(7, 2));
    expect(deriveSeed(7, 1)).toBe(deriveSeed(7, 1));
  });

  it('keep nextFloat in [0, 1) and nextInt in [0, n), covering every value', () => {
    const rng = createRandom(1);
    const floats = Array.from({ length: 2000 }, () => rng.nextFloat());
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...floats)).toBeLessThan(1);
    const ints = new Set(Array.from({ length: 500 }, () => rng.nextInt(7)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(() => rng.nextInt(0)).toThrow(RangeError);
  });
});

describe('bit-packed profiles', () => {
  it('count set bits in any 32-bit word', () => {
    expect(popcount32(0)).toBe(0);
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (x) => {
        expect(popcount32(x)).toBe(x.toString(2).replaceAll('0', '').length);
      }),
    );
  });

  it('round-trip rows and give the Hamming distance of the unpacked rows, over one or several words', () => {
    fc.assert(
      fc.property(matrixArb(6, 80), (rows) => {
        const packed = packProfiles(rows);
        expect(packed.words).toBe(Math.max(1, Math.ceil(rows[0]!.length / 32)));
        expect(rows.map((_, i) => unpackRow(packed, i))).toEqual(rows);
        const fast = rows.map((_, i) => rows.map((_, j) => hamming(packed.bits, i, packed.bits, j, packed.words)));
        expect(fast).toEqual(rows.map((x) => rows.map((y) => naiveHamming(x, y))));
      }),
      { numRuns: 200 },
    );
  });

  it('select rows with repeats, as a bootstrap draw does', () => {
    const packed = packProfiles(FAMILIES);
    const drawn = selectRows(packed, [5, 0, 5]);
    expect([0, 1, 2].map((i) => unpackRow(drawn, i))).toEqual([FAMILIES[5], FAMILIES[0], FAMILIES[5]]);
  });

  it('count each cluster’s families and issues', () => {
    const { sizes, counts } = clusterCounts(packProfiles(FAMILIES), [0, 0, 0, 1, 1, 1], 2);
    expect([...sizes]).toEqual([3, 3]);
    expect([...counts]).toEqual([3, 2, 1, 0, 0, 1, 2, 3]);
    expect(() => clusterCounts(packProfiles(FAMILIES), [0, 0, 0, 1, 1, 2], 2)).toThrow(RangeError);
  });

  it('refuse ragged rows and answers other than 0 and 1, naming the cell', () => {
    expect(() => packProfiles([[1, 0], [1]])).toThrow(/row 1 has 1 answers, expected 2/);
    expect(() => packProfiles([[1, 2 as 0]])).toThrow(/row 0, issue 1/);
    expect(packProfiles([], 5)).toMatchObject({ n: 0, p: 5, words: 1 });
  });
});
