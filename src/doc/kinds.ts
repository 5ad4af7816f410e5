/**
 * Every kind of live document, by name, for the server: its persistence looks kinds up instead of
 * testing for them, and brings older documents up to date (the migrations stay out of the
 * editors). Adding a kind is one module beside its code (see kind-spec.ts) and one entry here.
 * The editors import their own kind directly, so each loads only its own kind's code.
 */
import type * as Y from 'yjs';
import { TOC_SCHEMA_VERSION, type Journey, type TheoryOfChange } from '../model/index.ts';
import type { JourneyCosts } from './costs/companion.ts';
import { costsKind } from './costs/kind.ts';
import { journeyKind } from './journey/kind.ts';
import { migrateDoc, type DocMigration } from './journey/migrate-doc.ts';
import type { StoredKindSpec } from './kind-spec.ts';
import { tocKind } from './toc/kind.ts';
import { tocMaps } from './toc/layout.ts';

/** A theory of change is at its first schema version: nothing to migrate yet. */
function migrateToc(doc: Y.Doc): DocMigration {
  const version = tocMaps(doc).meta.get('schemaVersion');
  return typeof version === 'number' && version > TOC_SCHEMA_VERSION
    ? { outcome: 'newer', version }
    : { outcome: 'current' };
}

export const DOCUMENT_KINDS: {
  journey: StoredKindSpec<Journey>;
  toc: StoredKindSpec<TheoryOfChange>;
  costs: StoredKindSpec<JourneyCosts>;
} = {
  journey: { ...journeyKind, migrate: migrateDoc },
  toc: { ...tocKind, migrate: migrateToc },
  costs: { ...costsKind, migrate: () => ({ outcome: 'current' }) },
};
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
