/**
 * The open rooms: opened on the first connection (load, then after-load), closed when the
 * last person leaves. Opening and closing wait on storage, so both are tracked per document:
 * two connections arriving together share one opening, and a room that is closing is opened
 * again only once everything it queued for storage has been committed.
 */
import type * as Y from 'yjs';
import type { CloseReason } from '../../src/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { RoomHooks } from './hooks.ts';
import { journeyOfCostsDoc, type Seals } from '../../src/doc/index.ts';
import { ControlBoard } from './room-controls.ts';
import { Room } from './room.ts';

/**
 * Whether this process may open a document's room, when several processes serve rooms
 * (server/cluster/room-leases.ts): a room is owned by one process at a time. Absent with the
 * embedded store, where the one process owns every room.
 */
export interface RoomOwnership {
  /** Own the room before it opens; throws `OwnedElsewhere` or `RoomBusy` when this process may not. */
  claim(docId: string): Promise<void>;
  /** The room has closed and its writes are committed: another process may own it now. */
  release(docId: string): Promise<void>;
}

/** Another process owns this room: connections are relayed to it. */
export class OwnedElsewhere extends Error {
  override name = 'OwnedElsewhere';
  readonly ownerUrl: string;
  constructor(ownerUrl: string) {
    super('another process owns this room');
    this.ownerUrl = ownerUrl;
  }
}

/** The room is changing hands, or this process cannot own rooms now: try again shortly. */
export class RoomBusy extends Error {
  override name = 'RoomBusy';
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly opening = new Map<string, Promise<Room | undefined>>();
  private readonly closing = new Map<string, Promise<void>>();
  /** Handshakes under way into each room: it must not close for being empty while one may still join. */
  private readonly arriving = new Map<Room, number>();
  /** Documents being erased: no room opens for them (ERASE1). */
  private readonly erasing = new Set<string>();
  private readonly hooks: RoomHooks;
  private readonly log: Logger;
  /** The facilitator's controls of every document, outliving its room (room-controls.ts). */
  readonly controls = new ControlBoard();
  /** A workshop session ended: the room emptied after a change, or a facilitator pressed "End session". */
  private readonly sessionEnded: ((docId: string, by: string) => void) | undefined;
  /** What is marked sensitive in a journey, from the server's record (SEAL1), read as its room opens. */
  private readonly sealsOf: ((docId: string) => Promise<Seals>) | undefined;
  private readonly ownership: RoomOwnership | undefined;

  constructor(
    hooks: RoomHooks,
    log: Logger,
    sessionEnded?: (docId: string, by: string) => void,
    sealsOf?: (docId: string) => Promise<Seals>,
    ownership?: RoomOwnership,
  ) {
    this.hooks = hooks;
    this.log = log;
    this.sessionEnded = sessionEnded;
    this.sealsOf = sealsOf;
    this.ownership = ownership;
  }

  /** Whether the document's room is open here. */
  isOpen(docId: string): boolean {
    return this.rooms.has(docId);
  }

  /** A mark changed (SEAL1): the rooms hold the record's marks from now on, and the open room's members are told. */
  seal(docId: string, seals: Seals): void {
    if (this.controls.setSeals(docId, seals)) this.rooms.get(docId)?.sendControls();
  }

  /**
   * The room for this document, opening it when needed; undefined when there is no such
   * document. Rejects when storage cannot read it (a damaged page): that document is refused,
   * every other goes on.
   */
  async open(docId: string): Promise<Room | undefined> {
    const room = await this.openOrShare(docId);
    if (room) this.arriving.set(room, (this.arriving.get(room) ?? 0) + 1);
    return room;
  }

  /** A connection `open` was for has joined the room, or its handshake failed: either way it is no longer arriving. */
  arrived(room: Room): void {
    const left = (this.arriving.get(room) ?? 1) - 1;
    if (left > 0) return void this.arriving.set(room, left);
    this.arriving.delete(room);
    if (room.size === 0) this.release(room);
  }

  private openOrShare(docId: string): Promise<Room | undefined> {
    if (this.erasing.has(docId)) return Promise.resolve(undefined);
    const existing = this.rooms.get(docId);
    if (existing && !existing.hasFailed) return Promise.resolve(existing);
    if (existing) this.release(existing);
    const pending = this.opening.get(docId);
    if (pending) return pending;
    const opened = this.load(docId).finally(() => this.opening.delete(docId));
    this.opening.set(docId, opened);
    return opened;
  }

  private async load(docId: string): Promise<Room | undefined> {
    await this.closing.get(docId);
    await this.ownership?.claim(docId);
    const journeyId = journeyOfCostsDoc(docId);
    const key = journeyId ?? docId;
    let doc;
    try {
      doc = await this.hooks.load(docId);
      if (doc && journeyId === undefined && this.sealsOf) this.controls.setSeals(docId, await this.sealsOf(docId));
      // The controls as stored (the room may have had another owner since this process last held
      // them). A read that fails keeps the room shut: it would open with its locks lifted.
      if (doc) await this.restoreControls(key, journeyId !== undefined);
    } catch (error) {
      this.giveUp(docId);
      throw error;
    }
    if (!doc) {
      this.giveUp(docId);
      return undefined;
    }
    const controls = {
      board: this.controls,
      key,
      companion: journeyId !== undefined,
      ...(this.sessionEnded ? { endSession: this.sessionEnded } : {}),
    };
    const room = new Room(docId, doc, this.hooks, this.log, (empty) => this.release(empty), controls);
    this.hooks.afterLoad(docId, doc);
    this.rooms.set(docId, room);
    // SEAL2: a stored document that somehow still holds what was marked (a mark made while it
    // could not be changed) is made to keep it out now, before anyone is sent it.
    const seals = this.controls.seals(docId);
    if (seals.stages.size + seals.words.size > 0) await room.applyServerChange(() => undefined).catch(() => undefined);
    return room;
  }

  /**
   * Take a document's controls from the store. A costs companion takes its journey's, unless the
   * journey's room is open, opening or closing here: then this process holds them newest (the
   * store may not have them yet), and the journey's own room reads them as it opens.
   */
  private async restoreControls(key: string, forCompanion: boolean): Promise<void> {
    const heldHere = () => forCompanion && (this.rooms.has(key) || this.opening.has(key) || this.closing.has(key));
    if (heldHere()) return;
    const stored = await this.hooks.loadControls(key);
    if (heldHere()) return;
    this.controls.restore(key, stored);
  }

  /**
   * Another process stored a journey's controls (on PostgreSQL, told by notice): a costs
   * companion open here whose journey is owned elsewhere follows them, since a locked map locks
   * its costs too.
   */
  async controlsStoredElsewhere(journeyId: string): Promise<void> {
    const companion = [...this.rooms.values()].find((room) => journeyOfCostsDoc(room.docId) === journeyId);
    if (!companion) return;
    await this.restoreControls(journeyId, true);
    companion.sendControls();
  }

  get openCount(): number {
    return this.rooms.size;
  }

  /** Whether the document is being erased now (its room refuses everyone). */
  isErasing(docId: string): boolean {
    return this.erasing.has(docId);
  }

  /** How many people are connected to these documents now. */
  connectedTo(docIds: readonly string[]): number {
    return docIds.reduce((sum, docId) => sum + (this.rooms.get(docId)?.size ?? 0), 0);
  }

  /**
   * Erasing these documents: no room opens for them from now on; an open one tells everyone in
   * it (`documentErased`) and drops its document without storing it. Settles once everything
   * the rooms had queued for storage has been committed, so the erasure is written after it.
   */
  async closeErased(docIds: readonly string[]): Promise<void> {
    for (const docId of docIds) {
      this.erasing.add(docId);
      this.controls.forget(docId);
    }
    await Promise.allSettled(docIds.map((docId) => this.opening.get(docId)));
    for (const docId of docIds) {
      const room = this.rooms.get(docId);
      if (room) this.release(room, 'documentErased');
    }
    await Promise.all(docIds.map((docId) => this.closing.get(docId)));
  }

  /** The erasure is over (done, or failed and to be tried again): rooms may open again for what is still stored. */
  endErasing(docIds: readonly string[]): void {
    for (const docId of docIds) this.erasing.delete(docId);
  }

  /**
   * Make a change of the server's own to a stored document through its room, opening the room
   * for it when nobody has it open (and closing it again after, storing its read model): a
   * change never goes around a room that may hold the document. False when there is no such
   * document; settles once the change is durable.
   */
  async change(docId: string, change: (doc: Y.Doc) => void): Promise<boolean> {
    const room = await this.open(docId);
    if (!room) return false;
    try {
      await room.applyServerChange(change);
      return true;
    } finally {
      this.arrived(room);
    }
  }

  /** Close these documents' rooms (handed over to another process: `goingAway`); settles once their writes are committed. */
  async closeRooms(docIds: readonly string[], reason: CloseReason): Promise<void> {
    await Promise.allSettled(docIds.map((docId) => this.opening.get(docId)));
    for (const docId of docIds) {
      const room = this.rooms.get(docId);
      if (room) this.release(room, reason);
    }
    await Promise.allSettled(docIds.map((docId) => this.closing.get(docId)));
  }

  /** Close every room: at shutdown (`goingAway`), so clients reconnect to the next server. */
  async closeAll(reason: CloseReason): Promise<void> {
    await Promise.allSettled([...this.opening.values()]);
    for (const room of [...this.rooms.values()]) this.release(room, reason);
    await Promise.all(this.closing.values());
  }

  /** No room for this document here, opening or open: its ownership goes (once the opening has ended). */
  private giveUp(docId: string): void {
    if (!this.ownership || this.rooms.has(docId)) return;
    const ownership = this.ownership;
    // After the opening or closing that called this has left its map.
    setImmediate(() => {
      if (this.rooms.has(docId) || this.opening.has(docId) || this.closing.has(docId)) return;
      ownership
        .release(docId)
        .catch((error: unknown) =>
          this.log.error({ room: docId, err: (error as Error).message }, 'a room lease could not be released'),
        );
    });
  }

  private release(room: Room, reason: CloseReason = 'goingAway'): void {
    if (this.rooms.get(room.docId) !== room) return;
    // The last member left, but someone is still on the way in: keep it open for them.
    if (reason === 'goingAway' && room.size === 0 && this.arriving.has(room) && !room.hasFailed) return;
    this.rooms.delete(room.docId);
    // Everyone left after changing it: the session is over, and is kept once stored.
    const sessionOver = reason === 'goingAway' && room.size === 0 && room.changed && !room.hasFailed;
    const closed = room.close(reason).finally(() => {
      if (this.closing.get(room.docId) === closed) this.closing.delete(room.docId);
      this.giveUp(room.docId);
    });
    if (sessionOver && this.sessionEnded)
      void closed.then(
        () => this.sessionEnded?.(room.docId, 'server'),
        () => undefined,
      );
    this.closing.set(room.docId, closed);
  }
}
