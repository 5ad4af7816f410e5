/**
 * A relayed connection gets exactly the access a direct one gets (server/SPEC.md CLUSTER4): the
 * same answers to each role's invite, a viewer read-only at the owner, a participant's changes
 * stored; and the owner's internal door takes only a pass signed with the shared secret, for
 * that document, in time (ten seconds), once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readJourney, setWords, userOrigin } from '../../../src/doc/index.ts';
import { RELAY_HEADER, signRelayPass } from '../../../server/cluster/relay-pass.ts';
import { connect, SECRET, synced, waitFor, type Client } from '../harness.ts';
import { upgradeAnswer, upgradeStatus } from '../visitors.ts';
import { exampleDoc, ownerPort, startCluster, storedDoc, type Node, type TestCluster } from './cluster-harness.ts';
import { pgToken } from './pg-records.ts';

let cluster: TestCluster | undefined;
const clients: Client[] = [];

afterAll(async () => {
  for (const client of clients) client.destroy();
  await cluster?.close();
});

const access = {
  canWrite: true,
  canControl: false,
  wantsAck: false,
  wantsControls: false,
  grant: 'g-test',
  actor: 'grant:g-test',
  expiresAt: Math.floor(Date.now() / 1000) + 3600,
};

/** The status the owner's internal door answers an upgrade with this header. */
function internalStatus(node: Node, docId: string, header?: string): Promise<number> {
  return upgradeAnswer(
    `ws://127.0.0.1:${node.port}/internal/collab/${docId}`,
    header === undefined ? {} : { [RELAY_HEADER]: header },
  );
}

describe('relayed connections', () => {
  it('CLUSTER4: every role gets the same answer directly from the owner and relayed through another process', async () => {
    cluster = await startCluster(2);
    const [a, b] = cluster.nodes as [Node, Node];
    const doc = await exampleDoc(cluster, 'slf-isolated-family');
    const opener = connect(a, doc, await pgToken(cluster, doc, 'facilitator'));
    clients.push(opener);
    await synced(opener);
    expect(await ownerPort(cluster, doc)).toBe(a.port);
    const other = await exampleDoc(cluster, 'family-action-single-mother');
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const token = await pgToken(cluster, doc, role);
      expect(await upgradeStatus(a, doc, { token }), `${role} direct`).toBe(101);
      expect(await upgradeStatus(b, doc, { token }), `${role} relayed`).toBe(101);
      // An invite for one document opens no other, relayed or not.
      expect(await upgradeStatus(b, other, { token }), `${role} relayed, other document`).toBe(403);
    }
    expect(await upgradeStatus(b, doc, { token: 'not-a-token' })).toBe(401);
    expect(await upgradeStatus(b, doc, {})).toBe(401);
  });

  it('CLUSTER4: a relayed viewer is read-only at the owner; a relayed participant changes the stored document', async () => {
    const [, b] = (cluster as TestCluster).nodes as [Node, Node];
    const doc = await exampleDoc(cluster as TestCluster, 'slf-isolated-family');
    const viewer = connect(b, doc, await pgToken(cluster as TestCluster, doc, 'viewer'));
    const participant = connect(b, doc, await pgToken(cluster as TestCluster, doc, 'participant'), { ack: true });
    clients.push(viewer, participant);
    await Promise.all([synced(viewer), synced(participant)]);
    const closes: number[] = [];
    viewer.provider.on('connection-close', (event) => void (event && closes.push(event.code)));
    const stages = readJourney(viewer.doc).journey.stages.map((stage) => stage.id);
    for (let attempt = 0; attempt < 4; attempt++)
      setWords(viewer.doc, stages[0]!, `A viewer tried ${attempt}`, userOrigin('viewer'));
    await waitFor(() => closes.includes(4403), 10_000, 'the relayed viewer to be closed as read-only (4403)');
    setWords(participant.doc, stages[1]!, 'A relayed participant wrote this', userOrigin('participant'));
    await waitFor(
      async () =>
        readJourney(await storedDoc(cluster as TestCluster, doc)).journey.stages.some(
          (stage) => stage.words === 'A relayed participant wrote this',
        ),
      10_000,
      'the relayed change to be stored',
    );
    const stored = readJourney(await storedDoc(cluster as TestCluster, doc)).journey;
    expect(stored.stages.some((stage) => stage.words.startsWith('A viewer tried'))).toBe(false);
  });

  it('CLUSTER4: the internal door refuses a missing, forged, foreign, tampered or reused pass', async () => {
    const [a] = (cluster as TestCluster).nodes as [Node, Node];
    const doc = await exampleDoc(cluster as TestCluster, 'slf-isolated-family');
    const secret = Buffer.from(SECRET);
    expect(await internalStatus(a, doc)).toBe(401);
    expect(await internalStatus(a, doc, 'garbage')).toBe(401);
    const forged = signRelayPass(
      Buffer.from('another-secret-that-is-long-enough-0123456789'),
      doc,
      access,
      'facilitator',
    );
    expect(await internalStatus(a, doc, forged)).toBe(401);
    const elsewhere = signRelayPass(secret, 'j_someotherdocument', access, 'facilitator');
    expect(await internalStatus(a, doc, elsewhere)).toBe(401);
    const [body, signature] = signRelayPass(secret, doc, access, 'viewer').split('.') as [string, string];
    const tampered = JSON.parse(Buffer.from(body, 'base64url').toString()) as { role: string };
    tampered.role = 'facilitator';
    expect(
      await internalStatus(a, doc, `${Buffer.from(JSON.stringify(tampered)).toString('base64url')}.${signature}`),
    ).toBe(401);
    const good = signRelayPass(secret, doc, access, 'participant');
    expect(await internalStatus(a, doc, good)).toBe(101);
    expect(await internalStatus(a, doc, good), 'the same pass again').toBe(401);
  });
});
