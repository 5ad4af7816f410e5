/**
 * `turning-points` on the PostgreSQL database that server processes share (DATABASE_URL and
 * their SECRET): a token it issues opens the room at every process, as a token and as an invite
 * link; a staff member it disables is shut out at once everywhere, their live room connections,
 * one straight to the room's owner and one relayed through the other process, closed through a
 * `grant-ended` notice (the rooms' own checks are set a minute apart, so nothing else could close
 * them in time), and their pages answer 401 at both. Its messages name the database, never its
 * password, and it makes nothing in DATA_DIR.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAsStaff, synced, waitFor, type Client } from '../harness.ts';
import { CookieJar, openInvite, upgradeStatus } from '../visitors.ts';
import { clusterSignIn, exampleDoc, ownerPort, startCluster, type Node, type TestCluster } from './cluster-harness.ts';
import { cliOnDatabase, clusterCli, pgStaffAccount, unusedDataDir } from './pg-records.ts';

let cluster: TestCluster;
let a: Node;
let b: Node;
const clients: Client[] = [];

beforeAll(async () => {
  // REAUTHORISE_SECONDS at its longest: a room connection closed within seconds was closed by the notice.
  cluster = await startCluster(2, { REAUTHORISE_SECONDS: '60' });
  [a, b] = cluster.nodes as [Node, Node];
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.destroy();
  await cluster?.close();
});

/** What a page answers this cookie at this process. */
async function pageStatus(node: Node, path: string, cookie: string): Promise<number> {
  const response = await fetch(new URL(path, node.url), { headers: { cookie }, redirect: 'manual' });
  await response.body?.cancel();
  return response.status;
}

describe('turning-points with DATABASE_URL', () => {
  it('token: the token printed opens the room at both processes, by itself and as an invite link', async () => {
    const doc = await exampleDoc(cluster, 'slf-isolated-family');
    const printed = (await clusterCli(cluster, 'token', '--doc', doc, '--role', 'participant')).trim();
    expect(printed).toMatch(/^[^.\s]+\.[^.\s]+$/);
    for (const node of [a, b]) {
      expect(await upgradeStatus(node, doc, { token: printed }), `token at ${node.port}`).toBe(101);
      const opened = await openInvite(node, `/journeys/${doc}`, printed);
      expect(opened.status, `invite link at ${node.port}`).toBe(303);
      expect(await upgradeStatus(node, doc, { jar: opened.jar }), `invite's cookie at ${node.port}`).toBe(101);
    }
  });

  it('staff disable: their connections at both processes close with 4402 within seconds, and their pages answer 401 at both', async () => {
    const doc = await exampleDoc(cluster, 'family-action-single-mother');
    const account = await pgStaffAccount(cluster, 'facilitator');
    const cookie = await clusterSignIn(a, account);
    // One connection straight to the room's owner (A, the first to open it), one relayed through B.
    const direct = connectAsStaff(a, doc, cookie);
    clients.push(direct);
    await synced(direct);
    expect(await ownerPort(cluster, doc)).toBe(a.port);
    const relayed = connectAsStaff(b, doc, cookie);
    clients.push(relayed);
    await synced(relayed);
    const closed = [direct, relayed].map((client) => {
      const seen: { code?: number; at?: number } = {};
      client.provider.once('connection-close', (event: CloseEvent | null) =>
        Object.assign(seen, { code: event?.code ?? 0, at: Date.now() }),
      );
      return seen;
    });
    for (const node of [a, b]) expect(await pageStatus(node, `/journeys/${doc}`, cookie)).toBe(200);

    const started = Date.now();
    const out = await clusterCli(cluster, 'staff', 'disable', '--email', account.email);
    const exited = Date.now();
    expect(out).toContain(`disabled ${account.email}; 1 session ended`);
    await waitFor(() => closed.every((seen) => seen.code !== undefined), 3000, 'both connections to close');
    expect(closed.map((seen) => seen.code)).toEqual([4402, 4402]);
    for (const seen of closed) expect(seen.at! - started).toBeLessThan(exited - started + 3000);
    for (const node of [a, b]) {
      expect(await pageStatus(node, `/journeys/${doc}`, cookie), `page at ${node.port}`).toBe(401);
      expect(await upgradeStatus(node, doc, { jar: new CookieJar().add(cookie) }), `room at ${node.port}`).toBe(401);
    }
  });

  it('names the database without its password when it has nothing to say, and refuses to run without SECRET', async () => {
    const withPassword = new URL(cluster.databaseUrl);
    withPassword.password = 'never-printed';
    const missing = await cliOnDatabase(cluster, ['export', 'no-such-journey'], {
      DATABASE_URL: withPassword.toString(),
    });
    expect(missing.code).toBe(1);
    const named = new URL(cluster.databaseUrl);
    expect(missing.stderr).toContain(
      `no journey with id "no-such-journey" in the PostgreSQL database postgres://${named.username}@${named.host}${named.pathname}`,
    );
    expect(missing.stderr).not.toContain('never-printed');
    const unsigned = await cliOnDatabase(cluster, ['staff', 'list'], { SECRET: '' });
    expect(unsigned.code).toBe(2);
    expect(unsigned.stderr).toContain('SECRET');
    expect(existsSync(unusedDataDir(cluster))).toBe(false);
  });
});
