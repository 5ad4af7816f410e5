/**
 * A stage deleted for good at the family's request (issue 17): gone from the live map, from the
 * stored history of its document and of its costs companion, and from every version of the
 * journey, so nothing that stage said can be read back or restored. Deleting a stage on the map
 * only removes it from the map: its words stay in the history and versions, to be restored.
 *
 * Yjs keeps no content of a deleted entry once a document is encoded again (its items are
 * garbage-collected to bare lengths), so each stored form is rebuilt and written back without it:
 * the logs compacted into one snapshot each, and each version's state replaced.
 */
import * as Y from 'yjs';
import {
  costEventsMap,
  costsDocId,
  journeyMaps,
  MIGRATION_ORIGIN,
  plainRecord,
  removeStage,
} from '../src/doc/index.ts';
import type { StageId } from '../src/model/index.ts';
import { auditJourneyChange } from './journey-management.ts';
import type { ErasingRooms } from './rooms/erasure-channel.ts';
import { dropMark } from './sensitive-items.ts';
import { compactStored } from './storage/compact-stored.ts';
import type { DocumentStore } from './storage/document-store.ts';

/** Remove the stage (its enablers, barriers and links with it) from a journey document, if it has it. */
function withoutStage(doc: Y.Doc, stageId: string): boolean {
  if (!journeyMaps(doc).stages.has(stageId)) return false;
  removeStage(doc, stageId as StageId, MIGRATION_ORIGIN);
  return true;
}

/** Remove the stage's cost events from a costs companion; whether there were any. */
function withoutStageCosts(doc: Y.Doc, stageId: string): boolean {
  const events = costEventsMap(doc);
  const ids = [...events.entries()]
    .filter(([, value]) => (plainRecord(value) as { stageId?: unknown } | null)?.stageId === stageId)
    .map(([id]) => id);
  if (ids.length > 0) doc.transact(() => ids.forEach((id) => events.delete(id)), MIGRATION_ORIGIN);
  return ids.length > 0;
}

export type StageErasure = { ok: true; versions: number } | { ok: false; why: 'no-stage' | 'not-running' };

export async function eraseStageForGood(
  store: DocumentStore,
  rooms: ErasingRooms | undefined,
  journey: { id: string; projectId: string },
  stageId: string,
  by: string,
): Promise<StageErasure> {
  if (!rooms) return { ok: false, why: 'not-running' };
  // Through the rooms, so every open map loses it at once and no later compaction brings it back.
  let found = false;
  await rooms.change(journey.id, (doc) => {
    found = withoutStage(doc, stageId);
  });
  if (!found) return { ok: false, why: 'no-stage' };
  await rooms.change(costsDocId(journey.id), (doc) => void withoutStageCosts(doc, stageId));
  // What a sensitive mark kept of it goes too.
  const marks = await store.journeys.sensitiveItems(journey.id);
  if (marks.some((mark) => mark.id === stageId)) await dropMark(store, rooms, journey.id, stageId, marks);
  await compactStored(store, journey.id);
  await compactStored(store, costsDocId(journey.id));
  let versions = 0;
  for (const summary of await store.versions.list(journey.id)) {
    const version = await store.versions.get(journey.id, summary.id);
    if (!version) continue;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, version.state);
      if (!withoutStage(doc, stageId)) continue;
      await store.versions.rewrite(journey.id, version.id, Y.encodeStateAsUpdate(doc));
      versions += 1;
    } finally {
      doc.destroy();
    }
  }
  await auditJourneyChange(store, journey, 'journey.stage-erased', by);
  return { ok: true, versions };
}
