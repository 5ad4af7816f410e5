/**
 * Research cohorts: a set of a project's families chosen by staff (by hand, or all the families
 * of one family type), kept as a server record. What a cohort counts is decided afresh each time
 * from consent: a family counts only while its consent allows analysis; the rest are listed for
 * staff with the reason, and evaluators learn nothing of them. (What is kept between visits is
 * each family's standing while its consent history is unchanged, `standingsOf`.) Synthetic families are never mixed
 * with real ones: their cohort is made with them and chosen by its name.
 */
import { DerivedCache, perOwner } from '../../src/cohort/index.ts';
import { consentInForce, allows, newId, type ConsentDecision } from '../../src/model/index.ts';
import { done, refused, type Outcome } from '../admin/outcome.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';
import type { CohortRecord } from '../storage/research-records.ts';
import type { LeftOutReason } from '../toc-cohort.ts';

export interface CohortMembers {
  cohort: CohortRecord;
  /** Families whose consent allows analysis (all of them in the synthetic cohort). */
  counted: FamilyRecord[];
  leftOut: { family: FamilyRecord; reason: LeftOutReason }[];
}

/** Whether a family counts in a cohort now, or why it does not. */
type Standing = 'counted' | LeftOutReason;

/** A family's standing from its consent history: counted only while its consent allows analysis. */
function standingBy(history: readonly ConsentDecision[]): Standing {
  if (allows(consentInForce(history), 'analysis')) return 'counted';
  const latest = history.filter((d) => d.scope === 'analysis').at(-1);
  return latest?.decision === 'withdrawn' ? 'withdrawn' : 'no-analysis';
}

/**
 * Each family's standing, kept with the length of its consent history: decisions are only ever
 * added (never changed or removed but by erasure, which drops them here at once), so a history
 * of the same length is the same history. Only the standing is kept, never the decisions.
 */
export const standingsCacheOf = perOwner((store: DocumentStore) => {
  const cache = new DerivedCache<Standing>();
  store.onErased(({ familyIds }) => cache.forget(familyIds));
  return cache;
});

/** These families' standings: kept ones where the consent history has not grown, the rest read and judged. */
export async function standingsOf(store: DocumentStore, familyIds: readonly string[]): Promise<Map<string, Standing>> {
  const cache = standingsCacheOf(store);
  const reading = cache.reading();
  const counts = await store.families.consentCounts(familyIds);
  const standings = new Map<string, Standing>();
  const stale: string[] = [];
  for (const id of familyIds) {
    const kept = cache.get(id, String(counts.get(id) ?? 0));
    if (kept) standings.set(id, kept);
    else stale.push(id);
  }
  if (stale.length === 0) return standings;
  // Read after the counts: a history that grew meanwhile is kept under the shorter count, and read again.
  const histories = await store.families.consentHistories(stale);
  for (const id of stale) {
    const standing = standingBy(histories.get(id) ?? []);
    reading.keep(id, String(counts.get(id) ?? 0), standing);
    standings.set(id, standing);
  }
  return standings;
}

/** Who of these families the cohort counts, by their standings (all of them in the synthetic cohort); one not judged is not counted. */
export function membersOf(
  cohort: CohortRecord,
  families: readonly FamilyRecord[],
  standings: ReadonlyMap<string, Standing>,
): CohortMembers {
  if (cohort.synthetic) return { cohort, counted: [...families], leftOut: [] };
  const counted: FamilyRecord[] = [];
  const leftOut: CohortMembers['leftOut'] = [];
  for (const family of families) {
    const standing = standings.get(family.id) ?? 'no-analysis';
    if (standing === 'counted') counted.push(family);
    else leftOut.push({ family, reason: standing });
  }
  return { cohort, counted, leftOut };
}

/** Who the cohort counts now, from its families' consent (judged again for each family whose history grew). */
export async function cohortMembers(store: DocumentStore, cohort: CohortRecord): Promise<CohortMembers> {
  const families = await store.research.familiesOfCohort(cohort.id);
  const standings = cohort.synthetic
    ? new Map()
    : await standingsOf(
        store,
        families.map((f) => f.id),
      );
  return membersOf(cohort, families, standings);
}

export interface NewCohort {
  projectId: string;
  name: string;
  familyIds: readonly string[];
  /** Made from the synthetic families (one of their types): a synthetic cohort of them, never mixed with real ones. */
  synthetic?: boolean;
}

const NAME_MAX = 80;

/**
 * Make a cohort of one project's families, checked: a name, and at least one family, all of the
 * project and all real (or, for a synthetic cohort, all synthetic).
 */
export async function makeCohort(store: DocumentStore, input: NewCohort, by: string): Promise<Outcome<CohortRecord>> {
  const name = input.name.trim();
  if (name.length === 0) return refused(400, 'name', 'give the cohort a name, such as “Referred in 2016”');
  if (name.length > NAME_MAX)
    return refused(400, 'name', `at most ${NAME_MAX} characters; this one has ${name.length}`);
  const chosen = [...new Set(input.familyIds)];
  if (chosen.length === 0) return refused(400, 'families', 'choose at least one family');
  const synthetic = input.synthetic === true;
  const ours = new Set(
    synthetic
      ? await store.research.syntheticFamilies(input.projectId)
      : (await store.families.listFamilies([input.projectId])).map((f) => f.id),
  );
  if (chosen.some((id) => !ours.has(id)))
    return refused(400, 'families', 'choose families of this project only: load the page again to see them');
  const cohort: CohortRecord = {
    id: newId('co'),
    projectId: input.projectId,
    name,
    synthetic,
    createdAt: new Date().toISOString(),
    createdBy: by,
  };
  await store.research.putCohort(cohort, chosen);
  await store.access.audit({
    action: 'cohort.make',
    outcome: 'ok',
    actor: by,
    projectId: input.projectId,
    subject: cohort.id,
    detail: `${chosen.length} families`,
  });
  return done(cohort);
}

/** Remove a cohort (its typing runs go with it, and its evaluator tokens end; the families and their records stay). */
export async function removeCohort(store: DocumentStore, cohort: CohortRecord, by: string): Promise<void> {
  for (const grant of await store.access.listGrants(cohort.id))
    if (!grant.endedAt) await store.access.endGrant(grant.id, 'revoked');
  await store.research.deleteCohort(cohort.id);
  await store.access.audit({
    action: 'cohort.remove',
    outcome: 'ok',
    actor: by,
    projectId: cohort.projectId,
    subject: cohort.id,
  });
}

/** Remove the project's synthetic families, their records and their cohort, in one step. */
export async function removeSyntheticFamilies(store: DocumentStore, projectId: string, by: string): Promise<number> {
  const removed = await store.research.removeSynthetic(projectId);
  await store.access.audit({
    action: 'research.synthetic-removed',
    outcome: 'ok',
    actor: by,
    projectId,
    detail: `${removed} families`,
  });
  return removed;
}
