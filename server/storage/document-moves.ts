/**
 * Moving a document to a new id, as any store offers it (server/families/move-ids.ts uses it;
 * server/storage/sqlite-moves.ts is the SQLite way).
 */
import type { DocumentKind } from '../../src/doc/index.ts';
import type { MovedDocument } from './family-records.ts';

/** One document's move, as the writer performs it. */
export interface DocumentMove {
  oldId: string;
  newId: string;
  kind: DocumentKind;
  /** The new document's whole state, as one Yjs update. */
  update: Uint8Array;
  readModel: string;
  moved: MovedDocument;
}

/** Where a move leaves the audit log: the rows renamed, and the chain's head before and after. */
export interface AuditRenamed {
  renamed: number;
  /** The first row re-hashed (undefined when nothing was renamed). */
  from?: number;
  before?: { seq: number; hash: string };
}

/** The moves as the store offers them: writes through the queue, one read on the read-only connection. */
export interface DocumentMoves {
  /** Move a document to its new id (see `DocumentMove`); the old one stays until erased. */
  moveDocument(move: DocumentMove): Promise<void>;
  /** Rename document ids in the audit log and re-hash the chain after them. */
  renameAuditDocuments(renames: readonly (readonly [string, string])[]): Promise<AuditRenamed>;
  /** Every document id the audit log names. */
  auditedDocuments(): Promise<string[]>;
}
