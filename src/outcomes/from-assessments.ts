/**
 * Case-level data from families' assessments on an indicator set, so the figures and
 * trajectories of LIFE-style indicators are computed like any other measure: each indicator is a
 * measure, and each family's assessments give its values at referral, at reviews and at closure.
 */
import type { Assessment } from '../model/assessment.ts';
import { indicatorSetRef, type IndicatorSet } from '../model/indicator-set.ts';
import type { Observation } from './trajectory.ts';
import { FigureIdSchema, type CaseRecord, type CaseSeries, type FigureOf } from '../model/outcome-figure.ts';

export interface FamilyAssessment {
  /** The family the server's records say the assessment belongs to. */
  familyId: string;
  assessment: Assessment;
}

export interface SkippedAssessment {
  familyId: string;
  assessedOn: string;
  why: string;
}

/**
 * The cases, one per family, with a measure per indicator. Only assessments on this set and
 * version count (another version's indicator may mean something else), and only those by
 * `ratedBy` when given, as families and workers may rate differently; the rest are listed as
 * skipped. A family with two assessments at referral keeps the earlier; at closure, the later.
 */
export function casesFromAssessments(
  set: IndicatorSet,
  assessments: readonly FamilyAssessment[],
  ratedBy?: Assessment['ratedBy'],
): { cases: CaseRecord[]; skipped: SkippedAssessment[] } {
  const byFamily = new Map<string, Map<string, { series: CaseSeries; referralOn?: string; closureOn?: string }>>();
  const skipped: SkippedAssessment[] = [];
  for (const { familyId, assessment } of assessments) {
    const { assessedOn } = assessment;
    if (assessment.indicatorSetId !== set.id || assessment.indicatorSetVersion !== set.version) {
      const made = indicatorSetRef({ id: assessment.indicatorSetId, version: assessment.indicatorSetVersion });
      skipped.push({ familyId, assessedOn, why: `made on ${made}, not ${indicatorSetRef(set)}` });
      continue;
    }
    if (ratedBy !== undefined && assessment.ratedBy !== ratedBy) {
      skipped.push({ familyId, assessedOn, why: `rated by ${assessment.ratedBy}, not ${ratedBy}` });
      continue;
    }
    const measures = byFamily.get(familyId) ?? new Map();
    byFamily.set(familyId, measures);
    for (const [indicatorId, value] of Object.entries(assessment.values)) {
      const entry = measures.get(indicatorId) ?? { series: { reviews: [] } };
      measures.set(indicatorId, entry);
      if (assessment.point === 'review') entry.series.reviews.push({ on: assessedOn, value });
      else if (assessment.point === 'referral' && (entry.referralOn === undefined || assessedOn < entry.referralOn)) {
        entry.series.referral = value;
        entry.referralOn = assessedOn;
      } else if (assessment.point === 'closure' && (entry.closureOn === undefined || assessedOn > entry.closureOn)) {
        entry.series.closure = value;
        entry.closureOn = assessedOn;
      }
    }
  }
  const cases = [...byFamily].map(([familyId, measures]) => ({
    familyId,
    measures: Object.fromEntries([...measures].map(([id, { series }]) => [id, series])),
  }));
  return { cases, skipped };
}

/**
 * A progress-k-of-m figure over every indicator of the set, each in its own better direction:
 * "in nine out of the ten assessed criteria, over 60% of families … made positive progress".
 */
export function progressFigureFor(
  set: IndicatorSet,
  { id, label, over }: { id: string; label: string; over: number },
): FigureOf<'progress-k-of-m'> {
  return {
    kind: 'progress-k-of-m',
    id: FigureIdSchema.parse(id),
    label,
    filter: [],
    over,
    indicators: set.indicators.map((indicator) => ({
      measureId: indicator.id,
      label: indicator.label,
      better: indicator.better,
    })),
  };
}

/** One indicator's values from families' assessments, for `familyTrajectories`. */
export function observationsOf(assessments: readonly FamilyAssessment[], indicatorId: string): Observation[] {
  return assessments.flatMap(({ familyId, assessment }) => {
    const value = assessment.values[indicatorId];
    return value === undefined ? [] : [{ familyId, on: assessment.assessedOn, value }];
  });
}
