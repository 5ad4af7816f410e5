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
 *
 * Each family's cases and eligibility are derived from its profiles and assessments once and
 * kept while its research stamp is unchanged (`DerivedCache`, dropped when the family is
 * erased), so a cohort of thousands reads only the families written since; the figures
 * themselves are computed afresh from the cases every time.
 */
import { createHash } from 'node:crypto';
import { DerivedCache, perOwner } from '../../src/cohort/index.ts';
import { eligibilityOf, type Eligibility, type EligibilityStatus } from '../../src/issues/index.ts';
import {
  FigureIdSchema,
  IndicatorSetSchema,
  type CaseRecord,
  type FigureDefinition,
  type IndicatorSet,
  type IssueSet,
} from '../../src/model/index.ts';
import {
  casesFromAssessments,
  cohortLevels,
  computeFigures,
  progressFigureFor,
  type FigureResult,
  type PointDistribution,
} from '../../src/outcomes/index.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { StoredAssessment, StoredProfile } from '../storage/research-records.ts';
import type { CohortMembers } from './cohorts.ts';
import { latestReferralProfiles, onSet, profileCase } from './profiles.ts';

export interface CohortFigures {
  /** Phase Two eligibility on each family's latest referral profile. */
  eligibility: { eligible: number; notEligible: number; notEnoughKnown: number; noProfile: number };
  fromProfiles: FigureResult[];
  fromAssessments: FigureResult[];
  indicatorSet?: IndicatorSet;
  /** Each indicator measured in levels: how many families stood at each level at referral, review and closure. */
  indicatorLevels: {
    label: string;
    levels: readonly string[];
    better: 'higher' | 'lower';
    points: PointDistribution[];
  }[];
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

/** What one family gives the figures: derived once per research stamp, then kept. */
interface FamilyCases {
  /** Its headline problems as measures, when it has a profile on the set. */
  profiles?: CaseRecord;
  /** Eligibility on its latest referral profile on the set; undefined without one. */
  eligibility?: EligibilityStatus;
  /** Its indicators as measures, when it has an assessment on the project's indicator set. */
  assessments?: CaseRecord;
}

const NOTHING: FamilyCases = {};

function familyCasesOf(
  set: IssueSet,
  indicatorSet: IndicatorSet | undefined,
  familyId: string,
  profiles: readonly StoredProfile[],
  assessments: readonly StoredAssessment[],
): FamilyCases {
  const judged = new Map<StoredProfile, Eligibility>();
  for (const p of profiles) {
    const profile = onSet(set, p);
    if (profile) judged.set(p, eligibilityOf(set, profile));
  }
  const latest = latestReferralProfiles(set, profiles).get(familyId);
  const fromProfiles = profileCase(set, familyId, profiles, judged);
  const fromAssessments = indicatorSet && assessmentCases(indicatorSet, assessments)[0];
  return {
    ...(fromProfiles ? { profiles: fromProfiles } : {}),
    ...(latest ? { eligibility: judged.get(latest)?.status } : {}),
    ...(fromAssessments ? { assessments: fromAssessments } : {}),
  };
}

/** Each family's cases, and each cohort's figures, kept for this store (dropped when a family is erased). */
export const casesCacheOf = perOwner((store: DocumentStore) => {
  const cache = new DerivedCache<FamilyCases, CohortFigures>();
  store.onErased(({ familyIds }) => cache.forget(familyIds));
  return cache;
});

/** The sets cases are derived on, as part of each stamp: another set (or version) derives afresh. */
const setsKey = (set: IssueSet, indicatorSet: IndicatorSet | undefined) =>
  createHash('sha256')
    .update(JSON.stringify([set, indicatorSet ?? null]))
    .digest('base64url');

function byFamily<T extends { familyId: string }>(records: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const record of records) {
    const list = grouped.get(record.familyId);
    if (list) list.push(record);
    else grouped.set(record.familyId, [record]);
  }
  return grouped;
}

/** Each family's cases: kept ones where its research stamp is unchanged, the rest read and derived (and kept). */
export async function familyCases(
  store: DocumentStore,
  set: IssueSet,
  indicatorSet: IndicatorSet | undefined,
  familyIds: readonly string[],
  reading = casesCacheOf(store).reading(),
): Promise<Map<string, FamilyCases>> {
  const cache = casesCacheOf(store);
  const key = setsKey(set, indicatorSet);
  const stamps = await store.research.researchStamps(familyIds);
  const cases = new Map<string, FamilyCases>();
  const stale: string[] = [];
  for (const id of familyIds) {
    const stamp = stamps.get(id);
    // No profiles and no assessments: nothing to derive, and nothing kept.
    if (stamp === undefined) cache.drop(id);
    const kept = stamp === undefined ? NOTHING : cache.get(id, `${key} ${stamp}`);
    if (kept) cases.set(id, kept);
    else stale.push(id);
  }
  if (stale.length === 0) return cases;
  // Read after the stamps: what is kept is never older than the stamp it is kept under.
  const [profiles, assessments] = await Promise.all([
    store.research.profilesOfFamilies(stale),
    indicatorSet ? store.research.assessmentsOfFamilies(stale) : [],
  ]);
  const profilesOf = byFamily(profiles);
  const assessmentsOf = byFamily(assessments);
  for (const id of stale) {
    const derived = familyCasesOf(set, indicatorSet, id, profilesOf.get(id) ?? [], assessmentsOf.get(id) ?? []);
    reading.keep(id, `${key} ${stamps.get(id)}`, derived);
    cases.set(id, derived);
  }
  return cases;
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
  const cache = casesCacheOf(store);
  const reading = cache.reading();
  const indicatorSet = await projectIndicatorSet(store, members.cohort.projectId);
  const byId = await familyCases(store, set, indicatorSet, ids, reading);
  // The same families with the same cases on the same sets: the figures computed from them last time.
  const inputs = [setsKey(set, indicatorSet), ...ids.flatMap((id) => [id, byId.get(id)])];
  const kept = cache.result(members.cohort.id, inputs);
  if (kept) return kept;
  const figures = figuresOf(set, indicatorSet, ids, byId);
  reading.keepResult(members.cohort.id, inputs, figures);
  return figures;
}

function figuresOf(
  set: IssueSet,
  indicatorSet: IndicatorSet | undefined,
  ids: readonly string[],
  byId: ReadonlyMap<string, FamilyCases>,
): CohortFigures {
  const cases: CaseRecord[] = [];
  const assessed: CaseRecord[] = [];
  const eligibility = { eligible: 0, notEligible: 0, notEnoughKnown: 0, noProfile: 0 };
  for (const id of ids) {
    const family = byId.get(id) ?? NOTHING;
    if (family.profiles) cases.push(family.profiles);
    if (family.assessments) assessed.push(family.assessments);
    if (family.eligibility === undefined) eligibility.noProfile++;
    else if (family.eligibility === 'eligible') eligibility.eligible++;
    else if (family.eligibility === 'not-eligible') eligibility.notEligible++;
    else eligibility.notEnoughKnown++;
  }
  // Referral and closure compared on the same families: those with both profiles.
  const paired = cases.filter((c) =>
    set.headlines.some((h) => c.measures[h.id]?.referral !== undefined && c.measures[h.id]?.closure !== undefined),
  );
  const count = (id: string, at: 'referral' | 'closure') => paired.filter((c) => c.measures[id]?.[at] === 1).length;
  return {
    eligibility,
    fromProfiles: computeFigures(profileFigures(set), cases),
    headlines: set.headlines.map((h) => ({
      label: h.shortLabel,
      referral: count(h.id, 'referral'),
      closure: count(h.id, 'closure'),
    })),
    assessed: { referral: paired.length, closure: paired.length },
    fromAssessments: indicatorSet ? computeFigures(indicatorFigures(indicatorSet), assessed) : [],
    ...(indicatorSet ? { indicatorSet } : {}),
    indicatorLevels: (indicatorSet?.indicators ?? []).flatMap((indicator) =>
      indicator.measure.kind === 'ordinal'
        ? [
            {
              label: indicator.label,
              levels: indicator.measure.levels,
              better: indicator.better,
              points: cohortLevels(assessed, {
                measureId: indicator.id,
                levels: indicator.measure.levels.length,
                better: indicator.better,
              }).points,
            },
          ]
        : [],
    ),
  };
}

/** A family's indicators as measures, from its assessments on this set. */
function assessmentCases(set: IndicatorSet, assessments: readonly StoredAssessment[]): CaseRecord[] {
  return casesFromAssessments(
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
  ).cases;
}
