/**
 * Cluster-wise bootstrap stability (Hennig, C. (2007) "Cluster-wise assessment of cluster
 * stability", Computational Statistics & Data Analysis 52:258–271). Families are drawn with
 * replacement, the draw is clustered again with the same k, and each original type is matched
 * with the most similar new cluster by the Jaccard similarity |C ∩ D| / |C ∪ D| over the
 * families drawn (counted as often as they were drawn, as Hennig's bootstrap does). A type's
 * stability is the mean of that best Jaccard over the resamples in which any of its families
 * were drawn. Hennig's reading: a mean of 0.75 or more is a stable type, 0.5 or less a type
 * that dissolves, anything between doubtful.
 *
 * Beside it, the adjusted Rand index (ari.ts) between the original and the new labels on the
 * families drawn tells how far the partition as a whole is reproduced.
 */
import { adjustedRandFromCounts } from './ari.ts';
import { kModes } from './kmodes.ts';
import { asPacked, selectRows, type ProfileInput } from './profiles.ts';
import { createRandom, deriveSeed } from './random.ts';

export interface StabilityOptions {
  seed: number;
  /**
   * Bootstrap resamples; default 30, about half a second of work for 10,000 families. More
   * narrow the means, at proportional cost.
   */
  resamples?: number;
  /**
   * k-modes restarts per resample; default that of k-modes (10). Use what the clustering being
   * assessed used: Hennig re-runs the same method, and with fewer restarts a resample more often
   * stops at a poor local optimum, which reads as instability of the data.
   */
  starts?: number;
  maxIterations?: number;
  /** The clustering's k; default the largest label + 1. */
  k?: number;
}

/** Hennig's reading of a type's mean best Jaccard. */
export type StabilityVerdict = 'stable' | 'doubtful' | 'dissolved';

export interface TypeStability {
  /** The type's label in the clustering assessed. */
  type: number;
  /** Mean over resamples of the best Jaccard similarity with a new cluster (0 if never drawn). */
  meanJaccard: number;
  verdict: StabilityVerdict;
  /** Resamples in which the type's best Jaccard was 0.5 or less (it dissolved). */
  dissolved: number;
  /** Resamples in which the type's best Jaccard was 0.75 or more (it was recovered). */
  recovered: number;
  /** Resamples in which any of the type's families were drawn (those the mean is over). */
  drawn: number;
}

export interface StabilityResult {
  resamples: number;
  types: TypeStability[];
  /** Mean adjusted Rand index between original and new labels on the families drawn. */
  meanAri: number;
  /** That index for each resample. */
  aris: number[];
}

const STABLE = 0.75;
const DISSOLVED = 0.5;

/** Hennig's reading of a mean best Jaccard similarity. */
export function stabilityVerdict(meanJaccard: number): StabilityVerdict {
  if (meanJaccard >= STABLE) return 'stable';
  if (meanJaccard <= DISSOLVED) return 'dissolved';
  return 'doubtful';
}

/** Bootstrap stability of each type of a clustering (labels 0..k−1, one per family). */
export function bootstrapStability(
  input: ProfileInput,
  labels: ArrayLike<number>,
  options: StabilityOptions,
): StabilityResult {
  const packed = asPacked(input);
  const { n } = packed;
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} families`);
  let k = options.k ?? 0;
  if (options.k === undefined) for (let i = 0; i < n; i++) k = Math.max(k, (labels[i] ?? 0) + 1);
  const resamples = options.resamples ?? 30;
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  }

  const jaccardSum = new Float64Array(k);
  const dissolved = new Int32Array(k);
  const recovered = new Int32Array(k);
  const drawn = new Int32Array(k);
  const aris: number[] = [];
  const draw = new Int32Array(n);
  for (let b = 0; b < resamples; b++) {
    const rng = createRandom(deriveSeed(options.seed, b));
    for (let r = 0; r < n; r++) draw[r] = rng.nextInt(n);
    const again = kModes(selectRows(packed, draw), {
      k,
      seed: deriveSeed(options.seed, b, 1),
      starts: options.starts,
      maxIterations: options.maxIterations,
    });

    // cells[i·k + j]: drawn families of original type i put in new cluster j.
    const cells = new Int32Array(k * k);
    for (let r = 0; r < n; r++) {
      const at = (labels[draw[r] ?? 0] ?? 0) * k + (again.labels[r] ?? 0);
      cells[at] = (cells[at] ?? 0) + 1;
    }
    const rowSums = new Int32Array(k);
    const colSums = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const m = cells[i * k + j] ?? 0;
        rowSums[i] = (rowSums[i] ?? 0) + m;
        colSums[j] = (colSums[j] ?? 0) + m;
      }
    }
    for (let i = 0; i < k; i++) {
      const size = rowSums[i] ?? 0;
      if (size === 0) continue;
      let best = 0;
      for (let j = 0; j < k; j++) {
        const both = cells[i * k + j] ?? 0;
        best = Math.max(best, both / (size + (colSums[j] ?? 0) - both));
      }
      jaccardSum[i] = (jaccardSum[i] ?? 0) + best;
      drawn[i] = (drawn[i] ?? 0) + 1;
      if (best <= DISSOLVED) dissolved[i] = (dissolved[i] ?? 0) + 1;
      if (best >= STABLE) recovered[i] = (recovered[i] ?? 0) + 1;
    }
    aris.push(adjustedRandFromCounts(cells, rowSums, colSums, n));
  }

  const types = Array.from({ length: k }, (_, type): TypeStability => {
    const times = drawn[type] ?? 0;
    const meanJaccard = times === 0 ? 0 : (jaccardSum[type] ?? 0) / times;
    return {
      type,
      meanJaccard,
      verdict: stabilityVerdict(meanJaccard),
      dissolved: dissolved[type] ?? 0,
      recovered: recovered[type] ?? 0,
      drawn: times,
    };
  });
  return { resamples, types, meanAri: aris.reduce((sum, x) => sum + x, 0) / resamples, aris };
}
