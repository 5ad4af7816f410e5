/**
 * Simulated peers for convergence tests: each peer is a Y.Doc that records the updates it
 * makes; updates are delivered to other peers whenever (and in whatever order) a test says.
 */
import { expect } from 'vitest';
import * as Y from 'yjs';
import { REMOTE_ORIGIN } from '../../src/doc/index.ts';

export interface Peer {
  doc: Y.Doc;
  /** Every update this peer produced itself, in order. */
  outbox: Uint8Array[];
}

export function makePeers(count: number, base: Uint8Array): Peer[] {
  return Array.from({ length: count }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, base, REMOTE_ORIGIN);
    const peer: Peer = { doc, outbox: [] };
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE_ORIGIN) peer.outbox.push(update);
    });
    return peer;
  });
}

export function deliver(to: Peer, update: Uint8Array): void {
  Y.applyUpdate(to.doc, update, REMOTE_ORIGIN);
}

/** Deliver every update of every peer to every other peer, in the given (shuffled) order. */
export function syncAll(peers: Peer[], order: number[]): void {
  const all = peers.flatMap((from, p) => from.outbox.map((update) => ({ from: p, update })));
  const shuffled = order.length === 0 ? all : all.map((_, i) => all[(order[i % order.length]! + i) % all.length]!);
  for (const { from, update } of [...shuffled, ...all]) {
    peers.forEach((peer, p) => {
      if (p !== from) deliver(peer, update);
    });
  }
}

/** A step that delivers one update from one peer's outbox to another; indexes wrap. */
export interface DeliveryStep {
  from: number;
  to: number;
  update: number;
}

/** Carry out a delivery step; the peer that received something, if any did. */
export function deliverStep(peers: Peer[], step: DeliveryStep): Peer | undefined {
  const from = peers[step.from % peers.length]!;
  const to = peers[step.to % peers.length]!;
  const update = from.outbox[step.update % Math.max(from.outbox.length, 1)];
  if (!update || from === to) return undefined;
  deliver(to, update);
  return to;
}

/**
 * After `syncAll`: every peer reads the same valid model, with the same quarantined records,
 * and holds the same state vector.
 */
export function expectConverged<M>(
  peers: Peer[],
  read: (doc: Y.Doc) => { model: M; quarantined: unknown },
  isValid: (model: M) => boolean,
): void {
  const reads = peers.map((peer) => read(peer.doc));
  for (const each of reads) {
    expect(isValid(each.model)).toBe(true);
    expect(each.model).toEqual(reads[0]!.model);
    expect(each.quarantined).toEqual(reads[0]!.quarantined);
  }
  const vectors = peers.map((peer) => Y.encodeStateVector(peer.doc));
  for (const vector of vectors) expect(vector).toEqual(vectors[0]);
}
