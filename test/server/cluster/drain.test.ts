/**
 * Draining a process (server/SPEC.md CLUSTER6, STORE7): `/healthz` says whether a process takes
 * people; on SIGTERM the process writes what its rooms queued, closes them with `goingAway`,
 * gives up their leases and exits, and its clients carry on at the other process with nothing
 * lost and no refusal.
 */
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readJourney, setWords, userOrigin } from '../../../src/doc/index.ts';
import { connect, stopServer, synced, waitFor, type Client } from '../harness.ts';
import { startBalancer, type Balancer } from './balancer.ts';
import { exampleDoc, ownerPort, startCluster, storedDoc, type Node, type TestCluster } from './cluster-harness.ts';
import { pgToken } from './pg-records.ts';

let cluster: TestCluster | undefined;
let balancer: Balancer | undefined;
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await balancer?.close();
  await cluster?.close();
});

describe('drain', () => {
  it('CLUSTER6: /healthz answers 200 while a process serves; SIGTERM moves its rooms to the other process with nothing lost and no 4xxx', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [Node, Node];
    for (const node of [a, b]) {
      const health = await fetch(new URL('/healthz', node.url));
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok\n');
    }
    balancer = await startBalancer([a.port, b.port]);
    const doc = await exampleDoc(cluster, 'slf-isolated-family');
    const first = connect(a, doc, await pgToken(cluster, doc, 'participant'), { ack: true });
    clients.push(first);
    await synced(first);
    expect(await ownerPort(cluster, doc)).toBe(a.port);
    for (let index = 0; index < 4; index++)
      clients.push(connect(balancer, doc, await pgToken(cluster, doc, 'participant'), { ack: true }));
    await Promise.all(clients.map((client) => synced(client)));
    const closes: number[] = [];
    for (const client of clients.slice(1))
      client.provider.on('connection-close', (event) => void (event && closes.push(event.code)));
    const stages = readJourney(first.doc).journey.stages.map((stage) => stage.id);
    const movers = clients.slice(1);
    const timers = movers.map((client, index) =>
      setInterval(
        () =>
          setWords(client.doc, stages[index % stages.length]!, `drain ${index} ${Date.now()}`, userOrigin(`m${index}`)),
        25,
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stopServer(a, 'SIGTERM')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const timer of timers) clearInterval(timer);
    await waitFor(async () => (await ownerPort(cluster as TestCluster, doc)) === b.port, 10_000, 'B to own the room');
    await waitFor(
      () =>
        movers.every(
          (client) =>
            (client.stored.get(client.doc.clientID) ?? 0) >= Y.getState(client.doc.store, client.doc.clientID),
        ),
      10_000,
      'every mover’s edits to be stored',
    );
    const stored = await storedDoc(cluster, doc);
    for (const client of movers)
      expect(Y.decodeStateVector(Y.encodeStateVector(stored)).get(client.doc.clientID) ?? 0).toBeGreaterThanOrEqual(
        Y.getState(client.doc.store, client.doc.clientID),
      );
    expect(closes.filter((code) => code >= 4000)).toEqual([]);
  });
});
