/**
 * The room core's typed hooks: how rooms load, store and derive, without knowing which
 * storage or domain sits behind them. `persistence.ts` implements them over a DocumentStore.
 */
import type * as Y from 'yjs';

export interface RoomHooks {
  /** Whether the document exists, without loading it (checked before a connection is accepted). */
  exists(docId: string): boolean;
  /** The document's state from storage; undefined when there is no such document. */
  load(docId: string): Y.Doc | undefined;
  /** Right after load, before anyone joins (migrate old documents). Its writes are stored like any change. */
  afterLoad(docId: string, doc: Y.Doc): void;
  /** Store one update durably before anyone else sees it. Throws when it could not. */
  store(docId: string, update: Uint8Array, doc: Y.Doc): void;
  /** After changes settle (debounced): refresh derived data. */
  change(docId: string, doc: Y.Doc): void;
  /** When a room closes (last person left, or shutdown): final derived data, compaction. */
  unload(docId: string, doc: Y.Doc): void;
}
