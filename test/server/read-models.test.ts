/** The one reader of stored read models: by kind, validated, a row that does not validate left out. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listJourneys, storeJourney } from '../../server/journey-library.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { storedReadModels } from '../../server/storage/read-models.ts';
import { storeToc } from '../../server/toc-library.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { smallJourney } from '../fixtures/small-journey.ts';
import { smallToc } from '../fixtures/small-toc.ts';

let dir: string;
let store: DocumentStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tp-read-models-'));
  store = await openSqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('storedReadModels', () => {
  it('gives each kind its own documents, validated, and leaves out a row that does not validate', async () => {
    const journey = smallJourney();
    const toc = smallToc();
    expect(await storeJourney(store, journey)).toBe(true);
    expect(await storeJourney(store, { ...journey, id: 'broken' as typeof journey.id })).toBe(true);
    await store.putReadModel('broken', JSON.stringify({ ...journey, id: 'broken', stages: 'not a list' }));
    expect(await storeToc(store, toc)).toBe(true);

    // COSTS1: a journey's cost events are stored in its companion, not its shared document.
    expect((await storedReadModels(store, 'journey')).map(({ model }) => model)).toEqual([
      { ...journey, costEvents: [] },
    ]);
    expect((await storedReadModels(store, 'costs')).map(({ model }) => model.costEvents)).toContainEqual(
      journey.costEvents,
    );
    expect((await storedReadModels(store, 'toc')).map(({ model }) => model.id)).toEqual([toc.id]);
    expect((await listJourneys(store)).map((summary) => summary.id)).toEqual([journey.id]);
  });
});
