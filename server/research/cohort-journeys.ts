/**
 * The cohort view's comparison of families from their journeys (src/cohort/): each counted
 * family's journeys, read from their stored read models with their costs companions, taken down
 * to the facts the view needs, and compared by family type.
 *
 * Reading and validating thousands of journeys on every visit would take seconds, so the facts of
 * each journey are kept in memory for as long as its read models (journey and costs) are
 * unchanged: one query for their timestamps tells which to read again. An entry for a journey
 * that no longer has a read model (erased) is dropped when found.
 */
import {
  cohortView,
  journeyFacts,
  type CohortFamily,
  type CohortView,
  type JourneyFacts,
} from '../../src/cohort/index.ts';
import { fiscalUnitCost } from '../../src/costs/index.ts';
import { costsDocId } from '../../src/doc/index.ts';
import type { ReferenceData } from '../reference-data.ts';
import { storedJourney } from '../journey-library.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { CohortMembers } from './cohorts.ts';

interface Cached {
  stamp: string;
  facts: JourneyFacts;
}

/** Per store and reference data (prices): facts of each journey by id. */
const caches = new WeakMap<DocumentStore, WeakMap<ReferenceData, Map<string, Cached>>>();

function cacheFor(store: DocumentStore, reference: ReferenceData): Map<string, Cached> {
  let byReference = caches.get(store);
  if (!byReference) caches.set(store, (byReference = new WeakMap()));
  let cache = byReference.get(reference);
  if (!cache) byReference.set(reference, (cache = new Map()));
  return cache;
}

/** The newest price year the deflator series covers: costs are compared in one year's prices. */
export function priceYearOf(reference: ReferenceData): string {
  return [...reference.deflator.factors.keys()].sort().at(-1) ?? '';
}

/** Facts of these journeys, read again only where a read model changed since they were taken. */
async function factsOf(store: DocumentStore, reference: ReferenceData, journeyIds: readonly string[]) {
  const cache = cacheFor(store, reference);
  const stamps = await store.readModelStamps(journeyIds.flatMap((id) => [id, costsDocId(id)]));
  const year = priceYearOf(reference);
  const facts = new Map<string, JourneyFacts>();
  const stale: string[] = [];
  for (const id of journeyIds) {
    const journeyStamp = stamps.get(id);
    if (journeyStamp === undefined) {
      cache.delete(id);
      continue;
    }
    const stamp = `${journeyStamp}|${stamps.get(costsDocId(id)) ?? ''}`;
    const cached = cache.get(id);
    if (cached?.stamp === stamp) facts.set(id, cached.facts);
    else stale.push(id);
  }
  await Promise.all(
    stale.map(async (id) => {
      const journey = await storedJourney(store, id);
      if (!journey) return;
      const taken = journeyFacts(journey, (event) => fiscalUnitCost(event, reference.tables, reference.deflator, year));
      cache.set(id, { stamp: `${stamps.get(id) ?? ''}|${stamps.get(costsDocId(id)) ?? ''}`, facts: taken });
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
  const [journeysByFamily, types] = await Promise.all([
    Promise.all(ids.map(async (id) => [id, await store.families.documentsOf(id)] as const)),
    store.research.familyTypes(ids),
  ]);
  const facts = await factsOf(
    store,
    reference,
    journeysByFamily.flatMap(([, journeys]) => journeys),
  );
  const families: CohortFamily[] = journeysByFamily.map(([familyId, journeys]) => {
    const type = types.get(familyId);
    const label = type && (type.label ?? `Type ${type.typeIndex + 1}`);
    return {
      familyId,
      ...(label === undefined ? {} : { type: label }),
      journeys: journeys.flatMap((id) => facts.get(id) ?? []),
    };
  });
  return {
    view: cohortView(families),
    withJourneys: families.filter((f) => f.journeys.length > 0).length,
    priceYear: priceYearOf(reference),
  };
}
