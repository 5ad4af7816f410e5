/**
 * Reading case-level data for a figure: a measure's value at a point of a family's support, the
 * figure's filter, and the families left out for want of a value. Every figure kind reads its
 * cases through here, so "left out" means the same thing in every figure.
 */
import type { CasePoint, CaseRecord, CaseSeries, Comparison, Condition } from '../model/outcome-figure.ts';
import type { LeftOut } from './result.ts';
import { pointWords } from './wording.ts';

export const COMPARE: Record<Comparison, (a: number, b: number) => boolean> = {
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
};

/**
 * A value and its place in the series: referral 0, the earliest review 1, the latest review 2
 * (1 when there is only one), closure 3. Equal places are one value, not a change.
 */
interface Placed {
  value: number;
  order: number;
}

type Review = CaseSeries['reviews'][number];

/**
 * The earliest or latest review by day (of two on one day, the first listed is the earliest and
 * the last listed the latest). Scans rather than sorts: figures read 10,000 cases.
 */
function reviewAtEnd(reviews: readonly Review[], end: 'first' | 'last'): Review | undefined {
  let found: Review | undefined;
  for (const review of reviews) {
    if (!found || (end === 'first' ? review.on < found.on : review.on >= found.on)) found = review;
  }
  return found;
}

/** The value at a family's latest review, the one a cohort is compared at. */
export function latestReview(series: CaseSeries): number | undefined {
  return reviewAtEnd(series.reviews, 'last')?.value;
}

/** The measure's value at a point: referral, closure, or the first or last recorded anywhere. */
function placedAt(series: CaseSeries | undefined, point: CasePoint): Placed | undefined {
  if (!series) return undefined;
  const { referral, closure, reviews } = series;
  const atReferral = referral === undefined ? undefined : { value: referral, order: 0 };
  const atClosure = closure === undefined ? undefined : { value: closure, order: 3 };
  if (point === 'referral') return atReferral;
  if (point === 'closure') return atClosure;
  const review = reviewAtEnd(reviews, point);
  const order = point === 'last' && reviews.length > 1 ? 2 : 1;
  const atReview = review === undefined ? undefined : { value: review.value, order };
  return point === 'first' ? (atReferral ?? atReview ?? atClosure) : (atClosure ?? atReview ?? atReferral);
}

function valueAt(series: CaseSeries | undefined, point: CasePoint): number | undefined {
  return placedAt(series, point)?.value;
}

const noValue = (familyId: string, measureId: string, point: CasePoint): LeftOut => ({
  familyId,
  reason: 'missing-value',
  detail: `no value of "${measureId}" ${pointWords(point)}`,
});

/** Whether the case is the figure's (`true`), not (`false`), or cannot be told for want of a value. */
function inFilter(record: CaseRecord, filter: readonly Condition[]): boolean | LeftOut {
  for (const condition of filter) {
    const value = valueAt(record.measures[condition.measureId], condition.at);
    if (value === undefined) return noValue(record.familyId, condition.measureId, condition.at);
    if (!COMPARE[condition.op](value, condition.value)) return false;
  }
  return true;
}

export interface Change {
  familyId: string;
  from: number;
  to: number;
}

interface Reading {
  measureId: string;
  filter: readonly Condition[];
}

/**
 * Each case's value at `from` and at `to`, for cases in the filter; a case without both, or whose
 * only value is both (first and last of a single record), is left out.
 */
export function changesOf(
  { measureId, filter, from, to }: Reading & { from: CasePoint; to: CasePoint },
  cases: readonly CaseRecord[],
): { changes: Change[]; leftOut: LeftOut[] } {
  const changes: Change[] = [];
  const { cases: counted, leftOut } = casesIn(filter, cases);
  for (const record of counted) {
    const series = record.measures[measureId];
    const start = placedAt(series, from);
    const end = placedAt(series, to);
    if (!start) leftOut.push(noValue(record.familyId, measureId, from));
    else if (!end) leftOut.push(noValue(record.familyId, measureId, to));
    else if (start.order >= end.order) {
      leftOut.push({ familyId: record.familyId, reason: 'one-value', detail: `one value of "${measureId}" only` });
    } else changes.push({ familyId: record.familyId, from: start.value, to: end.value });
  }
  return { changes, leftOut };
}

/** Each case's value at one point, for cases in the filter; a case without one is left out. */
export function valuesOf(
  { measureId, filter, at }: Reading & { at: CasePoint },
  cases: readonly CaseRecord[],
): { values: { familyId: string; value: number }[]; leftOut: LeftOut[] } {
  const values: { familyId: string; value: number }[] = [];
  const { cases: counted, leftOut } = casesIn(filter, cases);
  for (const record of counted) {
    const value = valueAt(record.measures[measureId], at);
    if (value === undefined) leftOut.push(noValue(record.familyId, measureId, at));
    else values.push({ familyId: record.familyId, value });
  }
  return { values, leftOut };
}

/** The cases in the filter, and those left out because the filter needs a value they lack. */
export function casesIn(
  filter: readonly Condition[],
  cases: readonly CaseRecord[],
): { cases: CaseRecord[]; leftOut: LeftOut[] } {
  const kept: CaseRecord[] = [];
  const leftOut: LeftOut[] = [];
  for (const record of cases) {
    const scope = inFilter(record, filter);
    if (scope === true) kept.push(record);
    else if (scope !== false) leftOut.push(scope);
  }
  return { cases: kept, leftOut };
}

/** A series' first and last values, when it has at least two (one value is no change). */
export function firstAndLast(series: CaseSeries | undefined): { first: number; last: number } | undefined {
  const first = placedAt(series, 'first');
  const last = placedAt(series, 'last');
  if (!first || !last || first.order >= last.order) return undefined;
  return { first: first.value, last: last.value };
}

/** The values of a series in order, referral first, reviews by day, closure last. */
export function seriesValues(series: CaseSeries | undefined): number[] {
  if (!series) return [];
  const { referral, closure } = series;
  let reviews = series.reviews;
  if (reviews.some((review, index) => index > 0 && review.on < (reviews[index - 1]?.on ?? ''))) {
    reviews = [...reviews].sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  }
  const values = referral === undefined ? [] : [referral];
  for (const review of reviews) values.push(review.value);
  if (closure !== undefined) values.push(closure);
  return values;
}
