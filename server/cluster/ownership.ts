/**
 * Room ownership for the registry (rooms/registry.ts) from the leases (room-leases.ts): a room
 * opens here only once this process owns it; otherwise its connections are relayed to the
 * owner. A room just handed over to another process is not taken back for a few seconds, so
 * its clients, reconnecting here at once, are relayed to the new owner instead of racing it.
 */
import { OwnedElsewhere, RoomBusy, type RoomOwnership } from '../rooms/registry.ts';
import type { RoomLeases } from './room-leases.ts';

const HANDED_OVER_MS = 5000;

export class ClusterOwnership implements RoomOwnership {
  private readonly leases: RoomLeases;
  private readonly handedOver = new Map<string, number>();

  constructor(leases: RoomLeases) {
    this.leases = leases;
  }

  async claim(docId: string): Promise<void> {
    const until = this.handedOver.get(docId);
    if (until !== undefined && until < Date.now()) this.handedOver.delete(docId);
    const claim = await this.leases.claim(docId, { mayTake: !this.handedOver.has(docId) });
    if (claim.owned) return;
    if ('ownerUrl' in claim) throw new OwnedElsewhere(claim.ownerUrl);
    throw new RoomBusy('the room is changing hands');
  }

  release(docId: string): Promise<void> {
    return this.leases.release(docId);
  }

  /** Another process asked for these rooms: leave them to it for a while. */
  handOver(docIds: readonly string[]): void {
    for (const docId of docIds) this.handedOver.set(docId, Date.now() + HANDED_OVER_MS);
  }
}
