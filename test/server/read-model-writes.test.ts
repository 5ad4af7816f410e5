/**
 * STORE4: the read model is written when the document changed, not whenever a room closes: a
 * viewer coming and going (the most common visit) writes nothing.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it, beforeAll } from 'vitest';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { readJourney, setWords, userOrigin } from '../../src/doc/index.ts';
import { synced, useServer, waitFor, exampleId } from './harness.ts';

let ROOM = '';
const server = useServer();
beforeAll(() => {
  ROOM = exampleId(server.current, 'slf-isolated-family');
});

function readModelWrittenAt(): string {
  const db = new DatabaseSync(join(server.current.dataDir, DATABASE_FILE), { readOnly: true });
  try {
    return (db.prepare('SELECT updated_at FROM read_models WHERE doc_id = ?').get(ROOM) as { updated_at: string })
      .updated_at;
  } finally {
    db.close();
  }
}

/** Long enough for the room to close and anything it queued to be committed. */
const roomClosed = () => new Promise((resolve) => setTimeout(resolve, 1000));

describe('read model writes', () => {
  it('STORE4: a viewer joining and leaving writes nothing; a change is written once it settles', async () => {
    const before = readModelWrittenAt();
    for (let visit = 0; visit < 3; visit++) {
      const viewer = server.client(ROOM, 'viewer');
      await synced(viewer);
      viewer.destroy();
    }
    await roomClosed();
    expect(readModelWrittenAt()).toBe(before);

    const writer = server.client(ROOM, 'participant');
    await synced(writer);
    const stageId = readJourney(writer.doc).journey.stages[0]!.id;
    setWords(writer.doc, stageId, 'We got the keys on Friday.', userOrigin('writer'));
    await waitFor(() => readModelWrittenAt() !== before, 5000, 'the read model to be written');
    writer.destroy();
  });
});
