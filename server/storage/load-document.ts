/** A stored document rebuilt from its update log, for pages, exports and the CLI (rooms load their own). */
import * as Y from 'yjs';
import type { DocumentKind, DocumentStore } from './document-store.ts';

/** The document as stored now, if it exists and is of this kind; undefined otherwise. */
export async function loadDocument(
  store: DocumentStore,
  docId: string,
  kind: DocumentKind,
): Promise<Y.Doc | undefined> {
  // A journey page must never read a theory of change as a (broken) journey, or the reverse.
  if ((await store.getReadModel(docId))?.kind !== kind) return undefined;
  const { updates } = await store.loadLog(docId);
  if (updates.length === 0) return undefined;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(updates));
  return doc;
}
