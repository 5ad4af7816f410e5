/**
 * Once per store (server/SPEC.md COSTS5): every journey's cost events move out of its shared
 * document into its costs companion (src/doc/costs/companion.ts). The shared document's log is
 * then compacted into one snapshot of what is left, so no amount stays in it, and its read model
 * is written again without them. Runs at start, before any room opens, after ids have moved.
 */
import * as Y from 'yjs';
import { costsDocId, MIGRATION_ORIGIN, moveCostEventsOut, readCosts, readJourney } from '../../src/doc/index.ts';
import { integratedStateAsUpdate } from '../rooms/integrated-state.ts';
import type { DocumentStore } from '../storage/document-store.ts';

const STEP = 'costs-moved-out-v1';

/** A stored document's log as one Y.Doc, with the sequence number of its last row. */
async function loaded(store: DocumentStore, docId: string): Promise<{ doc: Y.Doc; lastSeq: number }> {
  const { updates, lastSeq } = await store.loadLog(docId);
  const doc = new Y.Doc();
  if (updates.length > 0) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return { doc, lastSeq };
}

/** Move one journey's cost events into its companion (made when missing). Returns how many moved. */
export async function moveJourneyCostsOut(store: DocumentStore, journeyId: string): Promise<number> {
  const companionId = costsDocId(journeyId);
  const journey = await loaded(store, journeyId);
  const companion = await loaded(store, companionId);
  const moved = moveCostEventsOut(journey.doc, companion.doc, MIGRATION_ORIGIN);
  const readModel = JSON.stringify(readCosts(companion.doc).model);
  // The companion first: if the shared document's compaction failed after, the events are in both, never in neither.
  if (companion.lastSeq === 0) {
    const update = integratedStateAsUpdate(companion.doc);
    await store.create({ docId: companionId, kind: 'costs', update, readModel });
  } else if (moved > 0) {
    await store.compact(companionId, integratedStateAsUpdate(companion.doc), companion.lastSeq);
    await store.putReadModel(companionId, readModel);
  }
  if (moved > 0) {
    // Deleted map entries keep no content once encoded (Yjs garbage-collects it): the amounts are gone.
    await store.compact(journeyId, integratedStateAsUpdate(journey.doc), journey.lastSeq);
    await store.putReadModel(journeyId, JSON.stringify(readJourney(journey.doc).journey));
  }
  return moved;
}

/** Every stored journey, once per store. Returns how many journeys had cost events moved. */
export async function moveCostsOut(store: DocumentStore): Promise<number> {
  if (await store.families.stepDone(STEP)) return 0;
  let journeys = 0;
  for (const row of await store.listReadModels('journey')) {
    if ((await moveJourneyCostsOut(store, row.docId)) > 0) journeys += 1;
  }
  await store.families.markStepDone(STEP);
  return journeys;
}
