/**
 * Where a journey lives inside its Y.Doc (docs/architecture.md, "The document bridge"):
 *
 * - `meta`        Y.Map: schemaVersion, id, title, summary, family (pseudonym and type),
 *                 scale, support, provenance; each value plain JSON. Consent is not here:
 *                 it is a server record (src/model/consent.ts), never a document field.
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
import type { Factor } from '../../model/factor.ts';
import type { Journey } from '../../model/journey.ts';
import type { Stage } from '../../model/stage.ts';
import { fieldsOf, type FieldLayout } from '../field-layout.ts';
import type { JsonRecord } from '../records.ts';

/**
 * Where each field of a journey goes: a `meta` value, the `stages` map, or a collection of
 * records (family members, from `family.members`, are a collection too). Adding a field to
 * `JourneySchema` fails `tsc` here until it has a place.
 */
const JOURNEY_LAYOUT = {
  schemaVersion: 'meta',
  id: 'meta',
  title: 'meta',
  summary: 'meta',
  family: 'meta',
  scale: 'meta',
  support: 'meta',
  consent: 'file-only',
  provenance: 'meta',
  stages: 'stages',
  links: 'records',
  factors: 'records',
  costEvents: 'records',
  agencies: 'records',
  codes: 'records',
} as const satisfies FieldLayout<Journey, 'meta' | 'stages' | 'records' | 'file-only'>;

export const RECORD_COLLECTIONS = [...fieldsOf(JOURNEY_LAYOUT, 'records'), 'members'] as const;
export type RecordCollection = (typeof RECORD_COLLECTIONS)[number];

export const META_KEYS = fieldsOf(JOURNEY_LAYOUT, 'meta');
export type MetaKey = (typeof META_KEYS)[number];

/** Where each field of a stage is held in its Y.Map (its id is the key). */
const STAGE_LAYOUT = {
  title: 'text',
  words: 'text',
  voice: 'plain',
  speakerId: 'plain',
  when: 'plain',
  order: 'plain',
  feeling: 'plain',
  progress: 'plain',
  services: 'set',
  codes: 'set',
} as const satisfies FieldLayout<Omit<Stage, 'id'>>;

/** The fields of a stage held as plain values. */
export const STAGE_PLAIN_FIELDS = fieldsOf(STAGE_LAYOUT, 'plain');

/** The fields of a stage held as Y.Text, typed together. */
export const STAGE_TEXT_FIELDS = fieldsOf(STAGE_LAYOUT, 'text');
export type StageTextField = (typeof STAGE_TEXT_FIELDS)[number];

/** The fields of a stage held as sets. */
export const STAGE_SET_FIELDS = fieldsOf(STAGE_LAYOUT, 'set');

/** Where each field of an enabler or barrier is held in its Y.Map (its id is the key). */
const FACTOR_LAYOUT = {
  stageId: 'plain',
  kind: 'plain',
  text: 'text',
  codes: 'plain',
} as const satisfies FieldLayout<Omit<Factor, 'id'>>;

/**
 * Collections whose records are Y.Maps with these fields as Y.Text (the others plain values);
 * records of every other collection are plain JSON values.
 */
export const RECORD_TEXT_FIELDS: Partial<Record<RecordCollection, readonly string[]>> = {
  factors: fieldsOf(FACTOR_LAYOUT, 'text'),
};

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
