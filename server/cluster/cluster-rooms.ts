/**
 * What pages ask of live rooms (an erasure, a server change, new marks of sensitive items;
 * rooms/erasure-channel.ts) when the room may be open in another process. The rule is simple:
 * to act on a room, own it. This process asks the owner to hand it over (the owner closes it
 * with `goingAway`, and its clients reconnect and are relayed here), claims it, and acts on it
 * as the one process would; clients that reconnect meanwhile reach it here.
 */
import type * as Y from 'yjs';
import type { Seals } from '../../src/doc/index.ts';
import type { Logger } from '../logger.ts';
import type { ErasingRooms } from '../rooms/erasure-channel.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import type { Notices } from '../storage/pg-notices.ts';
import type { RoomLeases } from './room-leases.ts';

/** How long a handover may take before the page is told to try again. */
const HANDOVER_MS = 5000;
const POLL_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class HandoverFailed extends Error {
  override name = 'HandoverFailed';
}

/** Own every one of these rooms, asking their owners to hand them over. */
export async function ownRooms(leases: RoomLeases, notices: Notices, docIds: readonly string[]): Promise<void> {
  const deadline = Date.now() + HANDOVER_MS;
  const asked = new Set<string>();
  for (const docId of docIds) {
    for (;;) {
      const claim = await leases.claim(docId);
      if (claim.owned) break;
      if ('ownerNode' in claim && !asked.has(docId)) {
        asked.add(docId);
        await notices.publish({ type: 'release-rooms', node: claim.ownerNode, docIds: [docId] });
      }
      if (Date.now() > deadline)
        throw new HandoverFailed('a room open in another process was not handed over in time: try again');
      await sleep(POLL_MS);
    }
  }
}

/** The live rooms across processes, for pages (the erasure channel). */
export function clusterRooms(
  local: ErasingRooms,
  registry: RoomRegistry,
  leases: RoomLeases,
  notices: Notices,
  log: Logger,
): ErasingRooms {
  return {
    connectedTo: async (docIds) =>
      (await Promise.resolve(local.connectedTo(docIds))) + (await leases.connectedElsewhere(docIds)),
    closeErased: async (docIds) => {
      await ownRooms(leases, notices, docIds);
      await local.closeErased(docIds);
    },
    endErasing: (docIds) => {
      local.endErasing(docIds);
      // Rooms owned only to be erased go back: a document still stored may open anywhere again.
      for (const docId of docIds)
        if (!registry.isOpen(docId))
          void leases
            .release(docId)
            .catch((error: unknown) =>
              log.error({ room: docId, err: (error as Error).message }, 'a room lease could not be released'),
            );
    },
    change: async (docId: string, change: (doc: Y.Doc) => void) => {
      await ownRooms(leases, notices, [docId]);
      return local.change(docId, change);
    },
    seal: (docId: string, seals: Seals) => {
      local.seal(docId, seals);
      void notices.publish({ type: 'sealed', docId }).catch(() => undefined);
    },
  };
}
