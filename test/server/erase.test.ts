/**
 * Erasure goes through the writer's one queue and leaves no copy behind: `secure_delete` on the
 * writer's connection overwrites the freed pages, and a truncating checkpoint empties the
 * write-ahead log, so a family's words are found neither in the database file nor in its log.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { storeJourney } from '../../server/journey-library.ts';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { smallJourney } from '../fixtures/small-journey.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Whether these bytes are anywhere in the database file or its write-ahead log. */
function onDisk(dir: string, needle: string): boolean {
  return [DATABASE_FILE, `${DATABASE_FILE}-wal`].some((name) => {
    const file = join(dir, name);
    return existsSync(file) && readFileSync(file).includes(Buffer.from(needle));
  });
}

describe('erasure', () => {
  it('STORE9: erase() removes the document, its log and its read model, and no copy of its words stays on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-erase-'));
    dirs.push(dir);
    const store = await openSqliteStore(dir);
    const journey = smallJourney();
    const words = 'Nobody at the school knew what was happening at home';
    await storeJourney(store, journey);
    // Later changes in the log, as a room appends them.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates((await store.loadLog(journey.id)).updates));
    let seq = (await store.loadLog(journey.id)).lastSeq;
    doc.on('update', (update: Uint8Array) => void store.appendUpdate(journey.id, (seq += 1), update));
    for (let n = 0; n < 5; n++) doc.getText('notes').insert(0, `${words} (${n}). `);
    await store.putReadModel(journey.id, JSON.stringify({ ...journey, title: words }));
    await store.drained();
    expect(onDisk(dir, words)).toBe(true);

    await store.erase(journey.id);
    expect(await store.has(journey.id)).toBe(false);
    expect((await store.loadLog(journey.id)).updates).toEqual([]);
    expect(await store.getReadModel(journey.id)).toBeUndefined();
    expect(onDisk(dir, words)).toBe(false);
    await store.close();
    expect(onDisk(dir, words)).toBe(false);
    doc.destroy();
  });
});
