/**
 * How an erasure asked for by a page reaches the live rooms (server/SPEC.md ERASE1), the way
 * ended grants reach them through `auth/grant-ends.ts`: pages hold this channel (in the services),
 * the collab server answers on it. Kept apart from grant ends: an erasure is awaited, step by
 * step, and a failed one must be undone; an ended grant is only announced.
 */
import type * as Y from 'yjs';
import type { Seals } from '../../src/doc/index.ts';

/** What the live rooms do for an erasure (collab.ts answers). */
export interface ErasingRooms {
  /** How many people are connected to these documents now (wherever their rooms are open). */
  connectedTo(docIds: readonly string[]): number | Promise<number>;
  /**
   * Refuse every new connection to these documents (4410); close every open one with 4410 and
   * drop the room's document without storing it. Settles once the rooms' queued writes are committed.
   */
  closeErased(docIds: readonly string[]): Promise<void>;
  /** The erasure is over: done (the store answers for these ids from now on) or failed. */
  endErasing(docIds: readonly string[]): void;
  /** A server change to a stored document through its room (opened for it when closed); false if there is none. */
  change(docId: string, change: (doc: Y.Doc) => void): Promise<boolean>;
  /** The marks of sensitive items changed (server/sensitive-items.ts): the rooms keep these out from now on. */
  seal(docId: string, seals: Seals): void;
}

export class ErasureChannel {
  private rooms: ErasingRooms | undefined;

  /** The collab server answers erasures from now on; returns a function that stops it. */
  serve(rooms: ErasingRooms): () => void {
    this.rooms = rooms;
    return () => {
      if (this.rooms === rooms) this.rooms = undefined;
    };
  }

  /** The live rooms, or undefined where none run (the CLI): erasing then has nothing to close. */
  get liveRooms(): ErasingRooms | undefined {
    return this.rooms;
  }
}
