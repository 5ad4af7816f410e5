/**
 * Family types for a cohort, by cluster analysis of the families' issue profiles at referral,
 * as Supporting Leicestershire Families did (src/cluster/: k-modes, k chosen by mean silhouette
 * or set by the researcher, bootstrap stability), reproducibly: the run keeps its seed, and the
 * same families, answers and seed give the same types.
 *
 * Each counted family's latest referral profile on the project's current issue set is used; a
 * family with none is left out, and so is one with more than a quarter of its issues not known
 * (the rest of its unknowns count as not present). Only counts of those left out are kept.
 *
 * A run is a server record (`typing_runs`) with each family's type; researchers give each type a
 * plain-English label (`type_labels`), suggested from its commonest issues until they do.
 */
import {
  bootstrapStability,
  chooseK,
  packProfiles,
  summariseTypes,
  type Answer as Bit,
} from '../../src/cluster/index.ts';
import { issueOf, newId, type IssueSet } from '../../src/model/index.ts';
import { done, refused, type Outcome } from '../admin/outcome.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { TypingRun } from '../storage/research-records.ts';
import type { CohortMembers } from './cohorts.ts';
import { latestReferralProfiles } from './profiles.ts';

/** What a run found, kept as its `result` JSON. */
export interface TypingResult {
  schemaVersion: 1;
  issueIds: string[];
  families: number;
  leftOut: { noProfile: number; tooManyUnknown: number };
  scores: { k: number; silhouette: number; cost: number }[];
  silhouette: number;
  types: {
    size: number;
    percent: number;
    /** Share of the type's families with each issue (in `issueIds` order), 0–1. */
    prevalence: number[];
    /** Issues held by more than half of the type's families. */
    mode: string[];
    meanJaccard: number;
    verdict: 'stable' | 'doubtful' | 'dissolved';
  }[];
  /** Mean adjusted Rand index between the run and its bootstrap resamples. */
  meanAri: number;
  resamples: number;
}

export const MIN_FAMILIES_TO_TYPE = 10;
const MOST_UNKNOWN = 0.25;
const RESAMPLES = 30;

export interface TypingRequest {
  /** The number of types, or undefined to choose it by mean silhouette over 2 to 8. */
  k?: number;
  seed: number;
}

export async function runTyping(
  store: DocumentStore,
  set: IssueSet,
  members: CohortMembers,
  request: TypingRequest,
  by: string,
): Promise<Outcome<TypingRun>> {
  const ids = members.counted.map((f) => f.id);
  const referral = latestReferralProfiles(set, await store.research.profilesOfFamilies(ids));
  const issueIds = set.issues.map((issue) => issue.id);
  const rows: Bit[][] = [];
  const typed: string[] = [];
  let tooManyUnknown = 0;
  for (const id of ids) {
    const profile = referral.get(id);
    if (!profile) continue;
    const answers = issueIds.map((issue) => profile.answers[issue] ?? 'unknown');
    if (answers.filter((a) => a === 'unknown').length > MOST_UNKNOWN * issueIds.length) {
      tooManyUnknown++;
      continue;
    }
    rows.push(answers.map((a): Bit => (a === 'yes' ? 1 : 0)));
    typed.push(id);
  }
  if (typed.length < MIN_FAMILIES_TO_TYPE)
    return refused(
      400,
      'families',
      `types need at least ${MIN_FAMILIES_TO_TYPE} families with a referral profile; this cohort has ${typed.length}`,
    );
  if (
    request.k !== undefined &&
    (!Number.isInteger(request.k) || request.k < 2 || request.k > 8 || request.k >= typed.length)
  )
    return refused(400, 'k', 'choose between 2 and 8 types, fewer than the families');
  const packed = packProfiles(rows, issueIds.length);
  const chosen = chooseK(packed, { seed: request.seed, ...(request.k === undefined ? {} : { k: request.k }) });
  const summary = summariseTypes(packed, chosen.clustering.labels, issueIds, { k: chosen.k });
  const stability = bootstrapStability(packed, summary.labels, {
    seed: request.seed,
    k: chosen.k,
    resamples: RESAMPLES,
  });
  const result: TypingResult = {
    schemaVersion: 1,
    issueIds,
    families: typed.length,
    leftOut: { noProfile: ids.length - typed.length - tooManyUnknown, tooManyUnknown },
    scores: chosen.scores,
    silhouette: chosen.silhouette.mean,
    types: summary.types.map((t) => {
      const steady = stability.types.find((s) => s.type === t.type);
      return {
        size: t.size,
        percent: t.percent,
        prevalence: t.issues.map((i) => i.prevalence),
        mode: t.issues.filter((i) => i.inMode).map((i) => i.issueId),
        meanJaccard: steady?.meanJaccard ?? 0,
        verdict: steady?.verdict ?? 'dissolved',
      };
    }),
    meanAri: stability.meanAri,
    resamples: stability.resamples,
  };
  const run: TypingRun = {
    id: newId('tr'),
    projectId: members.cohort.projectId,
    cohortId: members.cohort.id,
    issueSetId: set.id,
    issueSetVersion: set.version,
    k: chosen.k,
    chosenBy: chosen.chosenBy,
    seed: request.seed,
    result: JSON.stringify(result),
    madeAt: new Date().toISOString(),
    madeBy: by,
  };
  const assignments = new Map(typed.map((id, index) => [id, summary.labels[index] ?? 0]));
  const previous = (await store.research.typingRunsOf(members.cohort.id))[0];
  await store.research.addTypingRun(run, assignments);
  if (previous) await carryLabels(store, previous, run, assignments, by);
  await store.access.audit({
    action: 'cohort.typing-run',
    outcome: 'ok',
    actor: by,
    projectId: run.projectId,
    subject: members.cohort.id,
    detail: `k=${run.k}`,
  });
  return done(run);
}

export const resultOf = (run: TypingRun): TypingResult => JSON.parse(run.result) as TypingResult;

/** A label to start from: the type's commonest issues, by their labels. */
export function suggestedLabel(
  set: IssueSet,
  type: TypingResult['types'][number],
  issueIds: readonly string[],
): string {
  const top = type.prevalence
    .map((prevalence, index) => ({ prevalence, id: issueIds[index] ?? '' }))
    .filter((e) => e.prevalence > 0.5)
    .sort((a, b) => b.prevalence - a.prevalence)
    .slice(0, 3)
    .map((e) => issueOf(set, e.id)?.label ?? e.id);
  return top.length === 0 ? 'Few issues' : `Mostly: ${top.join('; ')}`;
}

const LABEL_MAX = 80;

/** Give a type its plain-English label (researchers' words, shown only to staff and, pseudonymised, evaluators). */
export async function labelType(
  store: DocumentStore,
  run: TypingRun,
  typeIndex: number,
  label: string,
  by: string,
): Promise<Outcome<void>> {
  const text = label.trim();
  const types = resultOf(run).types.length;
  if (!Number.isInteger(typeIndex) || typeIndex < 0 || typeIndex >= types)
    return refused(400, 'type', 'that type is not in this run: load the page again');
  if (text.length === 0) return refused(400, 'label', 'give the type a label, such as “Isolated families”');
  if (text.length > LABEL_MAX)
    return refused(400, 'label', `at most ${LABEL_MAX} characters; this one has ${text.length}`);
  await store.research.labelType({
    runId: run.id,
    typeIndex,
    label: text,
    editedBy: by,
    editedAt: new Date().toISOString(),
  });
  await store.access.audit({
    action: 'cohort.type-labelled',
    outcome: 'ok',
    actor: by,
    projectId: run.projectId,
    subject: run.cohortId,
  });
  return done(undefined);
}

/**
 * Each journey's family type, by the label researchers gave it (or "Type n" until they do), for
 * staff lists: the journey is tagged through its family, never in its shared document.
 */
export async function journeyTypes(store: DocumentStore, journeyIds: readonly string[]): Promise<Map<string, string>> {
  const families = await Promise.all(journeyIds.map(async (id) => [id, await store.families.familyOf(id)] as const));
  const types = await store.research.familyTypes(families.flatMap(([, family]) => family ?? []));
  const tagged = new Map<string, string>();
  for (const [journeyId, familyId] of families) {
    const type = familyId === undefined ? undefined : types.get(familyId);
    if (type) tagged.set(journeyId, type.label ?? `Type ${type.typeIndex + 1}`);
  }
  return tagged;
}

/** A type keeps a label from the run before when they share at least this share of their families (Jaccard). */
const SAME_TYPE = 0.5;

/**
 * Labels are the researchers' work: finding types again (another seed, more families) keeps each
 * label on the new type that holds most of the same families, when the overlap is at least half.
 */
async function carryLabels(
  store: DocumentStore,
  previous: TypingRun,
  run: TypingRun,
  assignments: ReadonlyMap<string, number>,
  by: string,
): Promise<void> {
  const labels = await store.research.labelsOf(previous.id);
  if (labels.length === 0) return;
  const before = await store.research.assignmentsOf(previous.id);
  const members = (map: ReadonlyMap<string, number>, type: number) =>
    new Set([...map].filter(([, t]) => t === type).map(([family]) => family));
  const at = new Date().toISOString();
  for (const label of labels) {
    const old = members(before, label.typeIndex);
    let best = { type: -1, jaccard: 0 };
    for (let type = 0; type < run.k; type++) {
      const now = members(assignments, type);
      const shared = [...now].filter((family) => old.has(family)).length;
      const jaccard = shared / (old.size + now.size - shared || 1);
      if (jaccard > best.jaccard) best = { type, jaccard };
    }
    if (best.jaccard >= SAME_TYPE)
      await store.research.labelType({
        runId: run.id,
        typeIndex: best.type,
        label: label.label,
        editedBy: by,
        editedAt: at,
      });
  }
}
