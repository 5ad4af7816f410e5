/**
 * Every kind of live document, and what the server and the editors need to know of each: its
 * schema version, which shared types a person's undo covers, how it is read into the domain
 * (validated, with quarantine), whether it holds anything yet, and how an older one is brought
 * up to date. Adding a kind is one entry here; the server's persistence and the editors' sessions
 * look kinds up instead of testing for them.
 */
import type * as Y from 'yjs';
import { CURRENT_SCHEMA_VERSION, type Journey } from '../model/journey.ts';
import { TOC_SCHEMA_VERSION, type TheoryOfChange } from '../model/theory-of-change.ts';
import { costEventsMap, readCosts, type JourneyCosts } from './costs/companion.ts';
import { journeyMaps } from './journey/layout.ts';
import { migrateDoc, type DocMigration } from './journey/migrate-doc.ts';
import { readJourney } from './journey/read.ts';
import type { QuarantinedRecord } from './quarantine.ts';
import { isTocDoc, tocMaps } from './toc/layout.ts';
import { readToc } from './toc/read.ts';

export interface DocumentKindSpec<T> {
  /** Its key in DOCUMENT_KINDS. */
  name: 'journey' | 'toc' | 'costs';
  /** The version this code reads and writes; a document saying more was written by a newer one. */
  schemaVersion: number;
  /** The shared types one person's undo takes back their own changes in. */
  undoScope(doc: Y.Doc): Y.Map<unknown>[];
  /** The document as the domain sees it, every record validated on its own. */
  read(doc: Y.Doc): { model: T; quarantined: QuarantinedRecord[]; docSchemaVersion: unknown };
  /** Nothing in it yet (before the first sync, say): an editor shows nothing rather than an empty map. */
  isEmpty(doc: Y.Doc): boolean;
  /** Bring an older document up to `schemaVersion`, once, on the server. */
  migrate(doc: Y.Doc): DocMigration;
}

/** Exported on its own so an editor loads only its own kind's code. */
export const journeyKind: DocumentKindSpec<Journey> = {
  name: 'journey',
  schemaVersion: CURRENT_SCHEMA_VERSION,
  // Not meta, agencies or codes: undo is for what people change on the map.
  undoScope: (doc) => {
    const { stages, records } = journeyMaps(doc);
    return [stages, records.links, records.factors, records.costEvents, records.members];
  },
  read(doc) {
    const { journey, quarantined, docSchemaVersion } = readJourney(doc);
    return { model: journey, quarantined, docSchemaVersion };
  },
  isEmpty: (doc) => journeyMaps(doc).stages.size === 0,
  migrate: migrateDoc,
};

export const tocKind: DocumentKindSpec<TheoryOfChange> = {
  name: 'toc',
  schemaVersion: TOC_SCHEMA_VERSION,
  undoScope: (doc) => Object.values(tocMaps(doc)),
  read(doc) {
    const { toc, quarantined, docSchemaVersion } = readToc(doc);
    return { model: toc, quarantined, docSchemaVersion };
  },
  isEmpty: (doc) => !isTocDoc(doc),
  // At its first schema version: nothing to migrate yet.
  migrate(doc) {
    const version = tocMaps(doc).meta.get('schemaVersion');
    return typeof version === 'number' && version > TOC_SCHEMA_VERSION
      ? { outcome: 'newer', version }
      : { outcome: 'current' };
  },
};

/** A journey's cost events, kept apart from its shared document (src/doc/costs/companion.ts). */
export const costsKind: DocumentKindSpec<JourneyCosts> = {
  name: 'costs',
  schemaVersion: 1,
  undoScope: (doc) => [costEventsMap(doc)],
  read(doc) {
    const { model, quarantined } = readCosts(doc);
    return { model, quarantined, docSchemaVersion: 1 };
  },
  // A journey with no cost events has an empty companion: that is its whole content, not a wait.
  isEmpty: () => false,
  migrate: () => ({ outcome: 'current' }),
};

export const DOCUMENT_KINDS = { journey: journeyKind, toc: tocKind, costs: costsKind } as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** Whether a document says it was written by a newer version than this one reads. */
export function isNewer(spec: Pick<DocumentKindSpec<unknown>, 'schemaVersion'>, docSchemaVersion: unknown): boolean {
  return typeof docSchemaVersion === 'number' && docSchemaVersion > spec.schemaVersion;
}
