/**
 * Journey → Y.Doc. `writeJourney` makes a document hold exactly this journey, writing only what
 * differs (so it is cheap, idempotent, and safe to run on a shared document); `fromJourney`
 * builds a fresh document.
 */
import * as Y from 'yjs';
import type { Journey } from '../model/journey.ts';
import type { Stage } from '../model/stage.ts';
import {
  journeyMaps,
  RECORD_COLLECTIONS,
  STAGE_PLAIN_FIELDS,
  type JsonRecord,
  type RecordCollection,
} from './layout.ts';
import { IMPORT_ORIGIN, type TransactionOrigin } from './origins.ts';
import { replaceText } from './text-diff.ts';

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Set `key` to `value` (or delete it when undefined), only if it changes. */
export function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) {
    if (map.has(key)) map.delete(key);
  } else if (!sameJson(map.get(key), value)) {
    map.set(key, value);
  }
}

/** Make a Y.Map used as a set hold exactly these keys. */
export function syncSet(parent: Y.Map<unknown>, field: string, keys: readonly string[]): void {
  let set = parent.get(field);
  if (!(set instanceof Y.Map)) {
    set = new Y.Map<boolean>();
    parent.set(field, set);
  }
  const ymap = set as Y.Map<unknown>;
  const wanted = new Set(keys);
  for (const key of [...ymap.keys()]) if (!wanted.has(key)) ymap.delete(key);
  for (const key of wanted) if (ymap.get(key) !== true) ymap.set(key, true);
}

/** Write a stage's fields into its map (creating the map when needed). */
export function writeStage(stages: Y.Map<unknown>, stage: Stage): void {
  let ymap = stages.get(stage.id);
  if (!(ymap instanceof Y.Map)) {
    ymap = new Y.Map<unknown>();
    stages.set(stage.id, ymap);
  }
  const map = ymap as Y.Map<unknown>;
  for (const field of STAGE_PLAIN_FIELDS) setIfChanged(map, field, stage[field]);
  let words = map.get('words');
  if (!(words instanceof Y.Text)) {
    words = new Y.Text();
    map.set('words', words);
  }
  replaceText(words as Y.Text, stage.words);
  syncSet(map, 'services', stage.services);
  syncSet(map, 'codes', stage.codes);
}

/** A record as stored: without its id, which is the key. */
export function storedRecord(record: { id: string }): JsonRecord {
  const { id: _id, ...rest } = record;
  return rest;
}

function syncRecords(map: Y.Map<unknown>, records: readonly { id: string }[]): void {
  const wanted = new Map(records.map((r) => [r.id, storedRecord(r)]));
  for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key);
  for (const [id, value] of wanted) setIfChanged(map, id, value);
}

export function writeJourney(doc: Y.Doc, journey: Journey, origin: TransactionOrigin = IMPORT_ORIGIN): void {
  const maps = journeyMaps(doc);
  doc.transact(() => {
    const { members, ...family } = journey.family;
    const meta: JsonRecord = {
      schemaVersion: journey.schemaVersion,
      id: journey.id,
      title: journey.title,
      summary: journey.summary,
      family,
      scale: journey.scale,
      support: journey.support,
      consent: journey.consent,
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
    for (const collection of RECORD_COLLECTIONS) syncRecords(maps.records[collection], recordsOf[collection]);
  }, origin);
}

export function fromJourney(journey: Journey, origin: TransactionOrigin = IMPORT_ORIGIN): Y.Doc {
  const doc = new Y.Doc();
  writeJourney(doc, journey, origin);
  return doc;
}
