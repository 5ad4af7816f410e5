/**
 * Versions of a journey (issue 17): its document's whole state at a moment, named by staff
 * ("after session 1") or made by the server when a workshop session ends or before a version is
 * restored over it. Server records beside the document, never in it: nobody invited to the map
 * can make, change or remove one. They count toward the journey's storage and go with it when
 * it is erased (the table refers to the document, and erasing the document removes them).
 */

export type VersionKind = 'named' | 'session-end' | 'before-restore';

export interface VersionSummary {
  id: string;
  docId: string;
  name: string;
  kind: VersionKind;
  madeAt: string;
  /** `staff:<id>`, `grant:<id>` or `server` (a session that ended by the room emptying). */
  madeBy: string;
  /** The size of the state kept, in bytes. */
  bytes: number;
}

export interface StoredVersion extends VersionSummary {
  /** The document's whole state then, as one Yjs update. */
  state: Uint8Array;
}

export interface VersionRecords {
  /** Keep a version; resolves once it is durable. */
  add(version: StoredVersion): Promise<void>;
  /**
   * Replace a version's state: only to purge what the family asked to be deleted for good
   * (server/stage-erasure.ts), never to change what a version says happened.
   */
  rewrite(docId: string, versionId: string, state: Uint8Array): Promise<void>;
  /** A journey's versions, newest first, without their states. */
  list(docId: string): Promise<VersionSummary[]>;
  /** One version of this journey with its state; undefined for another journey's or none. */
  get(docId: string, versionId: string): Promise<StoredVersion | undefined>;
}
