import { describe, expect, it } from 'vitest';
import { roundHalfUpPercent, summariseTypes, type BinaryMatrix } from '../../../src/cluster/index.ts';
import { FAMILIES } from './worked-example.ts';

describe('type summaries', () => {
  it('give sizes, shares, modes and prevalences, numbered largest first', () => {
    // Label 5 holds F1–F3 and F5 (four families), label 2 holds F4 and F6.
    const summary = summariseTypes(FAMILIES, [5, 5, 5, 2, 5, 2], ['A', 'B', 'C', 'D'], { k: 6 });
    const [big, small] = summary.types;
    expect(big).toMatchObject({ type: 0, clusterLabel: 5, size: 4, percentDisplay: 67, mode: [1, 0, 0, 0] });
    expect(big!.percent).toBeCloseTo(200 / 3, 12);
    // F1 1100, F2 1110, F3 1000, F5 0001: A 3/4, B 2/4 (a tie: not in the mode), C 1/4, D 1/4.
    expect(big!.issues.map((i) => i.prevalence)).toEqual([0.75, 0.5, 0.25, 0.25]);
    expect(big!.issues[1]).toEqual({ issueId: 'B', prevalence: 0.5, inMode: false });
    // F4 0011, F6 0111: B is a tie, so the mode is 0011.
    expect(small).toMatchObject({ type: 1, clusterLabel: 2, size: 2, percentDisplay: 33, mode: [0, 0, 1, 1] });
    // Empty labels come last, with nothing in them.
    expect(summary.types.slice(2).map((t) => t.size)).toEqual([0, 0, 0, 0]);
    expect([...summary.labels]).toEqual([0, 0, 0, 1, 0, 1]);
  });

  it('order equal sizes by mode, whatever labels the clustering gave, so the reading is reproducible', () => {
    const rows: BinaryMatrix = [
      [0, 1],
      [0, 1],
      [1, 0],
      [1, 0],
    ];
    const one = summariseTypes(rows, [0, 0, 1, 1], ['x', 'y']);
    const other = summariseTypes(rows, [1, 1, 0, 0], ['x', 'y']);
    // The mode holding x (the first issue where they differ) comes first.
    expect(one.types.map((t) => t.mode)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(other.types.map((t) => t.mode)).toEqual(one.types.map((t) => t.mode));
    expect([...other.labels]).toEqual([...one.labels]);
  });

  it('round shares half up for display and keep the unrounded share', () => {
    expect(roundHalfUpPercent(1, 8)).toBe(13); // 12.5 → 13
    expect(roundHalfUpPercent(1, 8, 1)).toBe(12.5);
    expect(roundHalfUpPercent(1, 16, 1)).toBe(6.3); // 6.25 → 6.3
    expect(roundHalfUpPercent(178, 1000)).toBe(18);
    expect(roundHalfUpPercent(0, 0)).toBe(0);
  });

  it('refuse issue ids that do not match the profiles', () => {
    expect(() => summariseTypes(FAMILIES, [0, 0, 0, 1, 1, 1], ['A', 'B'])).toThrow(RangeError);
  });
});
