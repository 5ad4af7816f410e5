/**
 * The document's content as plain, *unvalidated* JSON in the shape of a journey file.
 * `read.ts` validates it record by record; the server's migration runs on it.
 */
import * as Y from 'yjs';
import { sortedEntries, type JsonRecord } from '../records.ts';
import {
  journeyMaps,
  META_KEYS,
  plainRecord,
  RECORD_COLLECTIONS,
  STAGE_PLAIN_FIELDS,
  STAGE_SET_FIELDS,
  STAGE_TEXT_FIELDS,
  type RecordCollection,
} from './layout.ts';

export interface RawJourney {
  meta: JsonRecord;
  /** Stage id → its fields, or `null` where the entry is not a stage map at all. */
  stages: Map<string, JsonRecord | null>;
  records: Record<RecordCollection, Map<string, unknown>>;
}

function setKeys(value: unknown): string[] | unknown {
  return value instanceof Y.Map ? [...value.keys()].sort() : value;
}

function rawStage(stage: Y.Map<unknown>): JsonRecord {
  const out: JsonRecord = {};
  for (const field of STAGE_PLAIN_FIELDS) {
    const value = stage.get(field);
    if (value !== undefined) out[field] = value;
  }
  // Before version 3 a title was a plain string: both read the same, so migration can run.
  for (const field of STAGE_TEXT_FIELDS) {
    const value = stage.get(field);
    if (value !== undefined) out[field] = value instanceof Y.Text ? value.toString() : value;
  }
  for (const field of STAGE_SET_FIELDS) {
    const value = stage.get(field);
    if (value !== undefined) out[field] = setKeys(value);
  }
  return out;
}

export function rawJourney(doc: Y.Doc): RawJourney {
  const maps = journeyMaps(doc);
  const meta: JsonRecord = {};
  for (const key of META_KEYS) {
    const value = maps.meta.get(key);
    if (value !== undefined) meta[key] = value;
  }
  const stages = new Map<string, JsonRecord | null>();
  maps.stages.forEach((value, id) => stages.set(id, value instanceof Y.Map ? rawStage(value) : null));
  const records = {} as Record<RecordCollection, Map<string, unknown>>;
  for (const collection of RECORD_COLLECTIONS) {
    records[collection] = new Map([...maps.records[collection].entries()].map(([id, v]) => [id, plainRecord(v)]));
  }
  return { meta, stages, records };
}

/** The raw document as one journey-shaped JSON object (what the migrations read). */
export function rawJourneyJson(doc: Y.Doc): JsonRecord {
  const raw = rawJourney(doc);
  const withId = (id: string, value: unknown) =>
    typeof value === 'object' && value !== null ? { ...value, id } : value;
  const { family, ...meta } = raw.meta;
  const familyRecord = typeof family === 'object' && family !== null ? family : {};
  return {
    ...meta,
    family: { ...familyRecord, members: sortedEntries(raw.records.members).map(([id, v]) => withId(id, v)) },
    stages: sortedEntries(raw.stages).map(([id, v]) => withId(id, v)),
    ...Object.fromEntries(
      RECORD_COLLECTIONS.filter((c) => c !== 'members').map((c) => [
        c,
        sortedEntries(raw.records[c]).map(([id, v]) => withId(id, v)),
      ]),
    ),
  };
}
