/**
 * k-modes clustering of binary issue profiles (Huang, Z. (1998) "Extensions to the k-Means
 * Algorithm for Clustering Large Data Sets with Categorical Values", Data Mining and Knowledge
 * Discovery 2(3):283–304), with the simple-matching dissimilarity, which on 0/1 answers is the
 * Hamming distance. Each cluster is summarised by its mode: per issue, the majority answer of
 * its families, with a tie read as 0 (the issue is not typical of the type unless most have it).
 *
 * Iterations are Lloyd-style: assign every family to its nearest mode, then recompute every
 * mode, until no family moves (or `maxIterations`). Starting modes are chosen k-means++ style
 * (kmodes-seeding.ts); the best of `starts` seeded restarts (least cost) is kept. The cost is
 * Huang's P(W, Q): the sum over families of the distance to their own cluster's mode.
 *
 * Promises: the same input and seed give the same result; within a start the cost never rises
 * from one iteration to the next (assignment and majority modes each can only lower it, and
 * an empty cluster is refilled by a move that lowers it too); every cluster ends non-empty.
 */
import { seedModes } from './kmodes-seeding.ts';
import { createRandom, deriveSeed } from './random.ts';
import {
  addBits,
  asPacked,
  hamming,
  packProfiles,
  popcount32,
  unpackRow,
  type Answer,
  type BinaryMatrix,
  type PackedProfiles,
  type ProfileInput,
} from './profiles.ts';

export interface KModesOptions {
  /** Number of clusters (family types), 1 ≤ k ≤ number of families. */
  k: number;
  /** Seed for the starting modes; the same seed gives the same clustering. */
  seed: number;
  /** Seeded restarts; the one with the least cost is kept. Default 10. */
  starts?: number;
  /** Cap on assignment passes per start. Default 100. */
  maxIterations?: number;
  /** Fixed starting modes (k rows of p answers), for worked examples: one start, no seeding. */
  initialModes?: BinaryMatrix;
}

export interface KModesResult {
  /** Each family's cluster, 0..k−1, in input order. */
  labels: Int32Array;
  /** Each cluster's mode: the majority answer per issue (ties → 0). */
  modes: Answer[][];
  /** Sum over families of the Hamming distance to their cluster's mode. */
  cost: number;
  /** Assignment passes of the kept start, counting the last one, which moved nobody if it converged. */
  iterations: number;
  /** False when `maxIterations` stopped the kept start before it settled. */
  converged: boolean;
  /** The kept start's cost after each pass (never rising); the last entry is `cost`. */
  costTrace: number[];
}

const DEFAULT_STARTS = 10;
const DEFAULT_MAX_ITERATIONS = 100;

/** Clusters the profiles into k types. Throws a RangeError on options it cannot honour. */
export function kModes(input: ProfileInput, options: KModesOptions): KModesResult {
  const packed = asPacked(input);
  const { k, seed } = options;
  const starts = options.starts ?? DEFAULT_STARTS;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  if (!Number.isInteger(k) || k < 1 || k > packed.n) {
    throw new RangeError(`k must be an integer from 1 to the number of families (${packed.n}), got ${k}`);
  }
  if (!Number.isInteger(starts) || starts < 1) throw new RangeError(`starts must be a positive integer, got ${starts}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`maxIterations must be a positive integer, got ${maxIterations}`);
  }

  if (options.initialModes) {
    if (options.initialModes.length !== k) {
      throw new RangeError(`initialModes has ${options.initialModes.length} rows, expected k = ${k}`);
    }
    return finish(packed, lloyd(packed, k, packProfiles(options.initialModes, packed.p).bits, maxIterations));
  }

  const start = (s: number) => lloyd(packed, k, seedModes(packed, k, createRandom(deriveSeed(seed, s))), maxIterations);
  let best = start(0);
  for (let s = 1; s < starts; s++) {
    const run = start(s);
    // Strictly less: on a tie the earlier start stays.
    if (run.cost < best.cost) best = run;
  }
  return finish(packed, best);
}

interface Run {
  labels: Int32Array;
  modeBits: Uint32Array;
  cost: number;
  iterations: number;
  converged: boolean;
  costTrace: number[];
}

function finish(packed: PackedProfiles, run: Run): KModesResult {
  const modeRows = { n: run.modeBits.length / packed.words, p: packed.p, words: packed.words, bits: run.modeBits };
  const modes = Array.from({ length: modeRows.n }, (_, c) => unpackRow(modeRows, c));
  const { labels, cost, iterations, converged, costTrace } = run;
  return { labels, modes, cost, iterations, converged, costTrace };
}

/** One start: assignment and mode passes until nobody moves. */
function lloyd(packed: PackedProfiles, k: number, startModes: Uint32Array, maxIterations: number): Run {
  const { n, p, words, bits } = packed;
  const modes = Uint32Array.from(startModes);
  const labels = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(k);
  const counts = new Int32Array(k * p);
  const distance = new Int32Array(n);
  const costTrace: number[] = [];
  const move = (i: number, to: number) => {
    const from = labels[i] ?? -1;
    if (from >= 0) {
      sizes[from] = (sizes[from] ?? 0) - 1;
      addBits(counts, from * p, bits, i * words, words, -1);
    }
    sizes[to] = (sizes[to] ?? 0) + 1;
    addBits(counts, to * p, bits, i * words, words, 1);
    labels[i] = to;
  };

  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const current = labels[i] ?? -1;
      let best: number;
      if (words === 1) {
        const x = bits[i] ?? 0;
        best = nearest1(x, modes, k, current);
        distance[i] = popcount32(x ^ (modes[best] ?? 0));
      } else {
        best = nearest(bits, i, modes, k, words, current);
        distance[i] = hamming(bits, i, modes, best, words);
      }
      if (best !== current) {
        move(i, best);
        moved++;
      }
    }
    moved += refillEmpty(k, labels, sizes, distance, move);
    const cost = updateModes(modes, sizes, counts, k, p, words);
    costTrace.push(cost);
    if (moved === 0) {
      converged = true;
      break;
    }
  }
  return { labels, modeBits: modes, cost: costTrace.at(-1) ?? 0, iterations, converged, costTrace };
}

/**
 * The nearest mode to a one-word profile x (the common case, p ≤ 32, kept apart because it is
 * several times faster than the general loop). Starts from the current cluster so that a tie never
 * moves a family (moves on ties could cycle); among strictly nearer modes the first wins.
 */
function nearest1(x: number, modes: Uint32Array, k: number, current: number): number {
  let best = current;
  let bestDistance = current >= 0 ? popcount32(x ^ (modes[current] ?? 0)) : Infinity;
  for (let c = 0; c < k; c++) {
    const d = popcount32(x ^ (modes[c] ?? 0));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** nearest1 for profiles of any width. */
function nearest(bits: Uint32Array, i: number, modes: Uint32Array, k: number, words: number, current: number): number {
  let best = current;
  let bestDistance = current >= 0 ? hamming(bits, i, modes, current, words) : Infinity;
  for (let c = 0; c < k; c++) {
    const d = hamming(bits, i, modes, c, words);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * An empty cluster takes the family farthest from its own mode (among clusters that can spare
 * one): that family then sits at distance 0, so the cost falls by its old distance. Ties go to
 * the first such family. Returns the number of families moved.
 */
function refillEmpty(
  k: number,
  labels: Int32Array,
  sizes: Int32Array,
  distance: Int32Array,
  move: (i: number, to: number) => void,
): number {
  let moved = 0;
  for (let c = 0; c < k; c++) {
    if ((sizes[c] ?? 0) > 0) continue;
    let far = -1;
    let farDistance = -1;
    for (let i = 0; i < labels.length; i++) {
      const d = distance[i] ?? 0;
      if (d > farDistance && (sizes[labels[i] ?? 0] ?? 0) > 1) {
        far = i;
        farDistance = d;
      }
    }
    // k ≤ n, so while a cluster is empty another holds two or more: `far` is always found.
    move(far, c);
    distance[far] = 0;
    moved++;
  }
  return moved;
}

/** Majority modes from the counts (a tie reads as 0); returns the cost Σ min(q, size − q). */
function updateModes(
  modes: Uint32Array,
  sizes: Int32Array,
  counts: Int32Array,
  k: number,
  p: number,
  words: number,
): number {
  modes.fill(0);
  let cost = 0;
  for (let c = 0; c < k; c++) {
    const size = sizes[c] ?? 0;
    for (let j = 0; j < p; j++) {
      const q = counts[c * p + j] ?? 0;
      if (2 * q > size) {
        const at = c * words + (j >>> 5);
        modes[at] = (modes[at] ?? 0) | (1 << (j & 31));
        cost += size - q;
      } else {
        cost += q;
      }
    }
  }
  return cost;
}
