/**
 * Journey → Y.Doc. `writeJourney` makes a document hold exactly this journey, writing only what
 * differs (so it is cheap, idempotent, and safe to run on a shared document); `fromJourney`
 * builds a fresh document.
 */
import * as Y from 'yjs';
import type { Journey } from '../../model/journey.ts';
import type { Stage } from '../../model/stage.ts';
import {
  journeyMaps,
  RECORD_COLLECTIONS,
  RECORD_TEXT_FIELDS,
  STAGE_PLAIN_FIELDS,
  STAGE_SET_FIELDS,
  STAGE_TEXT_FIELDS,
  type MetaKey,
  type RecordCollection,
} from './layout.ts';
import { IMPORT_ORIGIN, type TransactionOrigin } from '../origins.ts';
import { setIfChanged, storedRecord, syncSet } from '../records.ts';
import { replaceText } from '../text-diff.ts';

/** The Y.Text at `field`, made (replacing any plain value there) when it is not one yet. */
export function sharedText(map: Y.Map<unknown>, field: string): Y.Text {
  const value = map.get(field);
  if (value instanceof Y.Text) return value;
  const text = new Y.Text();
  map.set(field, text);
  return text;
}

/** The Y.Map at `key` of `parent`, made (replacing any plain value there) when it is not one yet. */
function childMap(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const value = parent.get(key);
  if (value instanceof Y.Map) return value as Y.Map<unknown>;
  const map = new Y.Map<unknown>();
  parent.set(key, map);
  return map;
}

/** Write a stage's fields into its map (creating the map when needed). */
export function writeStage(stages: Y.Map<unknown>, stage: Stage): void {
  const map = childMap(stages, stage.id);
  for (const field of STAGE_PLAIN_FIELDS) setIfChanged(map, field, stage[field]);
  for (const field of STAGE_TEXT_FIELDS) replaceText(sharedText(map, field), stage[field]);
  for (const field of STAGE_SET_FIELDS) syncSet(map, field, stage[field]);
}

/**
 * Write a record of a collection stored as Y.Maps (`RECORD_TEXT_FIELDS`): its text fields as
 * Y.Text edited in place, the others as plain values; fields it no longer has are removed.
 */
export function writeMapRecord(
  collection: Y.Map<unknown>,
  record: { id: string },
  textFields: readonly string[],
): void {
  const map = childMap(collection, record.id);
  const fields = storedRecord(record);
  for (const key of [...map.keys()]) if (!(key in fields)) map.delete(key);
  for (const [key, value] of Object.entries(fields)) {
    if (textFields.includes(key) && typeof value === 'string') replaceText(sharedText(map, key), value);
    else setIfChanged(map, key, value);
  }
}

function syncRecords(
  map: Y.Map<unknown>,
  records: readonly { id: string }[],
  textFields: readonly string[] | undefined,
): void {
  const wanted = new Map(records.map((r) => [r.id, r]));
  for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key);
  for (const [id, record] of wanted) {
    if (textFields) writeMapRecord(map, record, textFields);
    else setIfChanged(map, id, storedRecord(record));
  }
}

export function writeJourney(doc: Y.Doc, journey: Journey, origin: TransactionOrigin = IMPORT_ORIGIN): void {
  const maps = journeyMaps(doc);
  doc.transact(() => {
    const { members, ...family } = journey.family;
    const meta: Record<MetaKey, unknown> = {
      schemaVersion: journey.schemaVersion,
      id: journey.id,
      title: journey.title,
      summary: journey.summary,
      family,
      scale: journey.scale,
      support: journey.support,
      provenance: journey.provenance,
    };
    for (const [key, value] of Object.entries(meta)) setIfChanged(maps.meta, key, value);

    const stageIds = new Set<string>(journey.stages.map((s) => s.id));
    for (const key of [...maps.stages.keys()]) if (!stageIds.has(key)) maps.stages.delete(key);
    for (const stage of journey.stages) writeStage(maps.stages, stage);

    const recordsOf: Record<RecordCollection, readonly { id: string }[]> = {
      links: journey.links,
      factors: journey.factors,
      costEvents: journey.costEvents,
      members,
      agencies: journey.agencies,
      codes: journey.codes,
    };
    for (const collection of RECORD_COLLECTIONS)
      syncRecords(maps.records[collection], recordsOf[collection], RECORD_TEXT_FIELDS[collection]);
  }, origin);
}

export function fromJourney(journey: Journey, origin: TransactionOrigin = IMPORT_ORIGIN): Y.Doc {
  const doc = new Y.Doc();
  writeJourney(doc, journey, origin);
  return doc;
}
