/** Drafting from storage: each journey is read from its update log once, for the check and the draft. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeEveryDocument } from '../../server/auth/projects.ts';
import { fileFamily, storeJourney } from '../../server/journey-library.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { draftAndStoreToc } from '../../server/toc-library.ts';
import { costsDocId } from '../../src/doc/index.ts';
import { exampleJourneys } from '../fixtures/example-journeys.ts';

let dir: string;
let store: DocumentStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tp-toc-library-'));
  store = await openSqliteStore(dir);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('draftAndStoreToc', () => {
  it('loads each journey once, and names the ones that are not stored', async () => {
    const journeys = exampleJourneys().slice(0, 3);
    const project = await placeEveryDocument(store.access);
    // Each in a family of its own, with the consent its file states (as the examples are loaded).
    for (const journey of journeys) {
      await storeJourney(store, journey);
      await fileFamily(store, journey, { projectId: project.id, by: 'examples' });
    }
    const loads: string[] = [];
    const counting: DocumentStore = {
      ...store,
      loadLog: (docId) => {
        loads.push(docId);
        return store.loadLog(docId);
      },
    };
    const ids = journeys.map((journey) => journey.id);
    const drafted = await draftAndStoreToc(counting, { title: 'Once each', journeyIds: ids, draftedOn: '2026-01-01' });
    expect(drafted.ok).toBe(true);
    // Each journey once, and its costs companion once (COSTS1).
    expect(loads.toSorted()).toEqual(ids.flatMap((id) => [id, costsDocId(id)]).toSorted());

    const missing = await draftAndStoreToc(store, {
      title: 'T',
      journeyIds: [ids[0]!, 'nobody'],
      draftedOn: '2026-01-01',
    });
    expect(missing).toMatchObject({ ok: false, field: 'journeyIds', reason: expect.stringContaining('"nobody"') });
  });
});
