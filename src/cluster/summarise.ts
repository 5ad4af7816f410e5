/**
 * What each family type looks like: its size, its share of the families, its mode and how
 * common each issue is within it. Types are put in a fixed order (largest first; equal sizes
 * by mode, the type holding an issue the other lacks at the first issue where they differ
 * coming first; then by the clustering's label) and numbered in that order, so the same
 * clustering always reads the same way whatever labels the algorithm happened to give.
 */
import { asPacked, clusterCounts, type Answer, type ProfileInput } from './profiles.ts';

export interface IssuePrevalence {
  issueId: string;
  /** Share of the type's families with the issue, 0–1. */
  prevalence: number;
  /** Whether the issue is in the type's mode (held by more than half of its families). */
  inMode: boolean;
}

export interface TypeSummary {
  /** The type's number in the fixed order, from 0. */
  type: number;
  /** The label the clustering gave it. */
  clusterLabel: number;
  /** Number of families. */
  size: number;
  /** Share of all families as a percentage, unrounded. */
  percent: number;
  /** `percent` rounded half up to the requested decimals, for display. */
  percentDisplay: number;
  /** Majority answer per issue (a tie reads as 0, as in k-modes). */
  mode: Answer[];
  /** Every issue, in issue order. */
  issues: IssuePrevalence[];
}

export interface TypeSummaries {
  types: TypeSummary[];
  /** Each family's type number in the fixed order (not the clustering's label). */
  labels: Int32Array;
}

export interface SummariseOptions {
  /** Number of clusters; default the largest label + 1. */
  k?: number;
  /** Decimal places of `percentDisplay`; default 0. */
  decimals?: number;
}

/** Summarises each type of a clustering; `issueIds` name the profile's columns in order. */
export function summariseTypes(
  input: ProfileInput,
  labels: ArrayLike<number>,
  issueIds: readonly string[],
  options: SummariseOptions = {},
): TypeSummaries {
  const packed = asPacked(input);
  const { n, p } = packed;
  if (issueIds.length !== p) throw new RangeError(`${issueIds.length} issue ids for ${p} issues`);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} families`);
  let k = options.k ?? 0;
  if (options.k === undefined) for (let i = 0; i < n; i++) k = Math.max(k, (labels[i] ?? 0) + 1);
  const decimals = options.decimals ?? 0;
  const { sizes, counts } = clusterCounts(packed, labels, k);

  const unordered = Array.from({ length: k }, (_, c) => {
    const size = sizes[c] ?? 0;
    const issues = issueIds.map((issueId, j): IssuePrevalence => {
      const q = counts[c * p + j] ?? 0;
      return { issueId, prevalence: size === 0 ? 0 : q / size, inMode: 2 * q > size };
    });
    return {
      clusterLabel: c,
      size,
      percent: n === 0 ? 0 : (100 * size) / n,
      percentDisplay: roundHalfUpPercent(size, n, decimals),
      mode: issues.map((issue): Answer => (issue.inMode ? 1 : 0)),
      issues,
    };
  });
  unordered.sort((x, y) => y.size - x.size || compareModes(x.mode, y.mode) || x.clusterLabel - y.clusterLabel);

  const types = unordered.map((summary, type): TypeSummary => ({ type, ...summary }));
  const relabel = new Int32Array(k);
  for (const t of types) relabel[t.clusterLabel] = t.type;
  const ordered = new Int32Array(n);
  for (let i = 0; i < n; i++) ordered[i] = relabel[labels[i] ?? 0] ?? 0;
  return { types, labels: ordered };
}

/** The mode holding an issue the other lacks, at the first issue where they differ, first. */
function compareModes(x: readonly Answer[], y: readonly Answer[]): number {
  for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return (y[j] ?? 0) - (x[j] ?? 0);
  return 0;
}

/**
 * size / n as a percentage rounded half up, in integers so that 12.5 never becomes 12 through
 * binary fractions: ⌊(2·size·100·10^d + n) / (2n)⌋ / 10^d.
 */
export function roundHalfUpPercent(size: number, n: number, decimals = 0): number {
  if (n === 0) return 0;
  const scale = 10 ** decimals;
  return Math.floor((2 * size * 100 * scale + n) / (2 * n)) / scale;
}
