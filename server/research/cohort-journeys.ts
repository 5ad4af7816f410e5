/**
 * The cohort view's comparison of families from their journeys (src/cohort/): each counted
 * family's journeys, read from their stored read models with their costs companions, taken down
 * to the facts the view needs, and compared by family type.
 *
 * Reading and validating thousands of journeys on every visit would take seconds, so the facts of
 * each journey are kept in memory for as long as its read models (journey and costs) are
 * unchanged (`DerivedCache`): one query for their timestamps tells which to read again. An entry
 * for a journey that no longer has a read model is dropped when found, and an erased one at once.
 * The server fills these caches in the background when it starts (`warmCohortViews`), so the
 * first visit after a restart does not read every journey either.
 */
import {
  DerivedCache,
  cohortView,
  journeyFacts,
  perOwner,
  type CohortFamily,
  type CohortView,
  type JourneyFacts,
} from '../../src/cohort/index.ts';
import { fiscalUnitCost } from '../../src/costs/index.ts';
import { costsDocId } from '../../src/doc/index.ts';
import type { ReferenceData } from '../reference-data.ts';
import { storedJourney } from '../journey-library.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import { cohortFigures, familyCases, projectIndicatorSet } from './cohort-figures.ts';
import { membersOf, standingsOf, type CohortMembers } from './cohorts.ts';
import { currentIssueSet } from './issue-sets.ts';

/** Each journey's facts, and each cohort's view, kept for this store (dropped when a journey is erased). */
export const factsCacheOf = perOwner((store: DocumentStore) => {
  const cache = new DerivedCache<JourneyFacts, CohortView>();
  store.onErased(({ docIds }) => cache.forget(docIds));
  return cache;
});

/** A number for each reference data (prices) seen, part of each stamp: facts priced otherwise are taken again. */
const referenceKeys = new WeakMap<ReferenceData, number>();
let referencesSeen = 0;
function referenceKey(reference: ReferenceData): number {
  let key = referenceKeys.get(reference);
  if (key === undefined) referenceKeys.set(reference, (key = ++referencesSeen));
  return key;
}

/** The newest price year the deflator series covers: costs are compared in one year's prices. */
export function priceYearOf(reference: ReferenceData): string {
  return [...reference.deflator.factors.keys()].sort().at(-1) ?? '';
}

/** Facts of these journeys, read again only where a read model changed since they were taken. */
async function factsOf(
  store: DocumentStore,
  reference: ReferenceData,
  journeyIds: readonly string[],
  reading = factsCacheOf(store).reading(),
) {
  const cache = factsCacheOf(store);
  const stamps = await store.readModelStamps(journeyIds.flatMap((id) => [id, costsDocId(id)]));
  const prices = referenceKey(reference);
  const year = priceYearOf(reference);
  const facts = new Map<string, JourneyFacts>();
  const stale: { id: string; stamp: string }[] = [];
  for (const id of journeyIds) {
    const journeyStamp = stamps.get(id);
    if (journeyStamp === undefined) {
      cache.drop(id);
      continue;
    }
    const stamp = `${prices}|${journeyStamp}|${stamps.get(costsDocId(id)) ?? ''}`;
    const kept = cache.get(id, stamp);
    if (kept) facts.set(id, kept);
    else stale.push({ id, stamp });
  }
  // Read after the stamps: what is kept is never older than the stamp it is kept under.
  await Promise.all(
    stale.map(async ({ id, stamp }) => {
      const journey = await storedJourney(store, id);
      if (!journey) return;
      const taken = journeyFacts(journey, (event) => fiscalUnitCost(event, reference.tables, reference.deflator, year));
      reading.keep(id, stamp, taken);
      facts.set(id, taken);
    }),
  );
  return facts;
}

export interface CohortComparison {
  view: CohortView;
  /** Counted families with at least one journey. */
  withJourneys: number;
  priceYear: string;
}

/** The comparison of the cohort's counted families, each labelled with its family type when it has one. */
export async function compareFamilies(
  store: DocumentStore,
  reference: ReferenceData,
  members: CohortMembers,
): Promise<CohortComparison> {
  const ids = members.counted.map((f) => f.id);
  const cache = factsCacheOf(store);
  const reading = cache.reading();
  const [documents, types] = await Promise.all([
    store.families.documentsOfFamilies(ids),
    store.research.familyTypes(ids),
  ]);
  const facts = await factsOf(
    store,
    reference,
    ids.flatMap((id) => documents.get(id) ?? []),
    reading,
  );
  const families: CohortFamily[] = ids.map((familyId) => {
    const type = types.get(familyId);
    const label = type && (type.label ?? `Type ${type.typeIndex + 1}`);
    return {
      familyId,
      ...(label === undefined ? {} : { type: label }),
      journeys: (documents.get(familyId) ?? []).flatMap((id) => facts.get(id) ?? []),
    };
  });
  // The same families, types and journeys' facts: the view computed from them last time.
  const inputs = families.flatMap((f) => [f.familyId, f.type, f.journeys.length, ...f.journeys]);
  let view = cache.result(members.cohort.id, inputs);
  if (!view) {
    view = cohortView(families);
    reading.keepResult(members.cohort.id, inputs, view);
  }
  return {
    view,
    withJourneys: families.filter((f) => f.journeys.length > 0).length,
    priceYear: priceYearOf(reference),
  };
}

/** Families read per turn of the event loop while warming: about ten milliseconds of work. */
const WARM_SLICE = 16;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Fill what the cohort pages keep (each family's standing, each counted family's cases and its journeys' facts, then
 * each cohort's figures and view) for every cohort of every project, a slice of families at a
 * time, waiting a turn of the event loop between slices so that rooms and pages are served
 * first. The server starts it without waiting (services.ts); resolves with what it read, or
 * undefined when a read failed (the store closed under it): a page reads on demand whatever is
 * not kept.
 */
export async function warmCohortViews(
  store: DocumentStore,
  reference: ReferenceData,
): Promise<{ cohorts: number; families: number } | undefined> {
  try {
    const projects = await store.access.listProjects();
    const cohorts = await store.research.cohortsOf(projects.map((p) => p.id));
    let families = 0;
    for (const cohort of cohorts) {
      await nextTurn();
      const [all, set, indicatorSet] = await Promise.all([
        store.research.familiesOfCohort(cohort.id),
        currentIssueSet(store, cohort.projectId),
        projectIndicatorSet(store, cohort.projectId),
      ]);
      const members: CohortMembers = { cohort, counted: [], leftOut: [] };
      for (let start = 0; start < all.length; start += WARM_SLICE) {
        await nextTurn();
        // Only the families the cohort counts, as `cohortMembers` decides, a slice at a time.
        const slice = all.slice(start, start + WARM_SLICE);
        const standings = cohort.synthetic
          ? new Map()
          : await standingsOf(
              store,
              slice.map((f) => f.id),
            );
        const { counted, leftOut } = membersOf(cohort, slice, standings);
        members.counted.push(...counted);
        members.leftOut.push(...leftOut);
        const ids = counted.map((f) => f.id);
        await familyCases(store, set, indicatorSet, ids);
        const documents = await store.families.documentsOfFamilies(ids);
        await factsOf(store, reference, [...documents.values()].flat());
        families += ids.length;
      }
      // Then the cohort's figures and view from what is kept, as its page asks for them: a turn each.
      await nextTurn();
      await cohortFigures(store, set, members);
      await nextTurn();
      await compareFamilies(store, reference, members);
    }
    return { cohorts: cohorts.length, families };
  } catch {
    return undefined;
  }
}
