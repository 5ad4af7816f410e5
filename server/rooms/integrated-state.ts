/**
 * A room's document as an update, *without* pending structs. Yjs keeps changes whose
 * dependencies have not arrived as "pending", and `Y.encodeStateAsUpdate` merges them in. The
 * server never stored those, and a forged one can share an id with a genuine, stored change
 * and win the merge. So everything the server sends (sync step 2) or snapshots (compaction)
 * comes from integrated state only (server/SPEC.md SYNC1, STORE2).
 */
import * as Y from 'yjs';

export function integratedStateAsUpdate(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const store = doc.store;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}

/** Bytes held as pending; a client whose updates never become complete cannot grow it for ever. */
export function pendingBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
}

/** Forget pending structs. Nothing is lost that was stored: clients re-send what is missing on sync. */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}
