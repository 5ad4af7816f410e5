/**
 * COSTS5: a store from before cost events had a companion. The schema step keeps every document
 * and what refers to it, and the one-time move takes each journey's cost events out of its shared
 * document (its log compacted, so no amount is left in any row) into its companion.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { costsDocId, editCostEvent, fromJourney, MIGRATION_ORIGIN } from '../../src/doc/index.ts';
import { CostEventIdSchema, JourneySchema, type Journey } from '../../src/model/index.ts';
import { moveCostsOut } from '../../server/costs/move-costs-out.ts';
import { loadJourney } from '../../server/journey-library.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { smallJourney } from '../fixtures/small-journey.ts';
import { removeDir, tempDataDir } from './harness.ts';

let dataDir: string;
let store: DocumentStore;
const journey: Journey = JourneySchema.parse({
  ...smallJourney(),
  id: 'j_oldstorejourney0',
  costEvents: [
    ...smallJourney().costEvents,
    {
      id: 'c2',
      stageId: smallJourney().stages[0]!.id,
      type: 'police_callout',
      quantity: 2,
      period: 'before',
      agencyId: 'town-police',
      evidence: 'estimate',
      unitCost: {
        kind: 'override',
        amountGbp: 4321.5,
        priceYear: '2023/24',
        unit: 'each',
        source: 'Force annual report',
      },
      note: 'Neighbours rang twice in one night',
    },
  ],
});
const MARKERS = ['unitCost', 'amountGbp', 'Force annual report', 'Neighbours rang', 'Quieter now'];
const containing = (rows: Uint8Array[]) =>
  MARKERS.filter((marker) => rows.some((row) => Buffer.from(row).includes(Buffer.from(marker))));

/** What each schema step after the companion's made, newest first, a list of undoings per step: undone with it. */
const LATER_STEPS: readonly (readonly string[])[] = [
  ['DROP TABLE room_controls'],
  [
    'synthetic_families',
    'type_labels',
    'typing_assignments',
    'typing_runs',
    'cohort_families',
    'cohorts',
    'assessments',
    'issue_profiles',
    'research_sets',
  ]
    .map((table) => `DROP TABLE ${table}`)
    .concat('DROP INDEX IF EXISTS read_models_stamps'),
  ['DROP TABLE sensitive_items'],
  ['DROP TABLE take_home_choices'],
  ['DROP TABLE versions'],
];

/** Put the database back to how the schema was before the companion's step, as an older server left it. */
function asBeforeTheStep(dir: string): void {
  const db = new DatabaseSync(join(dir, DATABASE_FILE));
  try {
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    for (const step of LATER_STEPS) for (const undo of step) db.exec(undo);
    db.exec('DROP TABLE cost_visibility');
    db.exec(`PRAGMA user_version = ${version - 1 - LATER_STEPS.length}`);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDir = tempDataDir();
  const old = await openSqliteStore(dataDir);
  // As an older server stored it: the cost events in the shared document, and a later edit in a row of its own.
  const doc = fromJourney(journey);
  await old.create({
    docId: journey.id,
    kind: 'journey',
    update: Y.encodeStateAsUpdate(doc),
    readModel: JSON.stringify(journey),
  });
  const before = Y.encodeStateVector(doc);
  editCostEvent(doc, CostEventIdSchema.parse('c2'), { note: 'Quieter now' }, MIGRATION_ORIGIN);
  await old.appendUpdate(journey.id, 2, Y.encodeStateAsUpdate(doc, before));
  await old.families.markStepDone('costs-moved-out-v1');
  await old.close();
  asBeforeTheStep(dataDir);
  store = await openSqliteStore(dataDir);
});
afterAll(async () => {
  await store.close();
  removeDir(dataDir);
});

describe('moving cost events out of shared documents', () => {
  it('COSTS5: the schema step keeps every document and the rows that refer to it', async () => {
    expect((await store.loadLog(journey.id)).updates).toHaveLength(2);
    expect((await store.getReadModel(journey.id))?.kind).toBe('journey');
  });

  it('COSTS5: moves every cost event into the companion and leaves no amount or note in the shared log', async () => {
    // The step was marked done by the older store above only to hold it back; a store from before it never has the mark.
    const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
    db.prepare("DELETE FROM server_steps WHERE name = 'costs-moved-out-v1'").run();
    db.close();
    expect(containing((await store.loadLog(journey.id)).updates)).toEqual(MARKERS);

    expect(await moveCostsOut(store)).toBe(1);

    const shared = await store.loadLog(journey.id);
    expect(containing(shared.updates)).toEqual([]);
    const sharedDoc = new Y.Doc();
    Y.applyUpdate(sharedDoc, Y.mergeUpdates(shared.updates));
    expect(sharedDoc.getMap('costEvents').size).toBe(0);
    expect(sharedDoc.getMap('stages').size).toBe(journey.stages.length);
    const readModel = JSON.parse((await store.getReadModel(journey.id))!.json) as Journey;
    expect(readModel.costEvents).toEqual([]);

    const companion = await store.getReadModel(costsDocId(journey.id));
    expect(companion?.kind).toBe('costs');
    const loaded = await loadJourney(store, journey.id);
    expect(loaded?.journey.costEvents.map((event) => [event.id, event.note])).toEqual([
      ['c1', undefined],
      ['c2', 'Quieter now'],
    ]);
  });

  it('COSTS5: runs once: a second start moves nothing', async () => {
    expect(await moveCostsOut(store)).toBe(0);
  });
});
