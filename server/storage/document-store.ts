/**
 * The storage interface rooms, the CLI and pages use. Narrow on purpose: a PostgreSQL backend
 * implements the same few methods without anything above it changing.
 *
 * A document is an append-only log of Yjs updates (a compacted log starts with one merged
 * update) plus a derived, validated JSON read model for lists, reports and exports.
 */
import type { DocumentKind } from '../../src/doc/index.ts';

/** What a stored document is: one of the kinds of live document (src/doc/kinds.ts). */
export type { DocumentKind };

export interface ReadModelRow {
  docId: string;
  kind: DocumentKind;
  /** The validated domain object as JSON (a Journey, or a TheoryOfChange). */
  json: string;
  updatedAt: string;
}

export interface NewDocument {
  docId: string;
  kind: DocumentKind;
  /** The document's whole state as one Yjs update. */
  update: Uint8Array;
  readModel: string;
}

export interface StoredReferenceTable {
  kind: 'unit-costs' | 'deflator';
  id: string;
  /** The attribution (unit costs) or source (deflator) to show beside its figures. */
  label: string;
  csv: string;
  importedAt: string;
}

export interface DocumentStore {
  /** Create a document with its first state and read model, atomically. False if the id is taken. */
  create(document: NewDocument): boolean;
  /** Replace a document's whole state and read model atomically (an import over an existing id). */
  replace(document: NewDocument): void;
  has(docId: string): boolean;
  /** The document's updates in order; applying them all gives its state. Empty if unknown. */
  loadUpdates(docId: string): Uint8Array[];
  /** Append one update durably; returns its sequence number. */
  appendUpdate(docId: string, update: Uint8Array): number;
  /** The highest sequence number stored for the document (0 when none). */
  lastSeq(docId: string): number;
  /** How many update rows the document has (a compacted log has few). */
  countUpdates(docId: string): number;
  /**
   * Replace the rows up to `throughSeq` with one merged snapshot, in one transaction. The
   * snapshot must contain everything those rows did; later rows are untouched.
   */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): void;
  putReadModel(docId: string, json: string): void;
  getReadModel(docId: string): ReadModelRow | undefined;
  listReadModels(kind: DocumentKind): ReadModelRow[];
  /** Keep an imported reference table (already validated), replacing one with the same kind and id. */
  putReferenceTable(table: StoredReferenceTable): void;
  listReferenceTables(): StoredReferenceTable[];
  /**
   * Mark a grant used up: a one-time sign-in link once redeemed, a session once signed out.
   * True the first time, false ever after.
   */
  consumeGrant(jti: string): boolean;
  /** Whether a grant has been used up (consumeGrant was called for it). */
  isGrantConsumed(jti: string): boolean;
  /** Erase a document, its history and its derived data (consent withdrawn). */
  erase(docId: string): void;
  close(): void;
}
