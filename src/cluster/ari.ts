/**
 * The adjusted Rand index (Hubert, L. & Arabie, P. (1985) "Comparing partitions", Journal of
 * Classification 2:193–218): agreement between two partitions of the same families, counted
 * over pairs and corrected for chance, so that 1 means the same partition (whatever the labels
 * are called) and 0 what random labels with the same cluster sizes would give on average.
 *
 * With n_ij families in class i of the first and j of the second, row sums a_i, column sums
 * b_j, and C(m, 2) = m(m − 1)/2 pairs:
 *   E = Σ_i C(a_i, 2) · Σ_j C(b_j, 2) / C(n, 2)
 *   ARI = (Σ_ij C(n_ij, 2) − E) / (½ (Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) − E).
 * The denominator is 0 only when both partitions put every family together, or both put every
 * family apart (or there are fewer than two families): the partitions are then the same and the
 * index is 1.
 */

/** Cross-tabulation of two labellings of the same families. */
export interface Contingency {
  /** cells[i][j]: families in class i of the first labelling and class j of the second. */
  cells: number[][];
  /** Class sizes in the first labelling (classes in order of first appearance). */
  rowSums: number[];
  /** Class sizes in the second labelling. */
  colSums: number[];
  n: number;
}

type Label = string | number;

/** Cross-tabulates two labellings; any label values will do. */
export function contingency(first: ArrayLike<Label>, second: ArrayLike<Label>): Contingency {
  if (first.length !== second.length) {
    throw new RangeError(`labellings differ in length: ${first.length} and ${second.length}`);
  }
  const rows = new Map<Label, number>();
  const cols = new Map<Label, number>();
  const cells: number[][] = [];
  const rowSums: number[] = [];
  const colSums: number[] = [];
  for (let f = 0; f < first.length; f++) {
    const i = indexOf(rows, first[f] as Label, () => {
      cells.push(new Array<number>(colSums.length).fill(0));
      rowSums.push(0);
    });
    const j = indexOf(cols, second[f] as Label, () => {
      for (const row of cells) row.push(0);
      colSums.push(0);
    });
    const row = cells[i] ?? [];
    row[j] = (row[j] ?? 0) + 1;
    rowSums[i] = (rowSums[i] ?? 0) + 1;
    colSums[j] = (colSums[j] ?? 0) + 1;
  }
  return { cells, rowSums, colSums, n: first.length };
}

function indexOf(seen: Map<Label, number>, label: Label, onNew: () => void): number {
  const known = seen.get(label);
  if (known !== undefined) return known;
  seen.set(label, seen.size);
  onNew();
  return seen.size - 1;
}

const pairs = (m: number) => (m * (m - 1)) / 2;

/** ARI from a cross-tabulation (cells may be given flat: only their sum of pairs matters). */
export function adjustedRandFromCounts(
  cells: Iterable<number>,
  rowSums: Iterable<number>,
  colSums: Iterable<number>,
  n: number,
): number {
  let together = 0;
  for (const m of cells) together += pairs(m);
  let rowPairs = 0;
  for (const m of rowSums) rowPairs += pairs(m);
  let colPairs = 0;
  for (const m of colSums) colPairs += pairs(m);
  const all = pairs(n);
  // The only zero denominators, tested exactly rather than through float arithmetic.
  if (rowPairs === colPairs && (rowPairs === 0 || rowPairs === all)) return 1;
  const expected = (rowPairs * colPairs) / all;
  return (together - expected) / ((rowPairs + colPairs) / 2 - expected);
}

/** Adjusted Rand index between two labellings of the same families (symmetric; 1 = same partition). */
export function adjustedRandIndex(first: ArrayLike<Label>, second: ArrayLike<Label>): number {
  const { cells, rowSums, colSums, n } = contingency(first, second);
  return adjustedRandFromCounts(cells.flat(), rowSums, colSums, n);
}
