/**
 * The room hooks over a DocumentStore: load a document from its update log, migrate old
 * journeys once, queue every update for storage in the order the room applied it, refresh the
 * read model (a journey or a theory of change, by the document's stored kind) when changes
 * settle, and compact the log, all through the store's one ordered write queue. The
 * facilitator's controls are kept and read here too (room-controls.ts).
 */
import * as Y from 'yjs';
import { DOCUMENT_KINDS } from '../../src/doc/index.ts';
import type { Logger } from '../logger.ts';
import type { DocumentKind, DocumentStore } from '../storage/document-store.ts';
import type { RoomHooks } from './hooks.ts';
import { integratedStateAsUpdate } from './integrated-state.ts';
import { StoredControlsSchema } from './room-controls.ts';

export interface PersistenceOptions {
  /** Compact once this many updates have been appended since the last snapshot. */
  compactAfter: number;
}

/** What persistence keeps for each live document. */
interface LiveLog {
  kind: DocumentKind;
  /** The sequence number of the last update queued (the room numbers updates as it applies them). */
  lastSeq: number;
  sinceCompaction: number;
  /** Whether anything changed since the read model was last written (a viewer coming and going changes nothing). */
  changedSinceReadModel: boolean;
}

export function storeHooks(store: DocumentStore, log: Logger, options: PersistenceOptions): RoomHooks {
  const live = new WeakMap<Y.Doc, LiveLog>();
  /**
   * Each document's last queued write, settled either way. Writes commit in the order queued, so
   * once it settles every earlier write of the document has too: a room waits for its own writes,
   * not for everyone's (the audit log's, other rooms') behind a busy queue.
   */
  const lastWrite = new Map<string, Promise<void>>();
  const queued = (docId: string, write: Promise<void>): Promise<void> => {
    const settled = write.then(
      () => undefined,
      () => undefined,
    );
    lastWrite.set(docId, settled);
    void settled.then(() => {
      if (lastWrite.get(docId) === settled) lastWrite.delete(docId);
    });
    return write;
  };

  /**
   * Queued behind every append it covers, with the snapshot taken now: the doc's integrated
   * state is exactly what rows 1..lastSeq hold. Pending structs were never stored: left out.
   */
  const compact = (docId: string, doc: Y.Doc, state: LiveLog): Promise<void> => {
    if (state.sinceCompaction === 0) return Promise.resolve();
    state.sinceCompaction = 0;
    return queued(docId, store.compact(docId, integratedStateAsUpdate(doc), state.lastSeq));
  };

  const refreshReadModel = (docId: string, doc: Y.Doc, state: LiveLog): Promise<void> => {
    if (!state.changedSinceReadModel) return Promise.resolve();
    state.changedSinceReadModel = false;
    const { model, quarantined } = DOCUMENT_KINDS[state.kind].read(doc);
    if (quarantined.length > 0)
      log.warn({ room: docId, quarantined: quarantined.length }, 'records quarantined while reading');
    return queued(docId, store.putReadModel(docId, JSON.stringify(model)));
  };

  /** A failed derived write is logged; the log it derives from is what matters, and it is intact. */
  const quietly = (docId: string, what: string) => (error: unknown) =>
    log.error({ room: docId, err: (error as Error).message }, `${what} failed`);

  return {
    async load(docId) {
      const [{ updates, lastSeq }, readModel] = await Promise.all([store.loadLog(docId), store.getReadModel(docId)]);
      if (updates.length === 0) return undefined;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.mergeUpdates(updates));
      live.set(doc, {
        // What the stored document is (a journey unless its read model says otherwise).
        kind: readModel?.kind ?? 'journey',
        lastSeq,
        sinceCompaction: updates.length > 1 ? 1 : 0,
        changedSinceReadModel: false,
      });
      return doc;
    },
    afterLoad(docId, doc) {
      const outcome = DOCUMENT_KINDS[live.get(doc)?.kind ?? 'journey'].migrate(doc);
      if (outcome.outcome === 'migrated') log.info({ room: docId, applied: outcome.applied }, 'document migrated');
      if (outcome.outcome === 'failed')
        log.error({ room: docId, problems: outcome.issues.length }, 'document could not be migrated');
    },
    store(docId, update, doc) {
      const state = live.get(doc);
      if (!state) return Promise.reject(new Error('an update for a document that was not loaded'));
      state.lastSeq += 1;
      state.sinceCompaction += 1;
      state.changedSinceReadModel = true;
      const stored = queued(docId, store.appendUpdate(docId, state.lastSeq, update));
      if (state.sinceCompaction >= options.compactAfter) compact(docId, doc, state).catch(quietly(docId, 'compaction'));
      return stored;
    },
    change(docId, doc) {
      const state = live.get(doc);
      if (state) refreshReadModel(docId, doc, state).catch(quietly(docId, 'refreshing the read model'));
    },
    async loadControls(docId) {
      const json = await store.getControls(docId);
      if (json === undefined) return undefined;
      let parsed;
      try {
        parsed = StoredControlsSchema.safeParse(JSON.parse(json));
      } catch {
        parsed = undefined;
      }
      if (parsed?.success) return parsed.data;
      // Only this server writes them; a row it cannot read means none, as before controls were kept.
      log.error({ room: docId }, 'the stored controls could not be read: the room starts with none');
      return undefined;
    },
    storeControls(docId, controls) {
      queued(docId, store.putControls(docId, JSON.stringify(controls))).catch(quietly(docId, 'storing the controls'));
    },
    async unload(docId, doc, keep) {
      const state = live.get(doc);
      if (keep && state) {
        refreshReadModel(docId, doc, state).catch(quietly(docId, 'refreshing the read model'));
        compact(docId, doc, state).catch(quietly(docId, 'compaction'));
      }
      await lastWrite.get(docId);
    },
  };
}
