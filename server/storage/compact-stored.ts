/**
 * Rewrite a stored document's log as one snapshot of what it holds now (rows appended meanwhile
 * are kept after it). Yjs keeps no content of what was deleted once a document is encoded again,
 * so words taken out of a document (a stage deleted for good, a stage marked sensitive) leave
 * no trace in storage afterwards.
 */
import * as Y from 'yjs';
import { integratedStateAsUpdate } from '../rooms/integrated-state.ts';
import type { DocumentStore } from './document-store.ts';

export async function compactStored(store: DocumentStore, docId: string): Promise<void> {
  await store.drained();
  const { updates, lastSeq } = await store.loadLog(docId);
  if (updates.length === 0) return;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, Y.mergeUpdates(updates));
    await store.compact(docId, integratedStateAsUpdate(doc), lastSeq);
  } finally {
    doc.destroy();
  }
}
