/**
 * The room core's typed hooks: how rooms load, store and derive, without knowing which
 * storage or domain sits behind them. `persistence.ts` implements them over a DocumentStore.
 * Every storage step is asynchronous: nothing a room does waits on the event loop.
 */
import type * as Y from 'yjs';
import type { StoredControls } from './room-controls.ts';

export interface RoomHooks {
  /** The document's state from storage; undefined when there is no such document. */
  load(docId: string): Promise<Y.Doc | undefined>;
  /** Right after load, before anyone joins (migrate old documents). Its writes are stored like any change. */
  afterLoad(docId: string, doc: Y.Doc): void;
  /**
   * Queue one update for storage, in the order the room applied it; settles once it is durable
   * (the STORED acknowledgement waits for this), rejects when it could not be stored.
   */
  store(docId: string, update: Uint8Array, doc: Y.Doc): Promise<void>;
  /** After changes settle (debounced): refresh derived data. */
  change(docId: string, doc: Y.Doc): void;
  /**
   * When a room closes: with `keep`, its final derived data and compaction are queued. Settles
   * once every write queued for the document has been committed or has failed, so the room
   * may be opened again from storage.
   */
  unload(docId: string, doc: Y.Doc, keep: boolean): Promise<void>;
  /** The facilitator's controls as last stored for the document; undefined when none were (a row that does not parse is logged and counts as none). */
  loadControls(docId: string): Promise<StoredControls | undefined>;
  /** Store them after a change, in order with the document's other writes; a failure is logged. */
  storeControls(docId: string, controls: StoredControls): void;
}
