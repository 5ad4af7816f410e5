/**
 * Where a journey lives inside its Y.Doc (DESIGN.md "The journey document"):
 *
 * - `meta`        Y.Map: schemaVersion, id, title, summary, family (pseudonym and type),
 *                 scale, support, consent, provenance; each value plain JSON.
 * - `stages`      Y.Map stage id → Y.Map of the stage's fields. `title` and `words` are Y.Text
 *                 (typed together, merged character by character, since schema version 3 for
 *                 `title`); `services` and `codes` are Y.Maps used as sets (key → true), so
 *                 concurrent additions never duplicate.
 * - `factors`     Y.Map id → Y.Map of the factor's fields, its `text` a Y.Text (version 3):
 *                 two people rewording one enabler both keep their words.
 * - `links`, `costEvents`, `members`, `agencies`, `codes`
 *                 Y.Map id → the record as plain JSON without its id (the key is the id).
 *                 An edit replaces the whole record: the last writer wins, field by record.
 *
 * Nothing here is trusted: `read.ts` validates every record before the domain sees it.
 */
import * as Y from 'yjs';

export const RECORD_COLLECTIONS = ['links', 'factors', 'costEvents', 'members', 'agencies', 'codes'] as const;
export type RecordCollection = (typeof RECORD_COLLECTIONS)[number];

export const META_KEYS = [
  'schemaVersion',
  'id',
  'title',
  'summary',
  'family',
  'scale',
  'support',
  'consent',
  'provenance',
] as const;
export type MetaKey = (typeof META_KEYS)[number];

/** The fields of a stage held as plain values (everything but its texts and sets). */
export const STAGE_PLAIN_FIELDS = ['voice', 'speakerId', 'when', 'order', 'feeling', 'progress'] as const;
export type StagePlainField = (typeof STAGE_PLAIN_FIELDS)[number];

/** The fields of a stage held as Y.Text, typed together. */
export const STAGE_TEXT_FIELDS = ['title', 'words'] as const;
export type StageTextField = (typeof STAGE_TEXT_FIELDS)[number];

/**
 * Collections whose records are Y.Maps with these fields as Y.Text (the others plain values);
 * records of every other collection are plain JSON values.
 */
export const RECORD_TEXT_FIELDS: Partial<Record<RecordCollection, readonly string[]>> = { factors: ['text'] };

export type JsonRecord = Record<string, unknown>;

export interface JourneyDocMaps {
  meta: Y.Map<unknown>;
  stages: Y.Map<unknown>;
  records: Record<RecordCollection, Y.Map<unknown>>;
}

export function journeyMaps(doc: Y.Doc): JourneyDocMaps {
  return {
    meta: doc.getMap('meta'),
    stages: doc.getMap('stages'),
    records: {
      links: doc.getMap('links'),
      factors: doc.getMap('factors'),
      costEvents: doc.getMap('costEvents'),
      members: doc.getMap('members'),
      agencies: doc.getMap('agencies'),
      codes: doc.getMap('codes'),
    },
  };
}

/**
 * A record as plain JSON, whichever way it is stored: a Y.Map record's Y.Text fields become
 * strings. Not validated (see `read.ts`).
 */
export function plainRecord(value: unknown): unknown {
  if (!(value instanceof Y.Map)) return value;
  const out: JsonRecord = {};
  value.forEach((field, key) => (out[key] = field instanceof Y.Text ? field.toString() : field));
  return out;
}

/** The stage's Y.Map, or undefined when there is no such stage (or it is not a map). */
export function stageMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const value = journeyMaps(doc).stages.get(id);
  return value instanceof Y.Map ? value : undefined;
}
