/**
 * The shape of a cohort's figures file (cohort-export.ts fills it): what the team and an evaluator
 * each receive, counts of families only, `'suppressed'` where an evaluator may not see a count.
 */
import type { AgencyCategory, FamilyCount, SupportPeriod } from '../../src/model/index.ts';
import type { EvaluatorFigure } from '../../src/outcomes/index.ts';
import type { LeftOutReason as ConsentReason } from '../toc-cohort.ts';

export const COHORT_EXPORT_SCHEMA_VERSION = 1;

export type Withheld<T> = T | 'suppressed';

/** One row of a table of family counts whose rows add up to its total. */
export interface CountRow {
  key: string;
  label: string;
  count: FamilyCount;
  /** Its share of the total, rounded half up; null for a total of none. */
  percent: Withheld<number | null>;
}

export interface CountTable {
  total: FamilyCount;
  rows: CountRow[];
}

export interface ExportedType {
  /** From 1, as the cohort page numbers them. */
  number: number;
  /** The researchers' label, or one suggested from its commonest issues (`Type n` where that would tell too much). */
  label: string;
  labelledByResearchers: boolean;
  families: FamilyCount;
  percent: Withheld<number | null>;
  /** Bootstrap stability (Hennig 2007): stable, doubtful or dissolved, with its mean Jaccard. */
  verdict: 'stable' | 'doubtful' | 'dissolved';
  meanJaccard: number;
  /** Share of the type's families with each issue, in percent; all withheld for a type whose size is. */
  issues: Withheld<{ issueId: string; issue: string; percent: Withheld<number | null> }[]>;
  /** Issues held by more than half of its families. */
  heldByMost: Withheld<string[]>;
}

export interface ExportedTypes {
  foundAt: string;
  k: number;
  /** `silhouette`: the number with the best mean silhouette over 2 to 8; `researcher`: set by them. */
  chosenBy: 'silhouette' | 'researcher';
  seed: number;
  meanSilhouette: number;
  silhouetteByK: { k: number; silhouette: number }[];
  resamples: number;
  meanAdjustedRand: number;
  /** Whether every family typed still counts in the cohort (the team's file only says so when not). */
  current: boolean;
  /** Families typed, and those left out (no referral profile; too many issues not known). */
  typed: CountTable;
  types: ExportedType[];
}

export interface ExportedBand {
  band: string;
  /** Months from the start of support, [from, to). */
  fromMonth: number;
  toMonth: number;
  /** Families at each level of the progress scale (their latest level in the band). */
  levels: CountTable;
  /** The lower median level; withheld with the band's total. */
  median: Withheld<number | null>;
}

export interface AgencyCost {
  agency: AgencyCategory;
  agencyLabel: string;
  period: SupportPeriod;
  /** Fiscal cost in pounds, in `priceYear` prices. */
  amount: Withheld<number>;
  families: FamilyCount;
}

/** What only the team's file holds: facts from the families' journeys, in the words staff see. */
export interface TeamOnly {
  familiesWithJourneys: number;
  /** Families on the cohort's list who do not count, by reason: no consent to analysis, or withdrawn. */
  leftOut: { reason: ConsentReason; words: string; families: number }[];
  headlines: { label: string; atReferral: number; atClosure: number }[];
  assessed: { referral: number; closure: number };
  aligned: number;
  stuck: { families: number; stillStuck: number; codes: { label: string; families: number }[] };
  recurring: { by: 'code' | 'words'; label: string; kind: 'barrier' | 'enabler'; families: number }[];
  costsByStageCode: { label: string; amount: number; families: number }[];
  costsByType: { type: string; agency: AgencyCategory; amount: number; families: number }[];
  unpricedEvents: number;
}

export interface CohortExport {
  schemaVersion: typeof COHORT_EXPORT_SCHEMA_VERSION;
  audience: 'team' | 'evaluator';
  cohort: { id: string; name: string; synthetic: boolean; createdAt: string };
  madeAt: string;
  /** Counts of 1 to this less one read "suppressed" (evaluators' files only). */
  minFamilies?: number;
  notes: string[];
  /** Families whose consent allows analysis (all, in the synthetic cohort). */
  countedFamilies: FamilyCount;
  issueSet: { id: string; version: number; name: string; minHeadlines: number; headlines: number };
  /** Phase Two eligibility on each family's latest referral profile. */
  eligibility: CountTable;
  types?: ExportedTypes;
  figures: {
    fromProfiles: EvaluatorFigure[];
    indicatorSet?: { id: string; version: number; name: string };
    fromAssessments: EvaluatorFigure[];
  };
  progress: { scale: string; bands: ExportedBand[] };
  costs: { priceYear: string; byAgency: AgencyCost[] };
  team?: TeamOnly;
}

export type CohortAudience = { audience: 'team' } | { audience: 'evaluator'; minFamilies: number };

export type CohortExportOutcome =
  { ok: true; exported: CohortExport } | { ok: false; why: 'too-few-families'; families: number; minFamilies: number };

/** Why an evaluator gets nothing yet, in words for a page or an API answer. */
