/**
 * The part of a document the server acknowledged storing (its STORED state vector), as a
 * document of its own: what a page compares its own copy with to find the words it would lose.
 */
import * as Y from 'yjs';

export function storedPart(doc: Y.Doc, stored: ReadonlyMap<number, number>): Y.Doc {
  // Only what this page holds: the server may have stored others' changes not yet received.
  const held = new Map<number, number>();
  for (const [client, clock] of stored) {
    const upTo = Math.min(clock, Y.getState(doc.store, client));
    if (upTo > 0) held.set(client, upTo);
  }
  const snapshot = Y.createSnapshot(Y.createDeleteSetFromStructStore(doc.store), held);
  // Yjs refuses to rebuild from a document that collects deleted content, as that content may
  // be gone. Here the snapshot treats everything deleted as deleted, so nothing collected is
  // needed: what is read is what was inserted and stored, and still there.
  const collects = doc.gc;
  doc.gc = false;
  try {
    return Y.createDocFromSnapshot(doc, snapshot);
  } finally {
    doc.gc = collects;
  }
}
