/**
 * A room's owner dies or freezes while people edit (server/SPEC.md CLUSTER2, CLUSTER3): the
 * clients, behind a balancer with health checks, reconnect; another process takes the room;
 * nothing a client saw acknowledged is lost, and a change only a peer still holds reaches
 * storage. A frozen owner that wakes finds its lease taken: its rooms close with 4500 and its
 * writes are refused by epoch.
 */
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { readJourney, setWords, userOrigin } from '../../../src/doc/index.ts';
import type { StageId } from '../../../src/model/index.ts';
import { connect, stopServer, synced, waitFor, type Client } from '../harness.ts';
import { startBalancer, type Balancer } from './balancer.ts';
import { exampleDoc, ownerPort, startCluster, storedDoc, type Node, type TestCluster } from './cluster-harness.ts';
import { pgToken } from './pg-records.ts';

const clusters: TestCluster[] = [];
const balancers: Balancer[] = [];
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const balancer of balancers) await balancer.close();
  for (const cluster of clusters) await cluster.close();
});

const ownClock = (client: Client) => client.stored.get(client.doc.clientID) ?? 0;
const stateOf = (doc: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(doc));
const covers = (doc: Y.Doc, client: Client) => (stateOf(doc).get(client.doc.clientID) ?? 0) >= ownClock(client);

/** Time until one client's new words reach another and are acknowledged as stored. */
async function servedAgain(writer: Client, reader: Client, stage: StageId, words: string): Promise<number> {
  const start = Date.now();
  setWords(writer.doc, stage, words, userOrigin('probe'));
  const clock = Y.getState(writer.doc.store, writer.doc.clientID);
  await waitFor(
    () => readJourney(reader.doc).journey.stages.some((s) => s.words === words) && ownClock(writer) >= clock,
    20_000,
    `"${words}" to reach a peer and be stored`,
  );
  return Date.now() - start;
}

async function clusterBehindBalancer(env: Record<string, string> = {}) {
  const cluster = await startCluster(2, env);
  clusters.push(cluster);
  const balancer = await startBalancer(cluster.nodes.map((node) => node.port));
  balancers.push(balancer);
  const doc = await exampleDoc(cluster, 'slf-isolated-family');
  return { cluster, balancer, doc };
}

describe('failover', () => {
  it('CLUSTER2: the owner SIGKILLed mid-edit, three times: the room is served again within 3 s and no acknowledged edit is lost', async () => {
    process.setMaxListeners(60);
    const { cluster, balancer, doc } = await clusterBehindBalancer();
    const editors: Client[] = [];
    for (let index = 0; index < 6; index++)
      editors.push(connect(balancer, doc, await pgToken(cluster, doc, 'participant'), { ack: true }));
    clients.push(...editors);
    await Promise.all(editors.map((client) => synced(client)));
    const stages = readJourney(editors[0]!.doc).journey.stages.map((stage) => stage.id);
    const served: number[] = [];
    for (let cycle = 0; cycle < 3; cycle++) {
      const timers = editors.map((editor, index) =>
        setInterval(
          () =>
            setWords(
              editor.doc,
              stages[index % stages.length]!,
              `cycle ${cycle} ${Date.now()}`,
              userOrigin(`e${index}`),
            ),
          20,
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 400));
      const owner = await ownerPort(cluster, doc);
      const victim = cluster.nodes.find((node) => node.port === owner) as Node;
      expect(victim, `cycle ${cycle}: someone owns the room`).toBeDefined();
      const ackedAtKill = editors.map(ownClock);
      await stopServer(victim, 'SIGKILL');
      for (const timer of timers) clearInterval(timer);
      served.push(await servedAgain(editors[0]!, editors[1]!, stages[0]!, `after kill ${cycle}`));
      // What was acknowledged before the kill is stored.
      const stored = await storedDoc(cluster, doc);
      editors.forEach((editor, index) =>
        expect(
          (stateOf(stored).get(editor.doc.clientID) ?? 0) >= ackedAtKill[index]!,
          `cycle ${cycle} editor ${index}`,
        ).toBe(true),
      );
      // A replacement process joins, as a supervisor would start one.
      const replacement = await cluster.add();
      balancer.setBackends(
        cluster.nodes
          .filter((node) => node.child.exitCode === null && node.child.signalCode === null)
          .map((n) => n.port),
      );
      expect(replacement.port).toBeGreaterThan(0);
    }
    expect(Math.max(...served), `served again after ${served.join(', ')} ms`).toBeLessThanOrEqual(3000);
    await waitFor(
      () =>
        editors.every((editor) =>
          Buffer.from(Y.encodeStateVector(editor.doc)).equals(Buffer.from(Y.encodeStateVector(editors[0]!.doc))),
        ),
      10_000,
      'the editors to converge',
    );
    await waitFor(
      async () => editors.every((editor) => ownClock(editor) >= Y.getState(editor.doc.store, editor.doc.clientID)),
      10_000,
      'every edit stored',
    );
    const stored = await storedDoc(cluster, doc);
    for (const editor of editors) expect(covers(stored, editor)).toBe(true);
  });

  it('CLUSTER2: a change a peer received but that was never acknowledged reaches storage when the peer reconnects to the next owner', async () => {
    const { cluster, balancer, doc } = await clusterBehindBalancer();
    const author = connect(balancer, doc, await pgToken(cluster, doc, 'participant'), { ack: true });
    const peer = connect(balancer, doc, await pgToken(cluster, doc, 'participant'), { ack: true });
    clients.push(author, peer);
    await Promise.all([synced(author), synced(peer)]);
    const stage = readJourney(author.doc).journey.stages[1]!.id;
    // Hold every write: the owner shares the change at once but cannot store it.
    const holder = new pg.Client({ connectionString: cluster.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE updates IN EXCLUSIVE MODE');
    const before = ownClock(author);
    setWords(author.doc, stage, 'Only the peer kept this', userOrigin('author'));
    await waitFor(
      () => readJourney(peer.doc).journey.stages.some((s) => s.words === 'Only the peer kept this'),
      5000,
      'the peer to receive it',
    );
    expect(ownClock(author)).toBe(before);
    // The author's device is gone for good; the owner dies with the change unstored.
    author.destroy();
    const owner = cluster.nodes.find(async (node) => node.port === (await ownerPort(cluster, doc)));
    const ownerNode = cluster.nodes.find((node) => node.port === owner?.port);
    for (const node of cluster.nodes)
      if (node.port === (await ownerPort(cluster, doc))) await stopServer(node, 'SIGKILL');
    expect(ownerNode).toBeDefined();
    await holder.query('ROLLBACK');
    await holder.end();
    await waitFor(
      async () =>
        readJourney(await storedDoc(cluster, doc)).journey.stages.some((s) => s.words === 'Only the peer kept this'),
      10_000,
      'the peer-held change to be stored',
    );
  });

  it('CLUSTER3: the owner SIGSTOPped: served elsewhere within LEASE_EXPIRE_S + 3 s; woken, its room closes with 4500 and its writes are refused', async () => {
    const LEASE_EXPIRE_S = 4;
    const { cluster, balancer, doc } = await clusterBehindBalancer({ LEASE_EXPIRE_S: String(LEASE_EXPIRE_S) });
    const [a, b] = cluster.nodes as [Node, Node];
    // The first client, straight to A, makes A the owner; it stays with A throughout.
    const stuck = connect(a, doc, await pgToken(cluster, doc, 'participant'), { ack: true });
    clients.push(stuck);
    await synced(stuck);
    expect(await ownerPort(cluster, doc)).toBe(a.port);
    const closes: number[] = [];
    stuck.provider.on('connection-close', (event) => void (event && closes.push(event.code)));
    // Relayed through B: when A stops answering, B closes them and they reconnect.
    const movers = [
      connect(b, doc, await pgToken(cluster, doc, 'participant'), { ack: true }),
      connect(b, doc, await pgToken(cluster, doc, 'participant'), { ack: true }),
    ];
    clients.push(...movers);
    await Promise.all(movers.map((client) => synced(client)));
    const stage = readJourney(stuck.doc).journey.stages[0]!.id;
    a.child.kill('SIGSTOP');
    const stoppedAt = Date.now();
    // Made while A is frozen: A will read it when it wakes, and must not store it.
    setWords(stuck.doc, stage, 'Typed while the owner was frozen', userOrigin('stuck'));
    const other = readJourney(stuck.doc).journey.stages[1]!.id;
    await servedAgain(movers[0]!, movers[1]!, other, 'Served by another process');
    const servedAfter = Date.now() - stoppedAt;
    // Someone arriving now, through the balancer, is served too.
    const newcomer = connect(balancer, doc, await pgToken(cluster, doc, 'participant'), { ack: true });
    clients.push(newcomer);
    await synced(newcomer);
    expect(servedAfter).toBeLessThanOrEqual((LEASE_EXPIRE_S + 3) * 1000);
    expect(await ownerPort(cluster, doc)).not.toBe(a.port);
    const [{ epoch }] = (await cluster.query<{ epoch: string }>('SELECT epoch FROM room_leases WHERE doc_id = $1', [
      doc,
    ])) as [{ epoch: string }];
    a.child.kill('SIGCONT');
    await waitFor(() => closes.includes(4500), 10_000, 'the woken owner to close its room with 4500');
    expect(a.output()).toMatch(/room leases lost/);
    // The frozen change reaches storage only through the new owner, once its author reconnects there.
    await waitFor(
      async () =>
        readJourney(await storedDoc(cluster, doc)).journey.stages.some(
          (s) => s.words === 'Typed while the owner was frozen',
        ),
      25_000,
      'the frozen change to be stored by the new owner',
    ).catch(async (error: unknown) => {
      const words = (d: Y.Doc) => readJourney(d).journey.stages[0]!.words;
      throw new Error(
        `${(error as Error).message}: stuck ${words(stuck.doc)} / mover ${words(movers[0]!.doc)} / stored ${words(await storedDoc(cluster, doc))} / stuck acked ${ownClock(stuck)} of ${Y.getState(stuck.doc.store, stuck.doc.clientID)} connected ${stuck.provider.wsconnected} synced ${stuck.provider.synced}`,
      );
    });
    const [{ now }] = (await cluster.query<{ now: string }>('SELECT epoch AS now FROM room_leases WHERE doc_id = $1', [
      doc,
    ])) as [{ now: string }];
    expect(Number(now)).toBeGreaterThanOrEqual(Number(epoch));
    await waitFor(
      () =>
        [stuck, ...movers].every((c) =>
          Buffer.from(Y.encodeStateVector(c.doc)).equals(Buffer.from(Y.encodeStateVector(movers[0]!.doc))),
        ),
      10_000,
      'everyone to converge',
    );
  });
});
