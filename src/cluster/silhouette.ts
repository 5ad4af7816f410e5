/**
 * Silhouettes (Rousseeuw, P. J. (1987) "Silhouettes: a graphical aid to the interpretation and
 * validation of cluster analysis", Journal of Computational and Applied Mathematics 20:53–65)
 * under the Hamming distance, computed exactly without the n × n distance matrix.
 *
 * For a family x, a(x) is its mean distance to the other families of its own cluster and b(x)
 * the least mean distance to the families of another cluster; s(x) = (b − a) / max(a, b).
 * On 0/1 answers the summed distance from x to cluster C needs only C's size n_C and, per issue
 * j, the number q_Cj of its families with the issue: Σ_j (x_j = 1 ? n_C − q_Cj : q_Cj). That is
 * O(n·k·p) in all, instead of O(n²·p), and gives the same numbers: x's distance to itself is 0,
 * so its own cluster's sum is unchanged and only divided by n_C − 1.
 *
 * Following Rousseeuw, a family alone in its cluster has s = 0. Where there is no other
 * non-empty cluster, b is undefined and s is taken as 0 too; so is s when a = b = 0.
 */
import { asPacked, clusterCounts, type ProfileInput } from './profiles.ts';

export interface SilhouetteResult {
  /** Mean of s over all families (0 when there are none). */
  mean: number;
  /** Mean of s over each cluster's families; 0 for an empty cluster (`sizes` tells them apart). */
  perCluster: number[];
  /** Number of families in each cluster. */
  sizes: number[];
  /** s for each family, in input order. */
  values: Float64Array;
}

/**
 * Silhouettes of a clustering. `labels` lie in 0..k−1; k defaults to the largest label + 1
 * (give it when the last clusters may be empty).
 */
export function silhouette(input: ProfileInput, labels: ArrayLike<number>, k?: number): SilhouetteResult {
  const packed = asPacked(input);
  const { n, p, words, bits } = packed;
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} families`);
  let clusters = k ?? 0;
  if (k === undefined) for (let i = 0; i < n; i++) clusters = Math.max(clusters, (labels[i] ?? 0) + 1);
  const { sizes, counts } = clusterCounts(packed, labels, clusters);

  // base[c] = Σ_j q_cj is the summed distance from an all-zero profile; each issue x has adds
  // swing[j·k + c] = n_c − 2·q_cj. Issue-major, so one set bit touches one short run.
  const base = new Float64Array(clusters);
  const swing = new Float64Array(p * clusters);
  for (let c = 0; c < clusters; c++) {
    const size = sizes[c] ?? 0;
    for (let j = 0; j < p; j++) {
      const q = counts[c * p + j] ?? 0;
      base[c] = (base[c] ?? 0) + q;
      swing[j * clusters + c] = size - 2 * q;
    }
  }

  const values = new Float64Array(n);
  const sums = new Float64Array(clusters);
  for (let i = 0; i < n; i++) {
    sums.set(base);
    for (let w = 0; w < words; w++) {
      let x = bits[i * words + w] ?? 0;
      while (x !== 0) {
        const low = x & -x;
        const row = (w * 32 + (31 - Math.clz32(low))) * clusters;
        for (let c = 0; c < clusters; c++) sums[c] = (sums[c] ?? 0) + (swing[row + c] ?? 0);
        x ^= low;
      }
    }
    values[i] = silhouetteOf(labels[i] ?? 0, sums, sizes);
  }

  const perClusterSum = new Float64Array(clusters);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = labels[i] ?? 0;
    const s = values[i] ?? 0;
    perClusterSum[c] = (perClusterSum[c] ?? 0) + s;
    total += s;
  }
  const sizeList = Array.from(sizes);
  return {
    mean: n === 0 ? 0 : total / n,
    perCluster: sizeList.map((size, c) => (size === 0 ? 0 : (perClusterSum[c] ?? 0) / size)),
    sizes: sizeList,
    values,
  };
}

/** s for one family of cluster `own`, given its summed distance to every cluster. */
function silhouetteOf(own: number, sums: Float64Array, sizes: Int32Array): number {
  const ownSize = sizes[own] ?? 0;
  if (ownSize <= 1) return 0;
  const a = (sums[own] ?? 0) / (ownSize - 1);
  let b = Infinity;
  for (let c = 0; c < sizes.length; c++) {
    const size = sizes[c] ?? 0;
    if (c !== own && size > 0) b = Math.min(b, (sums[c] ?? 0) / size);
  }
  const larger = Math.max(a, b);
  if (b === Infinity || larger === 0) return 0;
  return (b - a) / larger;
}
