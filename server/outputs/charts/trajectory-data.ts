/**
 * The numbers behind the progress chart: families counted at each level at each point, and the
 * median level. The progress scale is ordinal (src/model/progress-scale.ts), so the middle is the
 * median level, never a mean.
 */
import type { ProgressLevel } from '../../../src/model/index.ts';

export type TrajectoryLevel = Pick<ProgressLevel, 'value' | 'label' | 'colour'>;

export interface TrajectoryPoint {
  /** "Referral", "Review 2", "6 months". */
  label: string;
  /** How many families were rated at each level at this point, in the order of the scale's levels. */
  counts: readonly number[];
}

export interface TrajectoriesData {
  /** The scale's levels, lowest first (DEFAULT_PROGRESS_SCALE.levels or a journey's own). */
  levels: readonly TrajectoryLevel[];
  points: readonly TrajectoryPoint[];
  /**
   * Each family's level value at each point, null where it was not rated; the points' counts must
   * agree with it (`trajectoryPoints` makes them). Drawn as lines only when there are few families.
   */
  families?: readonly (readonly (number | null)[])[];
}

/** The points' counts from each family's ratings (a level value, or null where not rated). */
export function trajectoryPoints(
  levels: readonly TrajectoryLevel[],
  pointLabels: readonly string[],
  families: readonly (readonly (number | null)[])[],
): TrajectoryPoint[] {
  const indexOf = new Map(levels.map((level, index) => [level.value, index]));
  return pointLabels.map((label, point) => {
    const counts = levels.map(() => 0);
    for (const family of families) {
      const index = indexOf.get(family[point] ?? Number.NaN);
      if (index !== undefined) counts[index] = (counts[index] ?? 0) + 1;
    }
    return { label, counts };
  });
}

/** The index of the median level: the middle family's (the lower of two middle ones), or undefined when none was rated. */
export function medianLevel(counts: readonly number[]): number | undefined {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return undefined;
  let below = 0;
  for (const [index, count] of counts.entries()) {
    below += count;
    if (below >= total / 2) return index;
  }
  return counts.length - 1;
}

/** Raises when the counts do not fit the scale, or do not add up from the families given. */
export function checkTrajectories(data: TrajectoriesData): void {
  for (const point of data.points)
    if (point.counts.length !== data.levels.length || point.counts.some((count) => !(count >= 0)))
      throw new RangeError(
        `"${point.label}" needs a count of zero or more for each of the ${data.levels.length} levels`,
      );
  if (!data.families) return;
  const recounted = trajectoryPoints(
    data.levels,
    data.points.map((point) => point.label),
    data.families,
  );
  if (recounted.some((point, i) => point.counts.join() !== data.points[i]?.counts.join()))
    throw new RangeError('the families given do not add up to the counts at each point');
}
