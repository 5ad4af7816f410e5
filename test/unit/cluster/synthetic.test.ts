import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ISSUE_IDS,
  ILLUSTRATIVE_MODE_ISSUES,
  largestRemainder,
  SLF_TYPES,
  syntheticCohort,
} from '../../../src/cluster/index.ts';
import { naiveHamming } from './worked-example.ts';

describe('synthetic Supporting Leicestershire Families cohort', () => {
  const cohort = syntheticCohort({ families: 1000, seed: 2026 });

  it('shares 1,000 families out by largest remainder: 178 / 89 / 406 / 327', () => {
    // Quotas 1000 · (18, 9, 41, 33) / 101 = 178.2, 89.1, 405.9, 326.7; floors add to 998 and
    // the two largest remainders (0.94 and 0.73) get one more each.
    expect(cohort.counts).toEqual([178, 89, 406, 327]);
    expect([0, 1, 2, 3].map((t) => cohort.truth.filter((x) => x === t).length)).toEqual([178, 89, 406, 327]);
    expect(largestRemainder(10, [1, 1, 1])).toEqual([4, 3, 3]);
  });

  it('carries the published names, shares and source, and says the issue patterns are invented', () => {
    expect(cohort.illustrative).toBe(true);
    expect(cohort.note).toMatch(/invented for illustration/);
    expect(cohort.types.map((t) => t.share)).toEqual([18, 9, 41, 33]);
    expect(cohort.types[0]!.name).toBe('Cluster 1: Disaffected Young People and generational issues');
    expect(cohort.types.every((t) => t.source === 'Supporting Leicestershire Families research summary')).toBe(true);
    expect(cohort.seed).toBe(2026);
    expect(cohort.flipRate).toBe(0.15);
    expect(cohort.issueIds).toEqual(DEFAULT_ISSUE_IDS);
  });

  it('gives modes that differ pairwise in at least 7 issues, naming only known issues', () => {
    for (const held of ILLUSTRATIVE_MODE_ISSUES) for (const id of held) expect(DEFAULT_ISSUE_IDS).toContain(id);
    for (let a = 0; a < SLF_TYPES.length; a++) {
      for (let b = a + 1; b < SLF_TYPES.length; b++) {
        expect(naiveHamming(cohort.modes[a]!, cohort.modes[b]!)).toBeGreaterThanOrEqual(7);
      }
    }
  });

  it('flips answers at the requested rate (15% ± 1.5 points)', () => {
    // An answer differs from its type's mode when it was drawn against the mode (3%) and not
    // flipped, or drawn with it and flipped: d = 0.03 + 0.94·f. So f is measured as (d − 0.03) / 0.94.
    let differ = 0;
    let answers = 0;
    cohort.profiles.forEach((row, i) => {
      differ += naiveHamming(row, cohort.modes[cohort.truth[i]!]!);
      answers += row.length;
    });
    const measured = (differ / answers - 0.03) / 0.94;
    expect(Math.abs(measured - 0.15)).toBeLessThanOrEqual(0.015);
    const noFlips = syntheticCohort({ families: 1000, seed: 3, flipRate: 0 });
    const rare = noFlips.profiles.reduce((s, row, i) => s + naiveHamming(row, noFlips.modes[noFlips.truth[i]!]!), 0);
    expect(rare / (1000 * DEFAULT_ISSUE_IDS.length)).toBeCloseTo(0.03, 2);
  });

  it('is the same for the same seed and different for another', () => {
    const again = syntheticCohort({ families: 1000, seed: 2026 });
    expect(again.profiles).toEqual(cohort.profiles);
    expect(again.truth).toEqual(cohort.truth);
    expect(syntheticCohort({ families: 1000, seed: 2027 }).profiles).not.toEqual(cohort.profiles);
  });

  it('takes another issue list, matching the modes by id', () => {
    const custom = syntheticCohort({
      families: 20,
      seed: 1,
      flipRate: 0,
      issueIds: ['domestic-abuse', 'offending', 'not-a-listed-issue'],
    });
    expect(custom.modes).toEqual([
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
      [1, 0, 0],
    ]);
    expect(custom.profiles.every((row) => row.length === 3)).toBe(true);
    expect(() => syntheticCohort({ families: 10, seed: 1, flipRate: 2 })).toThrow(RangeError);
  });
});
