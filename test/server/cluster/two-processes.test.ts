/**
 * Two server processes on one PostgreSQL database serve the same room to stock clients: the
 * first to claim it owns it, the other relays its clients' frames to the owner. Every client,
 * wherever it connected, converges, and every change a client saw acknowledged is in PostgreSQL.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editStage, readJourney, userOrigin } from '../../../src/doc/index.ts';
import { connect, synced, waitFor, type Client } from '../harness.ts';
import { exampleDoc, ownerPort, startCluster, storedDoc, type TestCluster } from './cluster-harness.ts';
import { pgToken } from './pg-records.ts';

let cluster: TestCluster | undefined;
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await cluster?.close();
});

/** Whether every clock in `acked` is covered by the document's state. */
const covers = (doc: Y.Doc, acked: Map<number, number>) => {
  const state = Y.decodeStateVector(Y.encodeStateVector(doc));
  return [...acked].every(([client, clock]) => (state.get(client) ?? 0) >= clock);
};

describe('two processes, one room', () => {
  it('clients on both processes converge and see each other, one process owns the room, and every acknowledged change is stored', async () => {
    process.setMaxListeners(40);
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    const doc = await exampleDoc(cluster, 'slf-isolated-family');
    // The first client reaches A, which claims the room; B's clients are relayed to A.
    const first = connect(a, doc, await pgToken(cluster, doc, 'participant'), { ack: true });
    clients.push(first);
    await synced(first);
    expect(await ownerPort(cluster, doc)).toBe(a.port);
    for (const node of [a, b, b, a, b]) {
      const client = connect(node, doc, await pgToken(cluster, doc, 'participant'), { ack: true });
      clients.push(client);
    }
    await Promise.all(clients.map((client) => synced(client)));
    const stages = readJourney(first.doc).journey.stages.map((stage) => stage.id);
    for (let round = 0; round < 20; round++)
      clients.forEach((client, index) =>
        editStage(
          client.doc,
          stages[(round + index) % stages.length]!,
          { title: `Edit ${round} by ${index}` },
          userOrigin(`c${index}`),
        ),
      );
    const target = Y.encodeStateVector(first.doc);
    await waitFor(
      () =>
        clients.every((client) =>
          Buffer.from(Y.encodeStateVector(client.doc)).equals(Buffer.from(Y.encodeStateVector(clients[0]!.doc))),
        ),
      10_000,
      'every client to converge',
    );
    expect(target.length).toBeGreaterThan(0);
    // Every client's own changes are acknowledged as stored, relayed or not.
    await waitFor(
      () =>
        clients.every(
          (client) =>
            (client.stored.get(client.doc.clientID) ?? 0) >= Y.getState(client.doc.store, client.doc.clientID),
        ),
      10_000,
      'every client to see its changes stored',
    );
    const stored = await storedDoc(cluster, doc);
    for (const client of clients) expect(covers(stored, client.stored)).toBe(true);
    expect(readJourney(stored).journey).toEqual(readJourney(clients[0]!.doc).journey);
    expect(await ownerPort(cluster, doc)).toBe(a.port);
    // Presence crosses the relay too: everyone sees everyone, wherever they connected.
    clients.forEach((client, index) =>
      client.provider.awareness.setLocalStateField('user', { name: `Person ${index}` }),
    );
    await waitFor(
      () => clients.every((client) => client.provider.awareness.getStates().size === clients.length),
      10_000,
      'everyone to see everyone’s presence',
    );
  });
});
