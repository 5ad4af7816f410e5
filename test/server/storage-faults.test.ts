/**
 * Storage faults harm only what they touch (server/SPEC.md STORE1, STORE3, STORE8): a lock held by
 * another process, a full disk, a damaged page, a store that cannot be opened. Each runs against
 * the server as a real process, with stock y-websocket clients.
 */
import { openSync, readFileSync, readSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { openSqliteStore, DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { editStage, readJourney, setWords, userOrigin } from '../../src/doc/index.ts';
import type { StageId } from '../../src/model/index.ts';
import { CLOSE_CODES } from '../../src/protocol/index.ts';
import {
  connect,
  removeDir,
  startServer,
  stopServer,
  synced,
  tempDataDir,
  token,
  useServer,
  waitFor,
  type Client,
  type RunningServer,
  exampleId,
} from './harness.ts';

/** Example journeys, by file: each store holds them under ids of its own (`exampleId`). */
const ROOM = 'family-action-single-mother';
const OTHER_ROOM = 'slf-isolated-family';

const titleOf = (client: Client, stageId: StageId) =>
  readJourney(client.doc).journey.stages.find((stage) => stage.id === stageId)?.title;

/** Whether the server has acknowledged as stored everything this client wrote. */
const acknowledged = (client: Client) =>
  (client.stored.get(client.doc.clientID) ?? 0) >= Y.getState(client.doc.store, client.doc.clientID);

function closesOf(client: Client): number[] {
  const codes: number[] = [];
  client.provider.on('connection-close', (event) => codes.push(event?.code ?? -1));
  return codes;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

describe('a lock held by another process', () => {
  const server = useServer();

  it('STORE1 STORE3: freezes no one; the locked change is never acknowledged, its room closes (4500), and it is stored once the lock is gone', async () => {
    const writer = connect(
      server.current,
      exampleId(server.current, ROOM),
      token(server.current, exampleId(server.current, ROOM), 'participant'),
      { ack: true },
    );
    const bystander = server.client(exampleId(server.current, ROOM), 'participant');
    await Promise.all([synced(writer), synced(bystander)]);
    const writerCloses = closesOf(writer);
    const bystanderCloses = closesOf(bystander);
    const stageId = readJourney(writer.doc).journey.stages[0]!.id;

    // Recorded before the lock: the test's own writes would wait for it too.
    const elsewhereInvite = token(server.current, exampleId(server.current, OTHER_ROOM), 'viewer');
    const locker = new DatabaseSync(join(server.current.dataDir, DATABASE_FILE));
    try {
      locker.exec('PRAGMA busy_timeout = 5000'); // the server may be mid-write: wait for it
      locker.exec('BEGIN IMMEDIATE');
      editStage(writer.doc, stageId, { title: 'Moving in with her sister' }, userOrigin('writer'));
      // Shared at once (STORE1), but not stored: no acknowledgement covers it.
      await waitFor(() => titleOf(bystander, stageId) === 'Moving in with her sister', 2000, 'the bystander to see it');

      // Nobody else waits for the lock: another room opens and syncs, and pages answer, quickly.
      const elsewhere = connect(server.current, exampleId(server.current, OTHER_ROOM), elsewhereInvite);
      const syncMs = await timed(() => synced(elsewhere));
      const pageMs = await timed(async () => expect((await fetch(server.current.url)).status).toBe(200));
      elsewhere.destroy();
      expect(syncMs, 'another room syncing while the lock is held (ms)').toBeLessThan(1500);
      expect(pageMs, 'the home page answering while the lock is held (ms)').toBeLessThan(1500);
      expect(acknowledged(writer)).toBe(false);

      // The writer thread waits out its busy timeout (5 s), the group fails, the room closes.
      await waitFor(
        () => writerCloses.includes(CLOSE_CODES.storageFailure),
        15_000,
        'the writer to be closed with 4500',
      );
      await waitFor(() => bystanderCloses.includes(CLOSE_CODES.storageFailure), 5000, 'the bystander to be closed');
      expect(acknowledged(writer)).toBe(false);
    } finally {
      if (locker.isTransaction) locker.exec('ROLLBACK');
      locker.close();
    }

    // The lock is gone: the clients reconnect by themselves, the writer sends the change again,
    // and this time it is stored and acknowledged.
    await waitFor(() => acknowledged(writer), 15_000, 'the change to be acknowledged once the lock is gone');
    expect(server.current.output()).toContain('storing an update failed');
    expect(server.current.output()).not.toContain('Moving in with her sister');
    writer.destroy();
    server.destroyClients();
    expect(await server.restart()).toBe(0);
    const reader = server.client(exampleId(server.current, ROOM), 'viewer');
    await synced(reader);
    expect(titleOf(reader, stageId)).toBe('Moving in with her sister');
  }, 60_000);
});

describe('faults under a running server', () => {
  const dirs: string[] = [];
  const running: RunningServer[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of running.splice(0)) await stopServer(server);
    for (const dir of dirs.splice(0)) removeDir(dir);
  });
  const seededDataDir = async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    // A first start seeds the examples; a clean stop folds the write-ahead log into the file.
    expect(await stopServer(await startServer(dir))).toBe(0);
    return dir;
  };
  const start = async (dir: string, options = {}) => {
    const server = await startServer(dir, {}, options);
    running.push(server);
    return server;
  };
  const client = (server: RunningServer, room: string, role: 'participant' | 'viewer', ack = false) => {
    const opened = connect(server, room, token(server, room, role), { ack });
    clients.push(opened);
    return opened;
  };

  it('STORE3: a full disk closes the room that writes (4500); the server stays up, pages and other rooms are served, and nothing acknowledged is lost', async () => {
    const dir = await seededDataDir();
    // The write-ahead log may grow to 160 KiB, then the kernel refuses the write as a full disk would.
    const server = await start(dir, { fileSizeLimitKiB: 160 });
    const writer = client(server, exampleId(server, ROOM), 'participant', true);
    await synced(writer);
    const closes = closesOf(writer);
    const stageIds = readJourney(writer.doc).journey.stages.map((stage) => stage.id);
    let acked = 0;
    for (let n = 0; n < 400 && !closes.includes(CLOSE_CODES.storageFailure); n++) {
      setWords(writer.doc, stageIds[n % stageIds.length]!, `Edit ${n} ${'x'.repeat(400)}`, userOrigin('w'));
      await new Promise((resolve) => setTimeout(resolve, 15));
      acked = Math.max(acked, writer.stored.get(writer.doc.clientID) ?? 0);
    }
    expect(closes).toContain(CLOSE_CODES.storageFailure);
    expect(acked, 'some edits were stored before the disk filled').toBeGreaterThan(0);

    // The process is still there, pages answer and a room that only reads opens.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(server.url)).status).toBe(200);
    const reader = client(server, exampleId(server, OTHER_ROOM), 'viewer');
    await synced(reader);
    const output = server.output();
    expect(output).toContain('storing an update failed');
    expect(output).toMatch(/full|I\/O/i);
    expect(output).not.toContain('cannot rollback');

    // Restarted with room to write, every acknowledged edit is there.
    writer.destroy();
    reader.destroy();
    expect(await stopServer(server)).toBe(0);
    const roomy = await start(dir);
    const check = client(roomy, exampleId(roomy, ROOM), 'viewer');
    await synced(check);
    expect(Y.decodeStateVector(Y.encodeStateVector(check.doc)).get(writer.doc.clientID) ?? 0).toBeGreaterThanOrEqual(
      acked,
    );
  }, 60_000);

  it('STORE1: a change shared but never stored (the server killed mid-group) is sent again by the peer that received it, and stored', async () => {
    const dir = await seededDataDir();
    const first = await start(dir);
    const writer = client(first, exampleId(first, ROOM), 'participant', true);
    const peer = client(first, exampleId(first, ROOM), 'participant');
    await Promise.all([synced(writer), synced(peer)]);
    const stageId = readJourney(writer.doc).journey.stages[1]!.id;

    // The writer thread cannot commit while another process holds the lock: the change is
    // shared with the peer, and the server is killed with it queued.
    const locker = new DatabaseSync(join(dir, DATABASE_FILE));
    // The server may be writing (an audit row for a connection) at this very moment: wait for it.
    locker.exec('PRAGMA busy_timeout = 5000');
    locker.exec('BEGIN IMMEDIATE');
    try {
      editStage(writer.doc, stageId, { title: 'Back at school three days a week' }, userOrigin('writer'));
      await waitFor(() => titleOf(peer, stageId) === 'Back at school three days a week', 2000, 'the peer to see it');
      expect(acknowledged(writer)).toBe(false);
      expect(await stopServer(first, 'SIGKILL')).toBeNull();
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    // Its author is gone for good: only the peer holds the change now.
    writer.destroy();
    peer.provider.destroy();

    const second = await start(dir);
    const before = client(second, exampleId(second, ROOM), 'viewer');
    await synced(before);
    expect(titleOf(before, stageId), 'the restarted server lost the unacknowledged change').not.toBe(
      'Back at school three days a week',
    );
    // The peer comes back with its replica (a stock provider over the same document)...
    const back = connect(second, exampleId(second, ROOM), token(second, exampleId(second, ROOM), 'participant'), {
      doc: peer.doc,
    });
    clients.push(back);
    await synced(back);
    // ...and the server now has it, stored: a fresh client after another restart sees it.
    await waitFor(
      () => titleOf(before, stageId) === 'Back at school three days a week',
      5000,
      'the change to come back',
    );
    back.provider.destroy();
    before.destroy();
    expect(await stopServer(second)).toBe(0);
    const third = await start(dir);
    const after = client(third, exampleId(third, ROOM), 'viewer');
    await synced(after);
    expect(titleOf(after, stageId)).toBe('Back at school three days a week');
  }, 60_000);

  it('STORE3: a damaged page refuses that document alone (503); every other document is served and the server stays up', async () => {
    const dir = await seededDataDir();
    // A long run of one letter in the room's log spills onto pages of its own (overflow pages)...
    const store = await openSqliteStore(dir);
    const { lastSeq } = await store.loadLog(exampleId({ dataDir: dir }, ROOM));
    const marker = new Y.Doc();
    marker.getText('marker').insert(0, 'Q'.repeat(40_000));
    await store.appendUpdate(exampleId({ dataDir: dir }, ROOM), lastSeq + 1, Y.encodeStateAsUpdate(marker));
    await store.close();
    // ...which are then damaged, as a failing disk would: their link to the next page is garbage.
    const file = join(dir, DATABASE_FILE);
    const pageSize = 4096;
    const fd = openSync(file, 'r+');
    let damaged = 0;
    for (let page = 0; page * pageSize < statSync(file).size; page++) {
      const bytes = Buffer.alloc(pageSize);
      readSync(fd, bytes, 0, pageSize, page * pageSize);
      if (bytes.subarray(4, 1004).every((byte) => byte === 0x51)) {
        writeSync(fd, Buffer.from([0xff, 0xff, 0xff, 0xff]), 0, 4, page * pageSize);
        damaged += 1;
      }
    }
    closeSync(fd);
    expect(damaged).toBeGreaterThan(0);

    const server = await start(dir);
    const status = await upgradeStatus(server, exampleId(server, ROOM));
    expect(status).toBe(503);
    expect(await upgradeStatus(server, exampleId(server, ROOM))).toBe(503);
    const other = client(server, exampleId(server, OTHER_ROOM), 'participant');
    await synced(other);
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(server.url)).status).toBe(200);
    expect(server.output()).toContain('could not be read');
  }, 60_000);
});

/** The HTTP status a room upgrade is answered with (101 when it is accepted). */
function upgradeStatus(server: RunningServer, room: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${server.wsUrl}/${room}?token=${token(server, room, 'participant')}`);
    socket.on('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => reject(error));
  });
}

describe('a store that cannot be opened', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) removeDir(dir);
  });
  const refusedStart = async (dataDir: string) => {
    try {
      const server = await startServer(dataDir);
      await stopServer(server);
      throw new Error('the server started');
    } catch (error) {
      return (error as Error).message;
    }
  };

  it('STORE8: an empty database file stops the start with its path, and is not seeded as if new', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    writeFileSync(join(dir, DATABASE_FILE), '');
    const message = await refusedStart(dir);
    expect(message).toContain('exited with 1');
    expect(message).toContain(`the database ${join(dir, DATABASE_FILE)} is empty (0 bytes)`);
    expect(message).not.toMatch(/^\s+at /m);
    expect(statSync(join(dir, DATABASE_FILE)).size).toBe(0);
  });

  it('STORE8: a file that is not a database stops the start with its path and what to do', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    writeFileSync(join(dir, DATABASE_FILE), 'These are not the pages of a database.\n'.repeat(200));
    const message = await refusedStart(dir);
    expect(message).toContain(`the database ${join(dir, DATABASE_FILE)} cannot be opened`);
    expect(message).toContain('Restore it from a backup');
    expect(message).not.toMatch(/^\s+at /m);
    expect(readFileSync(join(dir, DATABASE_FILE), 'utf8')).toMatch(/^These are not/);
  });

  it('STORE8: a data folder that cannot be created or written stops the start with its path', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'a-file'), '');
    const uncreatable = join(dir, 'a-file', 'data');
    expect(await refusedStart(uncreatable)).toContain(`cannot create the data folder ${uncreatable}`);
    // A folder that exists but takes no files (sysfs refuses even root).
    const unwritable = '/sys/fs';
    expect(await refusedStart(unwritable)).toContain(`the data folder ${unwritable} cannot be written to`);
  });
});
