/**
 * The server's research records about families (issue 18): issue profiles, assessments against
 * an indicator set, the project's own issue and indicator sets, cohorts, and family types found
 * by cluster analysis with the labels researchers gave them.
 *
 * All of it is staff-only and about a family, so it is a server record attached to the family,
 * never a field of a journey document (which anyone invited to the map could rewrite or read):
 * it changes only through staff endpoints, every write goes through the store's one ordered write
 * queue, and erasing the family erases it, with every typing run the family was part of (a run's
 * result holds aggregates of its answers: derived data).
 *
 * Synthetic families (made by the demonstration generator, marked so) are families too, so the
 * same pages work on them; they are left out of every list, cohort and report unless chosen by
 * name, and removed in one step.
 */

import type { FamilyRecord } from './family-records.ts';

/** When in the work with a family a profile or assessment was taken. */
export type ReviewPoint = 'referral' | 'review' | 'closure';

export type Answer = 'yes' | 'no' | 'unknown';

export interface StoredProfile {
  id: string;
  familyId: string;
  issueSetId: string;
  issueSetVersion: number;
  point: ReviewPoint;
  /** `YYYY-MM-DD`. A family has at most one profile per point and date. */
  assessedOn: string;
  /** By issue or headline id; an id not here was not asked. */
  answers: Record<string, Answer>;
  source: 'form' | 'import' | 'synthetic';
  /** `staff:<id>`, `cli` or `synthetic`. */
  recordedBy: string;
  recordedAt: string;
}

export interface StoredAssessment {
  id: string;
  familyId: string;
  indicatorSetId: string;
  indicatorSetVersion: number;
  point: ReviewPoint;
  assessedOn: string;
  ratedBy: 'family' | 'worker' | 'together';
  /** By indicator id: a level number (ordinal) or a measured value (numeric). */
  values: Record<string, number>;
  recordedBy: string;
  recordedAt: string;
}

export type SetKind = 'issues' | 'indicators';

/** A version of a project's own issue or indicator set, as JSON its model validates on reading. */
export interface StoredSet {
  projectId: string;
  kind: SetKind;
  version: number;
  json: string;
  createdAt: string;
  createdBy: string;
}

export interface CohortRecord {
  id: string;
  projectId: string;
  /** Staff's name for it ("Referred in 2016"): staff text, never a family's words. */
  name: string;
  /** Whether it is the demonstration families, chosen by name: never mixed with real ones. */
  synthetic: boolean;
  createdAt: string;
  createdBy: string;
}

export interface TypingRun {
  id: string;
  projectId: string;
  cohortId: string;
  issueSetId: string;
  issueSetVersion: number;
  k: number;
  chosenBy: 'silhouette' | 'researcher';
  seed: number;
  /** Sizes, modes, prevalences, silhouette by k and stability, as JSON (src/model/family-typing.ts). */
  result: string;
  madeAt: string;
  madeBy: string;
}

export interface TypeLabel {
  runId: string;
  typeIndex: number;
  label: string;
  editedBy: string;
  editedAt: string;
}

/** A family's type in the latest typing run that placed it, with the label researchers gave it. */
export interface FamilyType {
  runId: string;
  typeIndex: number;
  label?: string;
}

export interface ResearchRecords {
  /** Keep a new version of a project's issue or indicator set (versions only ever grow). */
  putSet(set: StoredSet): Promise<void>;
  /** The project's versions of a set, newest first. */
  setsOf(projectId: string, kind: SetKind): Promise<StoredSet[]>;

  /** Keep profiles, all or none (an import is one write); one for the same family, point and date is replaced. */
  putProfiles(profiles: readonly StoredProfile[]): Promise<void>;
  deleteProfile(familyId: string, profileId: string): Promise<void>;
  /** The family's profiles, oldest first. */
  profilesOf(familyId: string): Promise<StoredProfile[]>;
  /** The profiles of these families (for a cohort), oldest first within each. */
  profilesOfFamilies(familyIds: readonly string[]): Promise<StoredProfile[]>;

  /** Keep assessments, all or none. */
  putAssessments(assessments: readonly StoredAssessment[]): Promise<void>;
  deleteAssessment(familyId: string, assessmentId: string): Promise<void>;
  assessmentsOf(familyId: string): Promise<StoredAssessment[]>;
  assessmentsOfFamilies(familyIds: readonly string[]): Promise<StoredAssessment[]>;

  /** Make a cohort of these families (or change which families it has). */
  putCohort(cohort: CohortRecord, familyIds: readonly string[]): Promise<void>;
  deleteCohort(cohortId: string): Promise<void>;
  getCohort(cohortId: string): Promise<CohortRecord | undefined>;
  cohortsOf(projectIds: readonly string[]): Promise<CohortRecord[]>;
  cohortFamilies(cohortId: string): Promise<string[]>;
  /** The cohort's families as records, by id: `cohortFamilies` with each family read in the same query. */
  familiesOfCohort(cohortId: string): Promise<FamilyRecord[]>;
  /**
   * A stamp for each of these families' profiles and assessments that changes with every write
   * or removal of one (none for a family with neither): to tell that what was derived from them
   * is current without reading them again.
   */
  researchStamps(familyIds: readonly string[]): Promise<Map<string, string>>;

  /** Keep a typing run with the type of each family in it. */
  addTypingRun(run: TypingRun, assignments: ReadonlyMap<string, number>): Promise<void>;
  typingRunsOf(cohortId: string): Promise<TypingRun[]>;
  getTypingRun(runId: string): Promise<TypingRun | undefined>;
  assignmentsOf(runId: string): Promise<Map<string, number>>;
  labelType(label: TypeLabel): Promise<void>;
  labelsOf(runId: string): Promise<TypeLabel[]>;
  /** Each family's type in the newest run that placed it. */
  familyTypes(familyIds: readonly string[]): Promise<Map<string, FamilyType>>;

  /** Mark families as made by the demonstration generator. */
  markSynthetic(familyIds: readonly string[], seed: number): Promise<void>;
  /** The project's synthetic families' ids. */
  syntheticFamilies(projectId: string): Promise<string[]>;
  /** Every synthetic family's id, in every project: left out of lists and reports. */
  allSyntheticFamilies(): Promise<Set<string>>;
  /** Remove a project's synthetic families with everything they own, in one step; resolves to how many. */
  removeSynthetic(projectId: string): Promise<number>;
}
