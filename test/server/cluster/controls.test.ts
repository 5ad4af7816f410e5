/**
 * The facilitator's controls move with the room (server/SPEC.md CONTROL5): a stage locked and
 * the map paused at one process are what the next owner enforces and sends, once the first
 * drains, so a room changing hands never lifts a lock; and a journey's costs room, owned by
 * another process than its map, locks and unlocks with the map.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { costsDocId, readJourney, typeStageText, userOrigin } from '../../../src/doc/index.ts';
import type { StageId } from '../../../src/model/index.ts';
import { connect, sendControl, stopServer, synced, waitFor, type Client } from '../harness.ts';
import { exampleDoc, ownerPort, startCluster, storedDoc, type Node, type TestCluster } from './cluster-harness.ts';
import { pgToken } from './pg-records.ts';

const clusters: TestCluster[] = [];
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const cluster of clusters) await cluster.close();
});

const stageOf = (doc: Parameters<typeof readJourney>[0], id: string) =>
  JSON.stringify(readJourney(doc).journey.stages.find((stage) => stage.id === id));

describe('controls across processes', () => {
  it('CONTROL5: a lock and a pause set at the owner are enforced and sent by the next owner after it drains', async () => {
    const cluster = await startCluster(2);
    clusters.push(cluster);
    const [a, b] = cluster.nodes as [Node, Node];
    const doc = await exampleDoc(cluster, 'life-swindon-chronic-crisis');
    const facilitator = connect(a, doc, await pgToken(cluster, doc, 'facilitator'), { controls: true });
    clients.push(facilitator);
    await synced(facilitator);
    expect(await ownerPort(cluster, doc)).toBe(a.port);
    // Relayed through B: it stays connected to B when A goes.
    const participant = connect(b, doc, await pgToken(cluster, doc, 'participant'), { controls: true, ack: true });
    clients.push(participant);
    await synced(participant);

    const locked = readJourney(facilitator.doc).journey.stages[0]!.id;
    sendControl(facilitator, { kind: 'lock-stage', stageId: locked, on: true });
    sendControl(facilitator, { kind: 'pause-map', on: true });
    await waitFor(() => participant.controls?.pause.map === true, 2000, 'the controls, through the relay');
    const lockedBefore = stageOf(facilitator.doc, locked);

    facilitator.destroy();
    expect(await stopServer(a, 'SIGTERM')).toBe(0);
    await waitFor(async () => (await ownerPort(cluster, doc)) === b.port, 10_000, 'B to own the room');
    await synced(participant);
    // Someone joining now is sent B's state of the controls: read from the store, not from A.
    const newcomer = connect(b, doc, await pgToken(cluster, doc, 'viewer'), { controls: true });
    clients.push(newcomer);
    await synced(newcomer);
    await waitFor(() => newcomer.controls !== undefined, 5000, 'B’s control state');
    expect(newcomer.controls?.lock.stages).toEqual([locked]);
    expect(newcomer.controls?.pause.map).toBe(true);

    typeStageText(
      participant.doc,
      locked as StageId,
      'words',
      'Rewritten at the next owner',
      userOrigin('participant'),
    );
    await waitFor(() => stageOf(participant.doc, locked) === lockedBefore, 5000, 'B to put the locked stage back');
    await waitFor(
      async () => stageOf(await storedDoc(cluster, doc), locked) === lockedBefore,
      5000,
      'the stored stage as it was',
    );
  });

  it('CONTROL4, CONTROL5: a journey’s costs room owned by another process locks and unlocks with its map', async () => {
    const cluster = await startCluster(2);
    clusters.push(cluster);
    const [a, b] = cluster.nodes as [Node, Node];
    const journey = await exampleDoc(cluster, 'family-action-single-mother');
    const companion = costsDocId(journey);
    // Participants see costs on this journey, as a facilitator's settings page allows (COSTS3).
    await cluster.query(`INSERT INTO cost_visibility (doc_id, shown_at, shown_by) VALUES ($1, $2, 'staff:test')`, [
      journey,
      new Date().toISOString(),
    ]);
    const costs = connect(b, companion, await pgToken(cluster, journey, 'participant'), { controls: true });
    clients.push(costs);
    await synced(costs);
    const facilitator = connect(a, journey, await pgToken(cluster, journey, 'facilitator'), { controls: true });
    clients.push(facilitator);
    await synced(facilitator);
    expect([await ownerPort(cluster, companion), await ownerPort(cluster, journey)]).toEqual([b.port, a.port]);
    const events = () => JSON.stringify(costs.doc.getMap('costEvents').toJSON());
    const removeOne = () => {
      const map = costs.doc.getMap('costEvents');
      costs.doc.transact(() => map.delete([...map.keys()][0]!), userOrigin('participant'));
    };

    sendControl(facilitator, { kind: 'lock-map', on: true });
    await waitFor(() => costs.controls?.lock.map === true, 3000, 'the lock at the costs room’s process');
    const before = events();
    removeOne();
    await waitFor(() => events() === before, 3000, 'the costs room to put the event back');

    sendControl(facilitator, { kind: 'lock-map', on: false });
    await waitFor(() => costs.controls?.lock.map === false, 3000, 'the lock lifted there too');
    removeOne();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(events()).not.toBe(before);
  });
});
