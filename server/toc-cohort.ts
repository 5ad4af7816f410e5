/**
 * Where a theory of change's cohort stands: of the journeys chosen for it (the cohort record),
 * which count (their family's consent allows analysis), how many families that makes, and which
 * are left out and why, for staff to see on its page. Evaluator tokens and pulls wait on it: no
 * evaluator learns anything of a cohort smaller than EVALUATOR_MIN_FAMILIES (SPEC TOC7).
 */
import { allows, type ConsentDecision } from '../src/model/index.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { journeysOf, type CohortJourneys } from './toc-library.ts';

/** Why a chosen journey counts for nothing: consent to analysis was never recorded, or was withdrawn. */
export type LeftOutReason = 'no-analysis' | 'withdrawn';

export interface LeftOut {
  journeyId: string;
  title: string;
  /** The family's pseudonym, for staff. */
  family: string;
  familyId: string;
  reason: LeftOutReason;
}

export interface CohortStanding extends CohortJourneys {
  /** Distinct families whose journeys count. */
  analysableFamilies: number;
  leftOut: LeftOut[];
}

/** Whether the latest decision about analysis, or about mapping, withdrew it. */
function withdrew(history: readonly ConsentDecision[]): boolean {
  const latest = (scope: string) =>
    history
      .filter((d) => d.scope === scope)
      .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1))
      .at(-1);
  return ['analysis', 'mapping'].some((scope) => latest(scope)?.decision === 'withdrawn');
}

export async function cohortStanding(store: DocumentStore, tocId: string): Promise<CohortStanding> {
  const cohort = await journeysOf(store, tocId);
  const counted = cohort.journeys.filter((journey) => allows(cohort.consentOf(journey.id), 'analysis'));
  const excluded = cohort.journeys.filter((journey) => !counted.includes(journey));
  const histories = await store.families.consentHistoryOfJourneys(excluded.map((journey) => journey.id));
  return {
    ...cohort,
    analysableFamilies: new Set(counted.map((journey) => cohort.familyOf(journey.id))).size,
    leftOut: excluded.map((journey) => ({
      journeyId: journey.id,
      title: journey.title,
      family: journey.family.pseudonym,
      familyId: cohort.familyOf(journey.id),
      reason: withdrew(histories.get(journey.id) ?? []) ? 'withdrawn' : 'no-analysis',
    })),
  };
}

/** What staff read beside a journey left out. */
export const LEFT_OUT_WORDING: Record<LeftOutReason, string> = {
  'no-analysis': 'no consent to analysis is recorded for this family',
  withdrawn: 'the family withdrew its consent to analysis',
};
