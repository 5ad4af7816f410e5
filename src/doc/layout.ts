/**
 * Where a journey lives inside its Y.Doc (DESIGN.md "The journey document"):
 *
 * - `meta`        Y.Map: schemaVersion, id, title, summary, family (pseudonym and type),
 *                 scale, support, consent, provenance; each value plain JSON.
 * - `stages`      Y.Map stage id → Y.Map of the stage's fields. `words` is Y.Text (typed
 *                 together, merged character by character); `services` and `codes` are
 *                 Y.Maps used as sets (key → true), so concurrent additions never duplicate.
 * - `links`, `factors`, `costEvents`, `members`, `agencies`, `codes`
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

/** The fields of a stage held as plain values (everything but `words`, `services`, `codes`). */
export const STAGE_PLAIN_FIELDS = ['title', 'voice', 'speakerId', 'when', 'order', 'feeling', 'progress'] as const;
export type StagePlainField = (typeof STAGE_PLAIN_FIELDS)[number];

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

/** The stage's Y.Map, or undefined when there is no such stage (or it is not a map). */
export function stageMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const value = journeyMaps(doc).stages.get(id);
  return value instanceof Y.Map ? value : undefined;
}
