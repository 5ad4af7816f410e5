/**
 * The room hooks over a DocumentStore: load a document from its update log, migrate old
 * journeys once, store every update before it is shared, refresh the read model (a journey or
 * a theory of change, by the document's stored kind) when changes settle, and compact the log
 * in the background.
 */
import * as Y from 'yjs';
import { DOCUMENT_KINDS } from '../../src/doc/index.ts';
import type { Logger } from '../logger.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { RoomHooks } from './hooks.ts';
import { integratedStateAsUpdate } from './integrated-state.ts';

export interface PersistenceOptions {
  /** Compact once this many updates have been appended since the last snapshot. */
  compactAfter: number;
}

export function storeHooks(store: DocumentStore, log: Logger, options: PersistenceOptions): RoomHooks {
  /** For each live doc: the last sequence number it has incorporated, and appends since compaction. */
  const progress = new WeakMap<Y.Doc, { lastSeq: number; sinceCompaction: number }>();

  const compact = (docId: string, doc: Y.Doc) => {
    const state = progress.get(doc);
    if (!state || state.sinceCompaction === 0) return;
    // The doc's integrated state is exactly what rows 1..lastSeq hold (every change was stored
    // before it was shared), so it can replace them. Pending structs were never stored: left out.
    store.compact(docId, integratedStateAsUpdate(doc), state.lastSeq);
    state.sinceCompaction = 0;
  };

  /** What the stored document is (a journey unless its read model says otherwise). */
  const kindOf = (docId: string) => DOCUMENT_KINDS[store.getReadModel(docId)?.kind ?? 'journey'];

  const refreshReadModel = (docId: string, doc: Y.Doc) => {
    const { model, quarantined } = kindOf(docId).read(doc);
    store.putReadModel(docId, JSON.stringify(model));
    if (quarantined.length > 0)
      log.warn({ room: docId, quarantined: quarantined.length }, 'records quarantined while reading');
  };

  return {
    exists(docId) {
      return store.has(docId);
    },
    load(docId) {
      const updates = store.loadUpdates(docId);
      if (updates.length === 0) return undefined;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.mergeUpdates(updates));
      progress.set(doc, { lastSeq: store.lastSeq(docId), sinceCompaction: updates.length > 1 ? 1 : 0 });
      return doc;
    },
    afterLoad(docId, doc) {
      const outcome = kindOf(docId).migrate(doc);
      if (outcome.outcome === 'migrated') log.info({ room: docId, applied: outcome.applied }, 'document migrated');
      if (outcome.outcome === 'failed')
        log.error({ room: docId, problems: outcome.issues.length }, 'document could not be migrated');
    },
    store(docId, update, doc) {
      const seq = store.appendUpdate(docId, update);
      const state = progress.get(doc) ?? { lastSeq: 0, sinceCompaction: 0 };
      state.lastSeq = seq;
      state.sinceCompaction += 1;
      progress.set(doc, state);
      if (state.sinceCompaction === options.compactAfter) {
        // Off the hot path: after this update has been shared.
        setImmediate(() => {
          if (!doc.isDestroyed) compact(docId, doc);
        });
      }
    },
    change(docId, doc) {
      refreshReadModel(docId, doc);
    },
    unload(docId, doc) {
      refreshReadModel(docId, doc);
      compact(docId, doc);
    },
  };
}
