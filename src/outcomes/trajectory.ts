/**
 * Trajectories: where families were, month by month, relative to the start of support, and where
 * a cohort stood at referral, at review and at closure.
 *
 * Levels (of the progress scale, or of an ordinal indicator) are ordered, not evenly spaced: a
 * cohort is described by the share of families at each level, the median level and movement
 * between levels, never by a mean level. A chart of 10,000 families draws these shares, not
 * 10,000 lines.
 */
import { movement, type BetterDirection } from '../model/indicator-set.ts';
import { PROFILE_POINTS, type ProfilePoint } from '../model/issue-profile.ts';
import type { CaseRecord, CaseSeries } from '../model/outcome-figure.ts';
import { firstAndLast, latestReview, seriesValues } from './cases.ts';
import { median, percentOf } from './rounding.ts';

/** One value of one family on a day (YYYY-MM-DD) or in a month (YYYY-MM), as a stage may be dated. */
export interface Observation {
  familyId: string;
  on: string;
  value: number;
}

export interface TrajectoryPoint {
  /** Months since support started: 0 is the first month of support, −1 the month before it. */
  month: number;
  on: string;
  value: number;
}

export interface FamilyTrajectory {
  familyId: string;
  points: TrajectoryPoint[];
}

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/**
 * Whole months from `start` to `on`, counted as completed months: a month is complete on the
 * same day of the next month (from 15 March, 14 April is month 0 and 15 April month 1; from
 * 31 January, 28 February is still month 0). Before the start it is negative: 10 March is
 * month −1. Where either is only a month (YYYY-MM), months are counted without days.
 */
export function monthsFrom(start: string, on: string): number {
  const a = DATE.exec(start);
  const b = DATE.exec(on);
  if (!a || !b)
    throw new RangeError(`expected dates like 2015-03-15 or months like 2015-03, got "${start}" and "${on}"`);
  const months = (Number(b[1]) - Number(a[1])) * 12 + (Number(b[2]) - Number(a[2]));
  if (a[3] === undefined || b[3] === undefined) return months;
  return Number(b[3]) < Number(a[3]) ? months - 1 : months;
}

/**
 * Each family's values in time order, placed by months from the start of its support. Families
 * whose start is not known are left out and listed, as their months cannot be counted.
 */
export function familyTrajectories(
  observations: readonly Observation[],
  startOf: (familyId: string) => string | undefined,
): { trajectories: FamilyTrajectory[]; noStart: string[] } {
  const byFamily = new Map<string, TrajectoryPoint[]>();
  const noStart = new Set<string>();
  for (const { familyId, on, value } of observations) {
    const start = startOf(familyId);
    if (start === undefined) {
      noStart.add(familyId);
      continue;
    }
    const points = byFamily.get(familyId) ?? [];
    byFamily.set(familyId, points);
    points.push({ month: monthsFrom(start, on), on, value });
  }
  const trajectories = [...byFamily].map(([familyId, points]) => ({
    familyId,
    points: points.sort((a, b) => a.month - b.month || (a.on < b.on ? -1 : a.on > b.on ? 1 : 0)),
  }));
  return { trajectories, noStart: [...noStart] };
}

export interface LevelShare {
  /** The level's number, 1 for the lowest. */
  level: number;
  families: number;
  /** The share of the point's families at this level, in percent before rounding. */
  value: number | null;
  /** The share rounded half up to a whole percent (the shares need not add up to exactly 100). */
  percent: number | null;
}

export interface PointDistribution {
  /** Referral, review (each family's latest) or closure. */
  point: ProfilePoint;
  /** Families with a level recorded at this point. */
  families: number;
  levels: LevelShare[];
  /** The median level; a half (2.5) means between two levels. Null when no family has one. */
  median: number | null;
}

export interface LevelMovement {
  /** Families with at least two levels recorded, compared first to last. */
  families: number;
  /** How many families moved by each number of levels (negative: down), lowest first. */
  byLevels: { levels: number; families: number }[];
  better: number;
  same: number;
  worse: number;
  /** The median number of levels moved, up positive. */
  median: number | null;
}

const levelAt: Record<ProfilePoint, (series: CaseSeries) => number | undefined> = {
  referral: (series) => series.referral,
  review: latestReview,
  closure: (series) => series.closure,
};

/**
 * How a cohort stood on one ordinal measure at referral, review and closure, and how far each
 * family moved between its first and last levels. A value that is not a level 1..`levels` is not
 * counted, nor is that family's movement; the family is listed in `notLevels`.
 */
export function cohortLevels(
  cases: readonly CaseRecord[],
  { measureId, levels, better = 'higher' }: { measureId: string; levels: number; better?: BetterDirection },
): { points: PointDistribution[]; movement: LevelMovement; notLevels: string[] } {
  const isLevel = (value: number) => Number.isInteger(value) && value >= 1 && value <= levels;
  const notLevels = new Set<string>();
  const points = PROFILE_POINTS.map((point): PointDistribution => {
    const found: number[] = [];
    for (const record of cases) {
      const series = record.measures[measureId];
      const value = series && levelAt[point](series);
      if (value === undefined) continue;
      if (isLevel(value)) found.push(value);
      else notLevels.add(record.familyId);
    }
    const counts: number[] = Array.from({ length: levels }, () => 0);
    for (const value of found) counts[value - 1] = (counts[value - 1] ?? 0) + 1;
    return {
      point,
      families: found.length,
      levels: counts.map((families, index) => ({
        level: index + 1,
        families,
        value: found.length === 0 ? null : (100 * families) / found.length,
        percent: percentOf(families, found.length),
      })),
      median: median(found),
    };
  });
  const moves: number[] = [];
  const tally = { better: 0, same: 0, worse: 0 };
  for (const record of cases) {
    const series = record.measures[measureId];
    if (series && seriesValues(series).some((value) => !isLevel(value))) notLevels.add(record.familyId);
    const ends = firstAndLast(series);
    if (!ends || notLevels.has(record.familyId)) continue;
    moves.push(ends.last - ends.first);
    const moved = movement(better, ends.first, ends.last);
    tally[moved === 1 ? 'better' : moved === 0 ? 'same' : 'worse']++;
  }
  const byLevels = new Map<number, number>();
  for (const move of moves) byLevels.set(move, (byLevels.get(move) ?? 0) + 1);
  return {
    points,
    movement: {
      families: moves.length,
      byLevels: [...byLevels]
        .sort(([a], [b]) => a - b)
        .map(([levelsMoved, families]) => ({ levels: levelsMoved, families })),
      ...tally,
      median: median(moves),
    },
    notLevels: [...notLevels],
  };
}
