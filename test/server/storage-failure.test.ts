/**
 * STORE3: when an update cannot be stored it is not shared. Another SQLite connection holds the
 * database's write lock, so the server's append fails (SQLITE_BUSY after its busy timeout).
 * The room must close every connection (4500) without passing the change on; once storage is
 * back, the stock clients reconnect, the writer's replica re-sends the change, and it is stored
 * and shared like any other.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { editStage, readJourney, userOrigin } from '../../src/doc/index.ts';
import type { StageId } from '../../src/model/index.ts';
import { CLOSE_CODES } from '../../src/protocol/index.ts';
import { synced, useServer, waitFor, type Client } from './harness.ts';

const ROOM = 'family-action-single-mother';
const NEW_TITLE = 'Moving in with her sister';

const server = useServer();
const participant = () => server.client(ROOM, 'participant');

const titleOf = (client: Client, stageId: StageId) =>
  readJourney(client.doc).journey.stages.find((stage) => stage.id === stageId)?.title;

describe('storage failing under a live room', () => {
  it('STORE3: an unstored change is not shared; the room closes (4500); the change is stored once storage is back', async () => {
    const writer = participant();
    const bystander = participant();
    await Promise.all([synced(writer), synced(bystander)]);
    const closes = new Map<Client, number[]>([
      [writer, []],
      [bystander, []],
    ]);
    for (const [client, codes] of closes)
      client.provider.on('connection-close', (event) => codes.push(event?.code ?? -1));
    const stageId = readJourney(writer.doc).journey.stages[0]!.id;
    const before = titleOf(bystander, stageId);

    const locker = new DatabaseSync(join(server.current.dataDir, DATABASE_FILE));
    try {
      locker.exec('BEGIN IMMEDIATE');
      editStage(writer.doc, stageId, { title: NEW_TITLE }, userOrigin('writer'));
      // The server waits out its busy timeout (5 s), fails to store, and closes the room.
      await waitFor(
        () => closes.get(writer)!.includes(CLOSE_CODES.storageFailure),
        15_000,
        'the writer to be closed with 4500',
      );
      await waitFor(
        () => closes.get(bystander)!.includes(CLOSE_CODES.storageFailure),
        5000,
        'the bystander to be closed with 4500',
      );
      expect(titleOf(bystander, stageId)).toBe(before);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }

    // Storage is back: the clients reconnect by themselves and the change goes through.
    await waitFor(() => titleOf(bystander, stageId) === NEW_TITLE, 10_000, 'the change to reach the bystander');
    expect(server.current.output()).toContain('storing an update failed');
    expect(server.current.output()).not.toContain(NEW_TITLE);

    // And it was stored: a restarted server serves it.
    server.destroyClients();
    expect(await server.restart()).toBe(0);
    const reader = participant();
    await synced(reader);
    expect(titleOf(reader, stageId)).toBe(NEW_TITLE);
  }, 40_000);
});
