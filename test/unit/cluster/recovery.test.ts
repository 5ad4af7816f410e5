import { describe, expect, it } from 'vitest';
import {
  adjustedRandIndex,
  bootstrapStability,
  chooseK,
  createRandom,
  packProfiles,
  stabilityVerdict,
  summariseTypes,
  syntheticCohort,
  type Answer,
} from '../../../src/cluster/index.ts';
import { FAMILIES } from './worked-example.ts';

const SEEDS = [1, 2, 3, 4, 5];

describe('recovering the four synthetic family types (1,000 families each, fixed seeds)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: the silhouette picks k = 4, ARI against the truth ≥ 0.9, every type stable`, () => {
      const cohort = syntheticCohort({ families: 1000, seed });
      const packed = packProfiles(cohort.profiles);
      const chosen = chooseK(packed, { seed });
      expect(chosen.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect(chosen.chosenBy).toBe('silhouette');
      expect(chosen.k).toBe(4);
      expect(adjustedRandIndex(cohort.truth, chosen.clustering.labels)).toBeGreaterThanOrEqual(0.9);

      const stability = bootstrapStability(packed, chosen.clustering.labels, { seed, resamples: 20 });
      expect(stability.types.map((t) => t.verdict)).toEqual(['stable', 'stable', 'stable', 'stable']);
      for (const type of stability.types) expect(type.meanJaccard).toBeGreaterThanOrEqual(0.75);
      expect(stability.meanAri).toBeGreaterThan(0.9);

      // Largest type first: the 41% "typical families" type.
      const { types } = summariseTypes(packed, chosen.clustering.labels, cohort.issueIds);
      expect(types[0]!.mode).toEqual(cohort.modes[2]);
    });
  }
});

describe('noise without structure', () => {
  it('gets a low silhouette, and types that dissolve under the bootstrap', () => {
    const rng = createRandom(404);
    const rows = Array.from({ length: 600 }, () =>
      Array.from({ length: 21 }, (): Answer => (rng.nextFloat() < 0.5 ? 1 : 0)),
    );
    const chosen = chooseK(rows, { seed: 404, starts: 5 });
    // Structured cohorts score about 0.35; coin flips about 0.06.
    expect(Math.max(...chosen.scores.map((s) => s.silhouette))).toBeLessThan(0.15);
    const stability = bootstrapStability(rows, chosen.clustering.labels, { seed: 404, resamples: 15, starts: 5 });
    expect(stability.types.every((t) => t.verdict === 'dissolved')).toBe(true);
    expect(stability.meanAri).toBeLessThan(0.3);
  });
});

describe('choosing k', () => {
  it('takes a researcher-set k, still reporting the range beside it', () => {
    const { profiles } = syntheticCohort({ families: 300, seed: 8 });
    const chosen = chooseK(profiles, { seed: 8, k: 3, kMax: 5 });
    expect(chosen).toMatchObject({ k: 3, chosenBy: 'researcher' });
    expect(chosen.scores.map((s) => s.k)).toEqual([2, 3, 4, 5]);
    expect(chosen.clustering.modes).toHaveLength(3);
    const outside = chooseK(profiles, { seed: 8, k: 9, kMax: 3 });
    expect(outside.scores.map((s) => s.k)).toEqual([2, 3, 9]);
    expect(outside.k).toBe(9);
  });

  it('gives each k the same result whatever range it was run in', () => {
    const { profiles } = syntheticCohort({ families: 300, seed: 9 });
    const wide = chooseK(profiles, { seed: 9 });
    const narrow = chooseK(profiles, { seed: 9, kMin: 4, kMax: 4 });
    expect(narrow.scores[0]).toEqual(wide.scores.find((s) => s.k === 4));
  });

  it('tries no more than n − 1 clusters, and refuses a range with nothing in it', () => {
    expect(chooseK(FAMILIES, { seed: 1 }).scores.map((s) => s.k)).toEqual([2, 3, 4, 5]);
    expect(() => chooseK(FAMILIES.slice(0, 2), { seed: 1 })).toThrow(/no k to try/);
    expect(() => chooseK(FAMILIES, { seed: 1, kMin: 1 })).toThrow(RangeError);
  });
});

describe("Hennig's reading of stability", () => {
  it('reads 0.75 and above as stable, 0.5 and below as dissolved, and between as doubtful', () => {
    expect([0.9, 0.75, 0.74, 0.51, 0.5, 0.1].map(stabilityVerdict)).toEqual([
      'stable',
      'stable',
      'doubtful',
      'doubtful',
      'dissolved',
      'dissolved',
    ]);
  });
});
