/**
 * Choosing the number of family types. k-modes runs for each k from kMin to kMax and the k
 * with the largest mean silhouette (Rousseeuw 1987, see silhouette.ts) is chosen; on a tie the
 * smaller k, the simpler reading. A researcher may instead set k (for instance to match types
 * already in use); the silhouettes and costs of the whole range are still reported beside it,
 * so the choice can be seen against them. Each k has its own seed derived from the caller's, so
 * a k's result does not depend on which other ks were run.
 */
import { kModes, type KModesResult } from './kmodes.ts';
import { asPacked, type ProfileInput } from './profiles.ts';
import { deriveSeed } from './random.ts';
import { silhouette, type SilhouetteResult } from './silhouette.ts';

export interface ChooseKOptions {
  seed: number;
  /** Smallest k tried; default 2 (a silhouette needs two clusters). */
  kMin?: number;
  /** Largest k tried; default 8, lowered to n − 1 for few families. */
  kMax?: number;
  /** A researcher-set k, chosen whatever the silhouettes say. */
  k?: number;
  /** k-modes restarts per k (see kmodes.ts). */
  starts?: number;
  maxIterations?: number;
}

/** How one k did. */
export interface KScore {
  k: number;
  /** Mean silhouette of the k-modes clustering: larger is better separated. */
  silhouette: number;
  /** k-modes cost: always falls as k grows, so it is shown, not used to choose. */
  cost: number;
}

export interface ChooseKResult {
  /** The chosen number of types. */
  k: number;
  /** Whether k came from the largest mean silhouette or was set by the researcher. */
  chosenBy: 'silhouette' | 'researcher';
  /** Every k tried, in increasing order. */
  scores: KScore[];
  /** The chosen k's clustering. */
  clustering: KModesResult;
  /** The chosen k's silhouettes. */
  silhouette: SilhouetteResult;
}

/** Runs k-modes over a range of k and chooses one (see the module comment). */
export function chooseK(input: ProfileInput, options: ChooseKOptions): ChooseKResult {
  const packed = asPacked(input);
  const kMin = options.kMin ?? 2;
  const kMax = Math.min(options.kMax ?? 8, packed.n - 1);
  if (!Number.isInteger(kMin) || kMin < 2) throw new RangeError(`kMin must be an integer of at least 2, got ${kMin}`);
  const ks = Array.from({ length: Math.max(0, kMax - kMin + 1) }, (_, i) => kMin + i);
  if (options.k !== undefined && !ks.includes(options.k)) {
    ks.push(options.k);
    ks.sort((x, y) => x - y);
  }
  if (ks.length === 0) {
    throw new RangeError(`no k to try: kMin ${kMin}, kMax ${options.kMax ?? 8}, ${packed.n} families`);
  }

  const runs = ks.map((k) => {
    const clustering = kModes(packed, {
      k,
      seed: deriveSeed(options.seed, k),
      starts: options.starts,
      maxIterations: options.maxIterations,
    });
    return { k, clustering, silhouette: silhouette(packed, clustering.labels, k) };
  });

  let chosen = runs.find((run) => run.k === options.k);
  if (!chosen) {
    for (const run of runs) if (!chosen || run.silhouette.mean > chosen.silhouette.mean) chosen = run;
  }
  // ks is not empty, so the loop above chose a run; this only satisfies the type checker.
  if (!chosen) throw new RangeError('no k to try');
  return {
    k: chosen.k,
    chosenBy: options.k === undefined ? 'silhouette' : 'researcher',
    scores: runs.map((run) => ({ k: run.k, silhouette: run.silhouette.mean, cost: run.clustering.cost })),
    clustering: chosen.clustering,
    silhouette: chosen.silhouette,
  };
}
