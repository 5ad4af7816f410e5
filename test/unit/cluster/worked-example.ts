/**
 * The hand-worked example shared by the cluster tests, and the brute-force versions the fast
 * code is checked against.
 *
 * Issues A B C D; six families:
 *   F1 1100   F2 1110   F3 1000   F4 0011   F5 0001   F6 0111
 *
 * Pairwise Hamming distances:
 *        F1 F2 F3 F4 F5 F6
 *   F1    0  1  1  4  3  3
 *   F2    1  0  2  3  4  2
 *   F3    1  2  0  3  2  4
 *   F4    4  3  3  0  1  1
 *   F5    3  4  2  1  0  2
 *   F6    3  2  4  1  2  0
 */
import fc from 'fast-check';
import type { Answer, BinaryMatrix } from '../../../src/cluster/index.ts';

export const FAMILIES: BinaryMatrix = [
  [1, 1, 0, 0],
  [1, 1, 1, 0],
  [1, 0, 0, 0],
  [0, 0, 1, 1],
  [0, 0, 0, 1],
  [0, 1, 1, 1],
];

/** Hamming distance between two answer rows, one issue at a time. */
export function naiveHamming(x: readonly Answer[], y: readonly Answer[]): number {
  let d = 0;
  for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) d++;
  return d;
}

/**
 * Rousseeuw's silhouette straight from the definition, O(n²·p): a is the mean distance to the
 * rest of one's own cluster, b the least mean distance to another non-empty cluster; a
 * singleton, or a family with no other cluster to compare with, gets 0.
 */
export function bruteSilhouette(rows: BinaryMatrix, labels: readonly number[], k: number): number[] {
  return rows.map((x, i) => {
    const own = labels[i]!;
    const sum = new Array<number>(k).fill(0);
    const size = new Array<number>(k).fill(0);
    rows.forEach((y, r) => {
      size[labels[r]!]!++;
      if (r !== i) sum[labels[r]!]! += naiveHamming(x, y);
    });
    if (size[own]! <= 1) return 0;
    const a = sum[own]! / (size[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && size[c]! > 0) b = Math.min(b, sum[c]! / size[c]!);
    if (b === Infinity || Math.max(a, b) === 0) return 0;
    return (b - a) / Math.max(a, b);
  });
}

/** Random 0/1 matrices: n rows of p answers. */
export const matrixArb = (maxRows: number, maxIssues: number) =>
  fc.record({ n: fc.integer({ min: 1, max: maxRows }), p: fc.integer({ min: 1, max: maxIssues }) }).chain(({ n, p }) =>
    fc.array(fc.array(fc.constantFrom<Answer>(0, 1), { minLength: p, maxLength: p }), {
      minLength: n,
      maxLength: n,
    }),
  );
