/**
 * What the server and the editors need to know of a kind of live document: its schema version,
 * which shared types a person's undo covers, how it is read into the domain (validated, with
 * quarantine), whether it holds anything yet, and how an older one is brought up to date. Each
 * kind lives beside its own code (journey/kind.ts, toc/kind.ts, costs/kind.ts), so an editor
 * loads only its own; kinds.ts names them all for the server.
 */
import type * as Y from 'yjs';
import type { DocMigration } from './journey/migrate-doc.ts';
import type { QuarantinedRecord } from './quarantine.ts';

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
}

/** A kind as the server keeps it: it also brings an older document up to date (not the editors' work). */
export interface StoredKindSpec<T> extends DocumentKindSpec<T> {
  /** Bring an older document up to `schemaVersion`, once, on the server. */
  migrate(doc: Y.Doc): DocMigration;
}

/** Whether a document says it was written by a newer version than this one reads. */
export function isNewer(spec: Pick<DocumentKindSpec<unknown>, 'schemaVersion'>, docSchemaVersion: unknown): boolean {
  return typeof docSchemaVersion === 'number' && docSchemaVersion > spec.schemaVersion;
}
