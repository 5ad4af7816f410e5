/**
 * One live document and the people in it. Every change is stored before anyone else sees it:
 * the doc's update handler calls the `store` hook (a synchronous, committed write) and only
 * then broadcasts and acknowledges. If storing fails the room closes without sharing the
 * change; clients keep it and send it again when they reconnect.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { encodeStored, MESSAGE_AWARENESS, MESSAGE_SYNC, type CloseReason } from '../../src/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { RoomHooks } from './hooks.ts';
import { DocumentSize } from './document-size.ts';
import { dropPending, pendingBytes } from './integrated-state.ts';

/** What a room needs from a connection. */
export interface Member {
  readonly wantsAck: boolean;
  send(message: Uint8Array): void;
  close(reason: CloseReason): void;
}

const CHANGE_SETTLE_MS = 300;
/**
 * Awareness changes are sent to the room at most this often, merged into one message (LIMIT4):
 * prompt enough for cursors, and a room's traffic no longer grows with every update sent.
 */
const AWARENESS_INTERVAL_MS = 50;

export class Room {
  readonly docId: string;
  /** Replaced only when an update breaks it (see `reloadFromStorage`). */
  private liveDoc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  /** Each member and the awareness client ids it controls. */
  private readonly members = new Map<Member, Set<number>>();
  private readonly hooks: RoomHooks;
  private readonly log: Logger;
  private readonly onEmpty: (room: Room) => void;
  private changeTimer: NodeJS.Timeout | undefined;
  private failed = false;
  /** Pending (incomplete) updates kept at most; more is dropped. */
  private readonly maxPendingBytes: number;
  /** The document's size against its quota (LIMIT7). */
  private readonly documentSize = new DocumentSize();
  /** Awareness client ids changed since the room last sent awareness. */
  private readonly awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | undefined;
  private lastAwarenessSent = -Infinity;

  constructor(
    docId: string,
    doc: Y.Doc,
    hooks: RoomHooks,
    log: Logger,
    onEmpty: (room: Room) => void,
    maxPendingBytes = 4 * 1024 * 1024,
  ) {
    this.maxPendingBytes = maxPendingBytes;
    this.docId = docId;
    this.liveDoc = doc;
    this.hooks = hooks;
    this.log = log;
    this.onEmpty = onEmpty;
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    doc.on('update', this.onUpdate);
    this.awareness.on('update', this.onAwareness);
  }

  get doc(): Y.Doc {
    return this.liveDoc;
  }

  get size(): number {
    return this.members.size;
  }

  join(member: Member): void {
    this.members.set(member, new Set());
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, this.doc);
    member.send(encoding.toUint8Array(step1));
    const states = this.awareness.getStates();
    if (states.size > 0) member.send(this.awarenessMessage([...states.keys()]));
    if (member.wantsAck) member.send(encodeStored(Y.encodeStateVector(this.doc)));
  }

  leave(member: Member): void {
    const controlled = this.members.get(member);
    if (!controlled) return;
    this.members.delete(member);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], null);
    if (this.members.size === 0) this.onEmpty(this);
  }

  /**
   * Apply a client's update (already checked to decode); the update handler stores and shares
   * it. Throws when Yjs cannot apply it: the caller closes that connection (SYNC2). Returns
   * false, having applied nothing, when it would take the document past `maxDocumentBytes`
   * (LIMIT7): the caller closes that connection with `quotaExceeded`.
   */
  applyUpdate(update: Uint8Array, from: Member, maxDocumentBytes = Infinity): boolean {
    if (!this.documentSize.admit(this.doc, update, maxDocumentBytes)) {
      this.log.warn(
        { room: this.docId, bytes: this.documentSize.current, update: update.byteLength, limit: maxDocumentBytes },
        'a change would pass the document size quota: refused',
      );
      return false;
    }
    try {
      Y.applyUpdate(this.doc, update, from);
    } catch (error) {
      this.reloadFromStorage();
      throw error;
    }
    if (pendingBytes(this.doc) > this.maxPendingBytes) {
      this.log.warn(
        { room: this.docId, bytes: pendingBytes(this.doc) },
        'dropping updates whose dependencies never arrived',
      );
      dropPending(this.doc);
    }
    return true;
  }

  /**
   * An update that decodes can still make Yjs throw part-way through applying it, and a throw
   * inside its transaction cleanup leaves the document unable to report changes ever again:
   * later updates would be applied in memory but neither stored nor shared. Every change
   * members have seen was stored first (STORE1), so the stored log is the truth: rebuild the
   * document from it. Members stay connected; nothing they hold is missing from it.
   */
  private reloadFromStorage(): void {
    this.liveDoc.off('update', this.onUpdate);
    let fresh: Y.Doc | undefined;
    try {
      fresh = this.hooks.load(this.docId);
    } catch (error) {
      this.log.error({ room: this.docId, err: (error as Error).message }, 'reloading the document failed');
    }
    if (!fresh) {
      // Unreadable, or erased under the room: as when storing fails (STORE3), close the room.
      this.failed = true;
      setImmediate(() => {
        for (const member of [...this.members.keys()]) member.close('storageFailure');
      });
      return;
    }
    this.liveDoc = fresh;
    fresh.on('update', this.onUpdate);
    this.log.warn({ room: this.docId }, 'an update could not be applied; the document was reloaded from storage');
  }

  awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  /** Close every connection and release the document (shutdown, or the last person left). */
  close(reason: CloseReason): void {
    clearTimeout(this.changeTimer);
    for (const member of [...this.members.keys()]) member.close(reason);
    this.members.clear();
    this.doc.off('update', this.onUpdate);
    if (!this.failed) this.hooks.unload(this.docId, this.doc);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.failed) return;
    try {
      this.hooks.store(this.docId, update, this.doc);
    } catch (error) {
      // Nothing unstored may be shared or acknowledged: drop the room's memory of it.
      this.failed = true;
      this.log.error({ room: this.docId, err: (error as Error).message }, 'storing an update failed; closing the room');
      // Closed outside the Yjs transaction this handler runs in.
      setImmediate(() => {
        for (const member of [...this.members.keys()]) member.close('storageFailure');
      });
      return;
    }
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    let stored: Uint8Array | undefined;
    for (const member of this.members.keys()) {
      if (member !== origin) member.send(message);
      if (member.wantsAck) member.send((stored ??= encodeStored(Y.encodeStateVector(this.doc))));
    }
    clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => this.hooks.change(this.docId, this.doc), CHANGE_SETTLE_MS);
  };

  private readonly onAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const controlled = this.members.get(origin as Member);
    if (controlled) {
      added.forEach((id) => controlled.add(id));
      removed.forEach((id) => controlled.delete(id));
    }
    for (const id of [...added, ...updated, ...removed]) this.awarenessChanged.add(id);
    // Sent together: at once when the room has sent none for an interval, else when it is up.
    this.awarenessTimer ??= setTimeout(
      this.sendAwareness,
      Math.max(0, this.lastAwarenessSent + AWARENESS_INTERVAL_MS - performance.now()),
    );
  };

  /** One message with every changed awareness state, to every member, the senders included. */
  private readonly sendAwareness = (): void => {
    this.awarenessTimer = undefined;
    this.lastAwarenessSent = performance.now();
    // A closed room has no members left to tell.
    if (this.members.size === 0) return this.awarenessChanged.clear();
    const message = this.awarenessMessage([...this.awarenessChanged]);
    this.awarenessChanged.clear();
    for (const member of this.members.keys()) member.send(message);
  };

  get hasFailed(): boolean {
    return this.failed;
  }
}
