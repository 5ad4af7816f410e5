/**
 * A cohort's outcome figures, computed afresh from case-level data as the programmes reported
 * them (src/outcomes/): from issue profiles, each headline problem's prevalence at referral and
 * the change in families with it between referral and closure; from assessments on the project's
 * indicator set, "positive progress in k of m indicators for over 60% of families", and for each
 * indicator the share of families that moved the better way (a level for an ordinal one; a third
 * for a count, as Family Action reported offending), the median change and LIFE's "average
 * reduction" (the mean of per-family reductions, families with none at referral left out).
 *
 * A family counts in a figure only when it is counted in the cohort (consent to analysis); staff
 * see every figure whole; evaluators get `suppressFigure`'s copy.
 */
import { eligibilityOf } from '../../src/issues/index.ts';
import {
  FigureIdSchema,
  IndicatorSetSchema,
  type CaseRecord,
  type CaseSeries,
  type FigureDefinition,
  type IndicatorSet,
  type IssueSet,
} from '../../src/model/index.ts';
import {
  casesFromAssessments,
  computeFigures,
  progressFigureFor,
  type FigureResult,
} from '../../src/outcomes/index.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { StoredAssessment, StoredProfile } from '../storage/research-records.ts';
import type { CohortMembers } from './cohorts.ts';
import { asIssueProfile, latestReferralProfiles } from './profiles.ts';

export interface CohortFigures {
  /** Phase Two eligibility on each family's latest referral profile. */
  eligibility: { eligible: number; notEligible: number; notEnoughKnown: number; noProfile: number };
  fromProfiles: FigureResult[];
  fromAssessments: FigureResult[];
  indicatorSet?: IndicatorSet;
  /** Families with each headline problem at referral and at closure, of the families known at both. */
  headlines: { label: string; referral: number; closure: number }[];
  assessed: { referral: number; closure: number };
}

/** The project's indicator set now (its newest version), if it has made one: there is no default. */
export async function projectIndicatorSet(store: DocumentStore, projectId: string): Promise<IndicatorSet | undefined> {
  for (const row of await store.research.setsOf(projectId, 'indicators')) {
    const parsed = IndicatorSetSchema.safeParse(JSON.parse(row.json));
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** Each family's headline problems as measures: 1 when met, 0 when not, at referral, reviews and closure. */
function casesFromProfiles(set: IssueSet, profiles: readonly StoredProfile[]): CaseRecord[] {
  const byFamily = new Map<string, Map<string, CaseSeries & { referralOn?: string; closureOn?: string }>>();
  for (const stored of profiles) {
    if (stored.issueSetId !== set.id || stored.issueSetVersion !== set.version) continue;
    const { met, unknown } = eligibilityOf(set, asIssueProfile(stored));
    const measures = byFamily.get(stored.familyId) ?? new Map();
    byFamily.set(stored.familyId, measures);
    for (const headline of set.headlines) {
      if (unknown.some((h) => h.id === headline.id)) continue;
      const value = met.some((h) => h.id === headline.id) ? 1 : 0;
      const series = measures.get(headline.id) ?? { reviews: [] };
      measures.set(headline.id, series);
      if (stored.point === 'review') series.reviews.push({ on: stored.assessedOn, value });
      else if (
        stored.point === 'referral' &&
        (series.referralOn === undefined || stored.assessedOn < series.referralOn)
      ) {
        series.referral = value;
        series.referralOn = stored.assessedOn;
      } else if (
        stored.point === 'closure' &&
        (series.closureOn === undefined || stored.assessedOn > series.closureOn)
      ) {
        series.closure = value;
        series.closureOn = stored.assessedOn;
      }
    }
  }
  return [...byFamily].map(([familyId, measures]) => ({
    familyId,
    measures: Object.fromEntries(
      [...measures].map(([id, { referralOn: _r, closureOn: _c, ...series }]) => [id, series]),
    ),
  }));
}

const isPercentage = (unit: string) => /^\s*(%|per ?cent|percent(age)?)\s*$/i.test(unit);

const figureId = (text: string) => FigureIdSchema.parse(text.slice(0, 48).replace(/-+$/, ''));

function profileFigures(set: IssueSet): FigureDefinition[] {
  return set.headlines.flatMap((headline): FigureDefinition[] => [
    {
      kind: 'prevalence',
      id: figureId(`has-${headline.id}`),
      label: `Families with ${headline.shortLabel.toLowerCase()} at referral`,
      measureId: headline.id,
      at: 'referral',
      has: { op: 'gt', value: 0 },
      filter: [],
    },
    {
      kind: 'count-change',
      id: figureId(`fewer-${headline.id}`),
      label: `Families with ${headline.shortLabel.toLowerCase()}`,
      measureId: headline.id,
      better: 'lower',
      from: 'referral',
      to: 'closure',
      filter: [],
    },
  ]);
}

function indicatorFigures(set: IndicatorSet): FigureDefinition[] {
  const each = set.indicators.flatMap((indicator): FigureDefinition[] => {
    const base = {
      measureId: indicator.id,
      better: indicator.better,
      from: 'referral' as const,
      to: 'closure' as const,
      filter: [],
    };
    if (indicator.measure.kind === 'ordinal')
      return [
        {
          kind: 'share-meeting',
          id: figureId(`moved-${indicator.id}`),
          label: `${indicator.label}: moved at least one level the better way`,
          ...base,
          threshold: { kind: 'change', amount: 1 },
        },
      ];
    return [
      {
        kind: 'share-meeting',
        id: figureId(`third-${indicator.id}`),
        label: `${indicator.label}: changed by at least a third the better way`,
        ...base,
        threshold: { kind: 'relative-change', percent: 33 },
      },
      {
        kind: 'median-change',
        id: figureId(`median-${indicator.id}`),
        label: `${indicator.label}: median change`,
        ...base,
        // A measure that is itself a percentage (attendance) changes in points, as Family Action's "+19%" reads.
        unit: isPercentage(indicator.measure.unit) ? 'percentage-points' : 'relative-percent',
      },
      {
        kind: 'mean-of-family-change',
        id: figureId(`average-${indicator.id}`),
        label: `${indicator.label}: average change per family`,
        ...base,
      },
    ];
  });
  return [
    progressFigureFor(set, { id: 'progress-k-of-m', label: 'Positive progress across the indicators', over: 60 }),
    ...each,
  ];
}

export async function cohortFigures(
  store: DocumentStore,
  set: IssueSet,
  members: CohortMembers,
): Promise<CohortFigures> {
  const ids = members.counted.map((f) => f.id);
  const [profiles, assessments, indicatorSet] = await Promise.all([
    store.research.profilesOfFamilies(ids),
    store.research.assessmentsOfFamilies(ids),
    projectIndicatorSet(store, members.cohort.projectId),
  ]);
  const cases = casesFromProfiles(set, profiles);
  // Referral and closure compared on the same families: those with both profiles.
  const paired = cases.filter((c) =>
    set.headlines.some((h) => c.measures[h.id]?.referral !== undefined && c.measures[h.id]?.closure !== undefined),
  );
  const count = (id: string, at: 'referral' | 'closure') => paired.filter((c) => c.measures[id]?.[at] === 1).length;
  return {
    eligibility: eligibilityCounts(set, ids, profiles),
    fromProfiles: computeFigures(profileFigures(set), cases),
    headlines: set.headlines.map((h) => ({
      label: h.shortLabel,
      referral: count(h.id, 'referral'),
      closure: count(h.id, 'closure'),
    })),
    assessed: { referral: paired.length, closure: paired.length },
    fromAssessments: indicatorSet ? assessmentFigures(indicatorSet, assessments) : [],
    ...(indicatorSet ? { indicatorSet } : {}),
  };
}

function assessmentFigures(set: IndicatorSet, assessments: readonly StoredAssessment[]): FigureResult[] {
  const { cases } = casesFromAssessments(
    set,
    assessments.map((a) => ({
      familyId: a.familyId,
      assessment: {
        indicatorSetId: a.indicatorSetId,
        indicatorSetVersion: a.indicatorSetVersion,
        point: a.point,
        assessedOn: a.assessedOn,
        ratedBy: a.ratedBy,
        values: a.values,
      } as Parameters<typeof casesFromAssessments>[1][number]['assessment'],
    })),
  );
  return computeFigures(indicatorFigures(set), cases);
}

function eligibilityCounts(
  set: IssueSet,
  ids: readonly string[],
  profiles: readonly StoredProfile[],
): CohortFigures['eligibility'] {
  const latest = latestReferralProfiles(set, profiles);
  const counts = { eligible: 0, notEligible: 0, notEnoughKnown: 0, noProfile: 0 };
  for (const id of ids) {
    const profile = latest.get(id);
    if (!profile) counts.noProfile++;
    else {
      const status = eligibilityOf(set, asIssueProfile(profile)).status;
      if (status === 'eligible') counts.eligible++;
      else if (status === 'not-eligible') counts.notEligible++;
      else counts.notEnoughKnown++;
    }
  }
  return counts;
}
