/**
 * The storage interface rooms, the CLI and pages use: asynchronous, reads and writes alike, so
 * that no storage wait ever runs on the event loop and a PostgreSQL backend can fulfil it too.
 *
 * A document is an append-only log of Yjs updates (a compacted log starts with one merged
 * update) plus a derived, validated JSON read model for lists, reports and exports.
 *
 * Writes are committed in the order they were asked for, in groups, one group in flight per
 * store (server/SPEC.md STORE1): a write's promise settles only once the group holding it is
 * durably committed. A failed group rejects every write in it, and writes already queued for
 * the same documents behind it, so a log never stores a change without the ones before it.
 */
import type { DocumentKind } from '../../src/doc/index.ts';
import type { AccessRecords } from './access-records.ts';
import type { FamilyRecords } from './family-records.ts';
import type { DocumentMoves } from './document-moves.ts';
import type { JourneyRecords } from './journey-records.ts';
import type { VersionRecords } from './version-records.ts';
import type { ResearchRecords } from './research-records.ts';

/** What a stored document is: one of the kinds of live document (src/doc/kinds.ts). */
export type { DocumentKind };

export interface ReadModelRow {
  docId: string;
  kind: DocumentKind;
  /** The validated domain object as JSON (a Journey, or a TheoryOfChange). */
  json: string;
  updatedAt: string;
}

/** What one erasure removed, told once it is committed (`DocumentStore.onErased`): ids only. */
export interface ErasedRecords {
  familyIds: readonly string[];
  docIds: readonly string[];
}

export type ErasureListener = (erased: ErasedRecords) => void;

/** One store's erasure listeners: its records tell them each erasure they commit. */
export class ErasureListeners {
  readonly #listeners = new Set<ErasureListener>();

  listen(listener: ErasureListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  announce(erased: ErasedRecords): void {
    for (const listener of [...this.#listeners]) listener(erased);
  }
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

/** A document's log as stored: its updates in order, and the sequence number of the last. */
export interface StoredLog {
  updates: Uint8Array[];
  /** 0 when the document has no updates (or does not exist). */
  lastSeq: number;
}

export interface DocumentStore {
  /** Create a document with its first state and read model, atomically. False if the id is taken. */
  create(document: NewDocument): Promise<boolean>;
  /** Replace a document's whole state and read model atomically (an import over an existing id). */
  replace(document: NewDocument): Promise<void>;
  has(docId: string): Promise<boolean>;
  /** The document's log; applying its updates in order gives its state. Empty if unknown. */
  loadLog(docId: string): Promise<StoredLog>;
  /**
   * Append one update as row `seq` (the room numbers its updates as it applies them, one after
   * the last it loaded). Settles when the update is durable.
   */
  appendUpdate(docId: string, seq: number, update: Uint8Array): Promise<void>;
  /** How many update rows the document has (a compacted log has few). */
  countUpdates(docId: string): Promise<number>;
  /**
   * Replace the rows up to `throughSeq` with one merged snapshot, in one transaction, in its
   * place in the write order. The snapshot must contain everything those rows did.
   */
  compact(docId: string, snapshot: Uint8Array, throughSeq: number): Promise<void>;
  putReadModel(docId: string, json: string): Promise<void>;
  getReadModel(docId: string): Promise<ReadModelRow | undefined>;
  /**
   * Keep the facilitator's controls of a document (server/rooms/room-controls.ts), as JSON; for a
   * document erased meanwhile nothing is kept. From a room, it is refused like its updates when
   * the room has moved to another process.
   */
  putControls(docId: string, json: string): Promise<void>;
  /** The controls last kept for a document, as JSON; undefined when none were ever set. */
  getControls(docId: string): Promise<string | undefined>;
  listReadModels(kind: DocumentKind): Promise<ReadModelRow[]>;
  /** When each of these documents' read models was last written (none for a document without one): to tell a cached reading is current without reading the model. */
  readModelStamps(docIds: readonly string[]): Promise<Map<string, string>>;
  /**
   * Be told of each erasure once it is committed (a document, a family with everything it owns,
   * the synthetic families), so that whatever was read from them into memory is dropped at once.
   * Returns a function that stops it. Erasures through this store are told (on PostgreSQL, also
   * those other processes sharing the database made: pg-notices.ts).
   */
  onErased(listener: ErasureListener): () => void;
  /** Keep an imported reference table (already validated), replacing one with the same kind and id. */
  putReferenceTable(table: StoredReferenceTable): Promise<void>;
  listReferenceTables(): Promise<StoredReferenceTable[]>;
  /** Who may do what: projects, staff, sessions, grants, the audit log (access-records.ts). */
  readonly access: AccessRecords;
  /** Families, their consent, theories of change's cohorts, moved and erased ids (family-records.ts). */
  readonly families: FamilyRecords;
  /** Moving documents to new ids, once, when ids stopped carrying words (server/families/move-ids.ts). */
  readonly moves: DocumentMoves;
  /** Journeys as a team manages them: which are archived (journey-records.ts). */
  readonly journeys: JourneyRecords;
  /** Versions of journeys: named, or made when a session ends (version-records.ts). */
  readonly versions: VersionRecords;
  /** Issue profiles, assessments, cohorts and family types: staff-only records about families (research-records.ts). */
  readonly research: ResearchRecords;
  /**
   * Erase a document, its history and its derived data, leaving no copy of its bytes in the
   * database file or its write-ahead log (consent withdrawn).
   */
  erase(docId: string): Promise<void>;
  /** Every write asked for so far is committed (or has failed). */
  drained(): Promise<void>;
  /** Groups committed (transactions) and the writes in them since the store opened: how well writes group. */
  writeTotals(): { groups: number; writes: number };
  /** Finish queued writes, then close. */
  close(): Promise<void>;
}

/** The store could not be opened: the message names the path and says what to do. */
export class StorageOpenError extends Error {
  override name = 'StorageOpenError';
}
