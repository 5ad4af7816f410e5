/**
 * One live document and the people in it. A change is applied and sent to the other members at
 * once, and queued for storage in the order it was applied; the STORED acknowledgement for it
 * goes out only when storage says it is durable (server/SPEC.md STORE1, ACK1). If storing fails
 * the room closes (STORE3); clients keep their replicas and send again what the server lacks.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { applySeals } from '../../src/doc/index.ts';
import {
  encodeControl,
  encodeStored,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  type CloseReason,
  type ControlCommand,
} from '../../src/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { RoomHooks } from './hooks.ts';
import { DocumentSize } from './document-size.ts';
import { dropPending, pendingBytes } from './integrated-state.ts';
import { applyUnderLocks } from './lock-guard.ts';
import type { ControlBoard } from './room-controls.ts';

/** What a room needs from a connection. */
export interface Member {
  readonly wantsAck: boolean;
  /** Whether it asked for the facilitator's controls' state (CONTROL messages). */
  readonly wantsControls: boolean;
  /** Whether it is a facilitator's: only theirs change the controls, or what is locked. */
  readonly canControl: boolean;
  /** Who is connected (`staff:<id>`, `grant:<id>`), for what the room records: never a name. */
  readonly actor: string;
  send(message: Uint8Array): void;
  close(reason: CloseReason): void;
}

/**
 * Whose controls a room follows: its own document's, or, for a costs companion, its journey's
 * (a locked map locks its costs too).
 */
export interface RoomControls {
  board: ControlBoard;
  key: string;
  companion: boolean;
  /** A facilitator pressed "End session" (a version is kept: server/journey-versions.ts). */
  endSession?: (docId: string, by: string) => void;
}

const CHANGE_SETTLE_MS = 300;
/** The origin of a change the server makes itself (erasure): not a member, so every member is sent it. */
const SERVER_ORIGIN = Object.freeze({ kind: 'server' });
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
  private closed = false;
  /** The state vector of everything durably stored: what a `stored` message may claim. */
  private storedVector: Uint8Array;
  /** While the document is rebuilt from storage, members' messages wait here in order. */
  private held: (() => void)[] | undefined;
  /** Pending (incomplete) updates kept at most; more is dropped. */
  private readonly maxPendingBytes: number;
  /** The document's size against its quota (LIMIT7). */
  private readonly documentSize = new DocumentSize();
  /** Awareness client ids changed since the room last sent awareness. */
  private readonly awarenessChanged = new Set<number>();
  private awarenessTimer: NodeJS.Timeout | undefined;
  private lastAwarenessSent = -Infinity;
  /** Storing the last update applied: what a server change waits for. */
  private lastStored: Promise<void> | undefined;
  private readonly controls: RoomControls | undefined;
  /** Whether anyone connected changed the document since the room opened (a session worth keeping). */
  private changedByMembers = false;

  constructor(
    docId: string,
    doc: Y.Doc,
    hooks: RoomHooks,
    log: Logger,
    onEmpty: (room: Room) => void,
    controls?: RoomControls,
    maxPendingBytes = 4 * 1024 * 1024,
  ) {
    this.controls = controls;
    this.maxPendingBytes = maxPendingBytes;
    this.docId = docId;
    this.liveDoc = doc;
    this.hooks = hooks;
    this.log = log;
    this.onEmpty = onEmpty;
    this.storedVector = Y.encodeStateVector(doc);
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
    // Joining while the document is rebuilt: the greeting waits for the rebuilt one.
    this.whenReady(() => {
      if (!this.members.has(member)) return;
      const step1 = encoding.createEncoder();
      encoding.writeVarUint(step1, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(step1, this.doc);
      member.send(encoding.toUint8Array(step1));
      const states = this.awareness.getStates();
      if (states.size > 0) member.send(this.awarenessMessage([...states.keys()]));
      if (member.wantsAck) member.send(encodeStored(this.storedVector));
      if (member.wantsControls && this.controls)
        member.send(encodeControl(this.controls.board.state(this.controls.key)));
    });
  }

  /**
   * A command from a member's CONTROL message (CONTROL1): applied only from a facilitator's
   * connection, then the new state goes to every member that asked for it, the sender too.
   * Anyone else's is ignored: it changes nothing on any screen.
   */
  applyControl(command: ControlCommand, from: Member): boolean {
    if (!from.canControl || !this.controls || this.controls.companion) return false;
    if (command.kind === 'end-session') {
      // Kept now; what changes from here on is the next session's.
      this.changedByMembers = false;
      this.controls.endSession?.(this.docId, from.actor);
    }
    const { board, key } = this.controls;
    const storedBefore = JSON.stringify(board.stored(key));
    if (!board.apply(key, command)) return true;
    // Following is sent many times a second while a facilitator leads, and is not kept: only what is kept is written.
    const stored = board.stored(key);
    if (JSON.stringify(stored) !== storedBefore) this.hooks.storeControls(key, stored);
    this.sendControls();
    return true;
  }

  /** The control state as it is now, to every member that asked for it. */
  sendControls(): void {
    if (!this.controls) return;
    const message = encodeControl(this.controls.board.state(this.controls.key));
    for (const member of this.members.keys()) if (member.wantsControls) member.send(message);
  }

  /**
   * SEAL2: what is marked sensitive stays out of the document. After any change, a stub that
   * gained content is made a stub again by a change of the server's own, sent to everyone.
   */
  private keepSealed(): boolean {
    if (!this.controls || this.controls.companion) return false;
    const seals = this.controls.board.seals(this.controls.key);
    // Most rooms have no marks: no transaction on every update for them.
    if (seals.stages.size + seals.words.size === 0) return false;
    let wrote = false;
    this.doc.transact(() => {
      wrote = applySeals(this.doc, seals);
    }, SERVER_ORIGIN);
    return wrote;
  }

  /**
   * Run a member's message now, or, while the document is being rebuilt from storage, once it
   * is back, in the order messages arrived.
   */
  whenReady(handle: () => void): void {
    if (this.held) this.held.push(handle);
    else handle();
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
      const locks = this.controls && !from.canControl ? this.controls.board.locks(this.controls.key) : undefined;
      // A companion holds cost events, not stages: only a lock of the whole map reaches it.
      const stagesLocked = locks !== undefined && locks.stages.size > 0 && this.controls?.companion === false;
      if (locks && (locks.map || stagesLocked)) {
        // CONTROL4: what is locked is put back by a change of the server's own, sent to everyone.
        if (applyUnderLocks(this.doc, update, from, locks, locks.map, SERVER_ORIGIN))
          this.log.info({ room: this.docId }, 'a change to what is locked was undone');
      } else Y.applyUpdate(this.doc, update, from);
      if (this.keepSealed()) this.log.info({ room: this.docId }, 'a change to a sensitive stage was undone');
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
   * members have seen was queued for storage first, so once the queue has drained the stored
   * log is the truth: rebuild the document from it. Members stay connected; their messages
   * wait until the document is back; nothing they hold is missing from it.
   */
  private reloadFromStorage(): void {
    this.liveDoc.off('update', this.onUpdate);
    this.held = [];
    const broken = this.liveDoc;
    void this.hooks
      .unload(this.docId, broken, false)
      .then(() => this.hooks.load(this.docId))
      .then(
        (fresh) => fresh,
        (error: unknown) => {
          this.log.error({ room: this.docId, err: (error as Error).message }, 'reloading the document failed');
          return undefined;
        },
      )
      .then((fresh) => {
        const held = this.held ?? [];
        this.held = undefined;
        if (!fresh || this.closed) {
          // Unreadable, or erased under the room: as when storing fails (STORE3), close the room.
          fresh?.destroy();
          return this.fail();
        }
        this.liveDoc = fresh;
        this.storedVector = Y.encodeStateVector(fresh);
        fresh.on('update', this.onUpdate);
        broken.destroy();
        this.log.warn({ room: this.docId }, 'an update could not be applied; the document was reloaded from storage');
        for (const handle of held) handle();
      });
  }

  /** Storage failed under the room: nothing more is acknowledged; everyone is closed (4500) and reconnects. */
  private fail(): void {
    this.failed = true;
    for (const member of [...this.members.keys()]) member.close('storageFailure');
  }

  awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  /**
   * A change the server makes itself (removing an erased family's evidence): applied, sent to
   * every member and stored like any update. Settles once it is durable; rejects when the room
   * cannot store it.
   */
  applyServerChange(change: (doc: Y.Doc) => void): Promise<void> {
    if (this.failed || this.closed || this.held) return Promise.reject(new Error('the room cannot take changes now'));
    this.lastStored = undefined;
    this.doc.transact(() => {
      change(this.doc);
      // A version restored over the journey holds what was said before a mark: kept out again.
      if (this.controls && !this.controls.companion) applySeals(this.doc, this.controls.board.seals(this.controls.key));
    }, SERVER_ORIGIN);
    const stored = this.lastStored ?? Promise.resolve();
    this.lastStored = undefined;
    // Its read model is queued now, not when changes settle: before any write that follows it.
    clearTimeout(this.changeTimer);
    this.hooks.change(this.docId, this.doc);
    return stored;
  }

  /**
   * Close every connection and release the document (shutdown, or the last person left).
   * Settles once everything queued for the document is committed, so it may be opened again.
   * Closed because the document was erased, nothing more is stored: its final read model and
   * compaction would write its words again.
   */
  close(reason: CloseReason): Promise<void> {
    this.closed = true;
    clearTimeout(this.changeTimer);
    for (const member of [...this.members.keys()]) member.close(reason);
    this.members.clear();
    this.doc.off('update', this.onUpdate);
    this.awareness.destroy();
    const doc = this.doc;
    const keep = !this.failed && reason !== 'documentErased';
    return this.hooks.unload(this.docId, doc, keep).finally(() => doc.destroy());
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.failed) return;
    if (this.members.has(origin as Member)) this.changedByMembers = true;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const message = encoding.toUint8Array(encoder);
    for (const member of this.members.keys()) if (member !== origin) member.send(message);
    // Taken now, when this update is the last one queued, not when the acknowledgement goes out:
    // by then later updates may be applied but not yet stored.
    const coveredVector = Y.encodeStateVector(this.doc);
    const stored = this.hooks.store(this.docId, update, this.doc);
    this.lastStored = stored;
    stored.then(
      () => {
        if (this.failed || this.closed) return;
        this.storedVector = coveredVector;
        let stored: Uint8Array | undefined;
        for (const member of this.members.keys())
          if (member.wantsAck) member.send((stored ??= encodeStored(coveredVector)));
      },
      (error: unknown) => {
        if (this.failed || this.closed) return;
        // Nothing after an unstored update may be acknowledged: close the room.
        this.log.error(
          { room: this.docId, err: (error as Error).message },
          'storing an update failed; closing the room',
        );
        this.fail();
      },
    );
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

  /** Someone connected changed the document since the room opened. */
  get changed(): boolean {
    return this.changedByMembers;
  }

  get hasFailed(): boolean {
    return this.failed;
  }
}
