/**
 * What computing a figure gives: the number before rounding and as published, what it is a
 * share of, how many families stand behind it, which families were left out and why, and a
 * sentence in the manner of the published accounts.
 */
import type { CaseRecord, FigureKind, FigureOf } from '../model/outcome-figure.ts';

/** Why a family the figure would count was left out; the words finish "left out: …". */
export const LEFT_OUT_REASONS = {
  'missing-value': 'a value the figure needs was not recorded',
  'one-value': 'only one value was recorded, so there is no change to measure',
  'none-at-start': 'none at the start, so a change cannot be taken as a percent of it',
  'too-few-assessments': 'not assessed at least twice on any of the indicators',
} as const;
export type LeftOutReason = keyof typeof LEFT_OUT_REASONS;

export interface LeftOut {
  familyId: string;
  reason: LeftOutReason;
  /** The reason for this family in particular: `no value of "police-call-outs" at referral`. */
  detail: string;
}

/** One indicator of a progress-k-of-m figure: how many families assessed twice progressed on it. */
export interface FigurePart {
  measureId: string;
  label: string;
  /** Families whose last assessment was better than their first. */
  numerator: number;
  /** Families assessed on the indicator at least twice. */
  denominator: number;
  /** The share in percent before rounding; null when no family was assessed twice. */
  value: number | null;
  percent: number | null;
  /** Whether the share is over the figure's percent, so the indicator counts. */
  counts: boolean;
}

/** What `value` is measured in. */
export type FigureUnit = 'percent' | 'percentage-points' | 'count' | 'indicators';

export interface FigureResult {
  id: string;
  kind: FigureKind;
  label: string;
  unit: FigureUnit;
  /**
   * The figure before rounding: a signed change for change kinds (−64.29 for 14 → 5), a share,
   * a count, or the number of indicators. Null when there was nothing to compute it from.
   */
  value: number | null;
  /** `value` rounded half up to a whole number where it is in percent or points; else null. */
  percent: number | null;
  /** The part counted (cases meeting the threshold, the fall in a total); null for medians and means. */
  numerator: number | null;
  /** What the share is of (families counted, the starting total); null for plain counts. */
  denominator: number | null;
  /**
   * What numerator and denominator count: families, things about families (children,
   * call-outs), which identify families just as well, or indicators, which describe none.
   */
  counts: 'families' | 'items' | 'indicators';
  /** Families the figure counts. */
  n: number;
  leftOut: LeftOut[];
  /** Whether a change kind's change was in the better direction; null for other kinds or no change. */
  improved: boolean | null;
  /** The figure in a sentence, as the published accounts put it. */
  sentence: string;
  /** Who was left out, in words to follow the sentence: "Left out: 1 family (…)."; empty when none. */
  leftOutSentence: string;
  /** Per-indicator shares (progress-k-of-m only). */
  parts?: FigurePart[];
}

/** What a kind's behaviour returns; the registry adds the definition's id, kind and label, and the words for who was left out. */
export type Computed = Omit<FigureResult, 'id' | 'kind' | 'label' | 'leftOutSentence'>;

/** How one kind of figure is computed and worded. */
export interface FigureBehaviour<K extends FigureKind> {
  compute(definition: FigureOf<K>, cases: readonly CaseRecord[]): Computed;
}
