/**
 * A facilitator's lock, enforced by the server (server/SPEC.md CONTROL4): a change from anyone
 * else to what is locked is applied, as Yjs needs every update it is sent, and then undone by
 * a compensating change of the server's own (REFUSE1, way 1). The undoing is stored and sent to
 * everyone, the writer included, so every replica, a stock client's too, ends where the server
 * is; the writer's client never sends the change again, since the server has it.
 */
import * as Y from 'yjs';
import { lockedParts, restoreLockedParts, sameParts } from '../../src/doc/index.ts';
import type { Locks } from './room-controls.ts';

/**
 * Apply an update from someone who may not change what is locked. `whole` is true when the
 * whole document is locked (the map, or a locked map's costs companion); `stageIds` are the
 * journey's locked stages. Returns whether anything had to be undone.
 */
export function applyUnderLocks(
  doc: Y.Doc,
  update: Uint8Array,
  from: unknown,
  locks: Locks,
  whole: boolean,
  serverOrigin: unknown,
): boolean {
  if (whole) {
    // Everything the writer's update did, undone as one step: an UndoManager tracking only
    // this writer's origin, over the whole document, for this one update.
    const undo = new Y.UndoManager(doc, { trackedOrigins: new Set([from]), captureTimeout: 0 });
    try {
      Y.applyUpdate(doc, update, from);
      const changed = undo.undoStack.length > 0;
      if (changed) doc.transact(() => undo.undo(), serverOrigin);
      return changed;
    } finally {
      undo.destroy();
    }
  }
  const before = lockedParts(doc, locks.stages);
  Y.applyUpdate(doc, update, from);
  const after = lockedParts(doc, locks.stages);
  if (sameParts(before, after)) return false;
  doc.transact(() => restoreLockedParts(doc, before, after), serverOrigin);
  return true;
}
