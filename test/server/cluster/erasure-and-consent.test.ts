/**
 * Erasure and consent decided on one process take effect on every process (server/SPEC.md
 * CLUSTER5): a family erased through process B while its journey's room is open and owned by
 * process A is taken from A's room (everyone told 4410), from A's pages and from every later
 * connection, wherever it arrives; a consent withdrawal recorded at B is what A's pages show.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connect, synced, waitFor, type Client } from '../harness.ts';
import {
  clusterSignIn,
  exampleDoc,
  familyOfJourney,
  ownerPort,
  startCluster,
  type Node,
  type TestCluster,
} from './cluster-harness.ts';
import { pgStaffAccount, pgToken } from './pg-records.ts';

let cluster: TestCluster | undefined;
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await cluster?.close();
});

const form = (node: Node, path: string, cookie: string, fields: Record<string, string>) =>
  fetch(new URL(path, node.url), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields).toString(),
    headers: { cookie, origin: new URL(node.url).origin, 'content-type': 'application/x-www-form-urlencoded' },
  });
const page = (node: Node, path: string, cookie: string) =>
  fetch(new URL(path, node.url), { redirect: 'manual', headers: { cookie } });

describe('decisions across processes', () => {
  it('CLUSTER5: consent withdrawn at one process is what every process shows', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [Node, Node];
    const journey = await exampleDoc(cluster, 'family-action-single-mother');
    const family = await familyOfJourney(cluster, journey);
    const account = await pgStaffAccount(cluster, 'facilitator');
    const [atA, atB] = [await clusterSignIn(a, account), await clusterSignIn(b, account)];
    const recorded = await form(b, `/families/${family}`, atB, {
      form: 'consent',
      scope: 'analysis',
      decision: 'withdrawn',
      givenBy: 'The mother',
      method: 'verbal-in-person',
      decidedOn: new Date().toISOString().slice(0, 10),
      reviewOn: '',
    });
    expect(recorded.status).toBe(303);
    const shown = await (await page(a, `/families/${family}`, atA)).text();
    expect(shown).toMatch(/Analysis[\s\S]{0,400}Withdrawn/);
  });

  it('CLUSTER5: a family erased at process B leaves the room process A owns, A’s pages and every later connection', async () => {
    const [a, b] = (cluster as TestCluster).nodes as [Node, Node];
    const journey = await exampleDoc(cluster as TestCluster, 'slf-isolated-family');
    const family = await familyOfJourney(cluster as TestCluster, journey);
    const token = await pgToken(cluster as TestCluster, journey, 'participant');
    const writer = connect(a, journey, token);
    clients.push(writer);
    await synced(writer);
    expect(await ownerPort(cluster as TestCluster, journey)).toBe(a.port);
    const closes: number[] = [];
    writer.provider.on('connection-close', (event) => void (event && closes.push(event.code)));
    const account = await pgStaffAccount(cluster as TestCluster, 'facilitator');
    const [atA, atB] = [await clusterSignIn(a, account), await clusterSignIn(b, account)];
    // The erase page at B counts the person connected at A (as of A's last lease renewal, every 2 s).
    await waitFor(
      async () =>
        /1 person has their journeys open now/.test(await (await page(b, `/families/${family}/erase`, atB)).text()),
      5000,
      'the erase page at B to count the person at A',
    );
    const erased = await form(b, `/families/${family}/erase`, atB, { asked: 'yes' });
    expect(erased.status).toBe(303);
    await waitFor(() => closes.includes(4410), 10_000, 'the writer at A to be told the journey was erased');
    expect((await page(a, `/journeys/${journey}`, atA)).status).toBe(410);
    expect((await page(a, `/families/${family}`, atA)).status).toBe(404);
    // A device coming back with its copy is told to wipe it (ERASE2), whichever process it reaches.
    for (const node of [a, b]) {
      const device = connect(node, journey, 'old.link');
      clients.push(device);
      const codes: number[] = [];
      device.provider.on('connection-close', (event) => void (event && codes.push(event.code)));
      await waitFor(() => codes.includes(4410), 5000, `process ${node.port} to tell a returning device 4410`);
    }
    const rows = await (cluster as TestCluster).query('SELECT 1 FROM documents WHERE id = $1', [journey]);
    expect(rows).toEqual([]);
  });
});
