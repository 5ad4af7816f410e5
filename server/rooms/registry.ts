/**
 * The open rooms: opened on the first connection (load, then after-load), closed when the
 * last person leaves. Storage is synchronous, so opening never races with itself.
 */
import type { CloseReason } from '../../src/protocol/index.ts';
import type { Logger } from '../logger.ts';
import type { RoomHooks } from './hooks.ts';
import { Room } from './room.ts';

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly hooks: RoomHooks;
  private readonly log: Logger;

  constructor(hooks: RoomHooks, log: Logger) {
    this.hooks = hooks;
    this.log = log;
  }

  /** The room for this document, opening it when needed; undefined when there is no such document. */
  open(docId: string): Room | undefined {
    const existing = this.rooms.get(docId);
    if (existing && !existing.hasFailed) return existing;
    if (existing) this.rooms.delete(docId);
    const doc = this.hooks.load(docId);
    if (!doc) return undefined;
    const room = new Room(docId, doc, this.hooks, this.log, (empty) => this.release(empty));
    this.hooks.afterLoad(docId, doc);
    this.rooms.set(docId, room);
    return room;
  }

  /** Whether the document exists (open or in storage), without opening it. */
  exists(docId: string): boolean {
    return this.rooms.has(docId) || this.hooks.exists(docId);
  }

  get openCount(): number {
    return this.rooms.size;
  }

  /** Close every room: at shutdown (`goingAway`), so clients reconnect to the next server. */
  closeAll(reason: CloseReason): void {
    for (const room of [...this.rooms.values()]) {
      this.rooms.delete(room.docId);
      room.close(reason);
    }
  }

  private release(room: Room): void {
    if (this.rooms.get(room.docId) === room) this.rooms.delete(room.docId);
    room.close('goingAway');
  }
}
