/**
 * The storage contract, documents: each engine keeps a document's log of Yjs updates in order,
 * compacts it without changing its state, fails an append over a stored row and the writes queued
 * behind it for that document only, keeps read models and reference tables, erases a document
 * with everything derived from it and tells its listeners, and groups, drains and closes its writes.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ErasedRecords } from '../../../server/storage/document-store.ts';
import {
  AT,
  ENGINES,
  nextMillisecond,
  stateOf,
  storeDocument,
  storeFamily,
  storeProject,
  unique,
  useStore,
  yUpdate,
} from './engines.ts';

describe.each(ENGINES)('documents on $name', (engine) => {
  const opened = useStore(engine);

  /** A document made from a live Y.Doc, with `edits` more updates appended as a room appends them. */
  async function withEdits(edits: number) {
    const store = opened.store;
    const docId = unique('doc');
    const doc = new Y.Doc();
    const text = doc.getText('notes');
    text.insert(0, 'Start. ');
    expect(await store.create({ docId, kind: 'journey', update: Y.encodeStateAsUpdate(doc), readModel: '{}' })).toBe(
      true,
    );
    const appended: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => appended.push(update));
    for (let n = 0; n < edits; n++) text.insert(text.length, `Edit ${n}. `);
    // Asked for together, as a busy room does: committed in the order asked.
    await Promise.all(appended.map((update, index) => store.appendUpdate(docId, index + 2, update)));
    return { docId, doc, appended };
  }

  it('creates a document once: its first state, its read model, and false for an id already taken', async () => {
    const store = opened.store;
    const docId = unique('doc');
    const first = yUpdate('The first time I said it out loud.');
    expect(await store.has(docId)).toBe(false);
    expect(await store.create({ docId, kind: 'journey', update: first, readModel: '{"v":1}' })).toBe(true);
    expect(await store.has(docId)).toBe(true);
    expect(await store.create({ docId, kind: 'toc', update: yUpdate('another'), readModel: '{"v":2}' })).toBe(false);
    const log = await store.loadLog(docId);
    expect(log.lastSeq).toBe(1);
    expect(log.updates.map((u) => Array.from(u))).toEqual([Array.from(first)]);
    expect(log.updates[0]).toBeInstanceOf(Uint8Array);
    expect(await store.countUpdates(docId)).toBe(1);
    expect(await store.getReadModel(docId)).toMatchObject({ docId, kind: 'journey', json: '{"v":1}' });
  });

  it('knows nothing of a document it does not hold', async () => {
    const store = opened.store;
    expect(await store.has('no-such-document')).toBe(false);
    expect(await store.loadLog('no-such-document')).toEqual({ updates: [], lastSeq: 0 });
    expect(await store.countUpdates('no-such-document')).toBe(0);
    expect(await store.getReadModel('no-such-document')).toBeUndefined();
  });

  it('appends updates in the order asked, and the log replays to the same state', async () => {
    const store = opened.store;
    const { docId, doc, appended } = await withEdits(6);
    const log = await store.loadLog(docId);
    expect(log.lastSeq).toBe(7);
    expect(log.updates).toHaveLength(7);
    expect(log.updates.slice(1).map((u) => Array.from(u))).toEqual(appended.map((u) => Array.from(u)));
    expect(await store.countUpdates(docId)).toBe(7);
    expect(stateOf(log.updates)).toEqual(stateOf([Y.encodeStateAsUpdate(doc)]));
    expect(stateOf(log.updates).text).toBe('Start. Edit 0. Edit 1. Edit 2. Edit 3. Edit 4. Edit 5. ');
    doc.destroy();
  });

  it('replaces a document whole: one update and a new read model; a new id is created', async () => {
    const store = opened.store;
    const { docId, doc } = await withEdits(3);
    const imported = yUpdate('Imported over it.');
    await store.replace({ docId, kind: 'journey', update: imported, readModel: '{"imported":true}' });
    const log = await store.loadLog(docId);
    expect(log).toEqual({ updates: [imported], lastSeq: 1 });
    expect(await store.countUpdates(docId)).toBe(1);
    expect((await store.getReadModel(docId))?.json).toBe('{"imported":true}');
    expect(stateOf(log.updates).text).toBe('Imported over it.');

    const newId = unique('doc');
    await store.replace({ docId: newId, kind: 'toc', update: imported, readModel: '{"new":true}' });
    expect(await store.has(newId)).toBe(true);
    expect(await store.getReadModel(newId)).toMatchObject({ docId: newId, kind: 'toc', json: '{"new":true}' });
    expect((await store.loadLog(newId)).lastSeq).toBe(1);
    doc.destroy();
  });

  it('compacts the rows up to a sequence number into one: the same state on loading, later rows kept, appends go on', async () => {
    const store = opened.store;
    const { docId, doc } = await withEdits(5);
    const before = await store.loadLog(docId);
    expect(before.lastSeq).toBe(6);
    await store.compact(docId, Y.mergeUpdates(before.updates.slice(0, 4)), 4);
    expect(await store.countUpdates(docId)).toBe(3);
    const after = await store.loadLog(docId);
    expect(after.lastSeq).toBe(6);
    expect(after.updates.slice(1).map((u) => Array.from(u))).toEqual(before.updates.slice(4).map((u) => Array.from(u)));
    expect(stateOf(after.updates)).toEqual(stateOf(before.updates));

    // The whole log compacted, as a room does when it closes.
    await store.compact(docId, Y.encodeStateAsUpdate(doc), 6);
    expect(await store.countUpdates(docId)).toBe(1);
    expect((await store.loadLog(docId)).lastSeq).toBe(6);
    expect(stateOf((await store.loadLog(docId)).updates)).toEqual(stateOf(before.updates));

    const next: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => next.push(update));
    doc.getText('notes').insert(0, 'After compaction. ');
    await store.appendUpdate(docId, 7, next[0]!);
    const last = await store.loadLog(docId);
    expect(last.lastSeq).toBe(7);
    expect(stateOf(last.updates)).toEqual(stateOf([Y.encodeStateAsUpdate(doc)]));
    doc.destroy();
  });

  it('fails an append over a stored row, and the writes queued behind it for that document only', async () => {
    const store = opened.store;
    const docA = await storeDocument(store);
    const docB = await storeDocument(store);
    const failing = store.appendUpdate(docA, 1, yUpdate('a second first update'));
    // Let the group holding it go to the engine: what is asked for now waits behind it.
    await new Promise((resolve) => setImmediate(resolve));
    const behindA = store.appendUpdate(docA, 2, yUpdate('built on the failed one'));
    const readModelA = store.putReadModel(docA, '{"behind":true}');
    const behindB = store.appendUpdate(docB, 2, yUpdate('another document'));
    const [failed, a, model, b] = await Promise.allSettled([failing, behindA, readModelA, behindB]);
    expect(failed.status).toBe('rejected');
    expect(a.status).toBe('rejected');
    expect(model.status).toBe('rejected');
    expect(b.status).toBe('fulfilled');
    expect((await store.loadLog(docA)).lastSeq).toBe(1);
    expect(await store.countUpdates(docA)).toBe(1);
    expect((await store.getReadModel(docA))?.json).toBe(JSON.stringify({ id: docA }));
    expect((await store.loadLog(docB)).lastSeq).toBe(2);
    // Only what was queued then: the document takes writes again.
    await store.appendUpdate(docA, 2, yUpdate('asked again'));
    expect((await store.loadLog(docA)).lastSeq).toBe(2);
  });

  it('an append failing in a group fails alone: the other writes of the group are kept', async () => {
    const store = opened.store;
    const docA = await storeDocument(store);
    const docB = await storeDocument(store);
    const results = await Promise.allSettled([
      store.appendUpdate(docB, 2, yUpdate('b2')),
      store.appendUpdate(docA, 1, yUpdate('a1 again')),
      store.appendUpdate(docB, 3, yUpdate('b3')),
      store.putReadModel(docB, '{"b":3}'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await store.loadLog(docB)).lastSeq).toBe(3);
    expect((await store.getReadModel(docB))?.json).toBe('{"b":3}');
    expect((await store.loadLog(docA)).lastSeq).toBe(1);
  });

  it('two appends of the same row in one group: the first is stored, the second fails', async () => {
    const store = opened.store;
    const docId = await storeDocument(store);
    const [first, second] = await Promise.allSettled([
      store.appendUpdate(docId, 2, yUpdate('the first to number itself 2')),
      store.appendUpdate(docId, 2, yUpdate('the second to number itself 2')),
    ]);
    expect(first.status).toBe('fulfilled');
    // Told it was stored, a room would drop it: it must be told it was not.
    expect(second.status).toBe('rejected');
    const log = await store.loadLog(docId);
    expect(log.lastSeq).toBe(2);
    expect(stateOf(log.updates.slice(1)).text).toBe('the first to number itself 2');
  });

  it('an append to a document that is not stored (erased meanwhile) fails alone: its group’s other writes are kept', async () => {
    const store = opened.store;
    const erased = await storeDocument(store);
    const other = await storeDocument(store);
    await store.erase(erased);
    const results = await Promise.allSettled([
      store.appendUpdate(other, 2, yUpdate('kept before it')),
      store.appendUpdate(erased, 2, yUpdate('too late')),
      store.appendUpdate(other, 3, yUpdate('kept after it')),
      store.putReadModel(other, '{"kept":true}'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((await store.loadLog(other)).lastSeq).toBe(3);
    expect((await store.getReadModel(other))?.json).toBe('{"kept":true}');
    expect(await store.has(erased)).toBe(false);
    expect(await store.loadLog(erased)).toEqual({ updates: [], lastSeq: 0 });
    // And the document's later writes are not held back by it.
    await store.appendUpdate(other, 4, yUpdate('later'));
    expect((await store.loadLog(other)).lastSeq).toBe(4);
  });

  it('keeps read models: written over with a later stamp, listed by kind in id order, none for an unknown document', async () => {
    const store = opened.store;
    const tag = unique('rm');
    // Ids in byte order: capitals before small letters.
    const ids = [`${tag}_B`, `${tag}_a`, `${tag}_C`];
    for (const id of ids) await storeDocument(store, 'toc', id);
    const journey = await storeDocument(store, 'journey', `${tag}_journey`);
    const costs = await storeDocument(store, 'costs', `${tag}_costs`);
    const first = (await store.getReadModel(ids[0]!))!;
    expect(first).toEqual({
      docId: ids[0],
      kind: 'toc',
      json: JSON.stringify({ id: ids[0] }),
      updatedAt: first.updatedAt,
    });
    expect(Number.isNaN(Date.parse(first.updatedAt))).toBe(false);

    await nextMillisecond();
    await store.putReadModel(ids[0]!, '{"changed":true}');
    const changed = (await store.getReadModel(ids[0]!))!;
    expect(changed.json).toBe('{"changed":true}');
    expect(changed.updatedAt > first.updatedAt).toBe(true);

    const mine = (rows: { docId: string }[]) => rows.filter((row) => row.docId.startsWith(tag)).map((r) => r.docId);
    expect(mine(await store.listReadModels('toc'))).toEqual([`${tag}_B`, `${tag}_C`, `${tag}_a`]);
    expect(mine(await store.listReadModels('journey'))).toEqual([journey]);
    expect(mine(await store.listReadModels('costs'))).toEqual([costs]);
    const listed = (await store.listReadModels('toc')).find((row) => row.docId === ids[0]);
    expect(listed).toEqual(changed);

    // A read model for a document that is not stored (erased meanwhile) is not kept, and fails nothing.
    await store.putReadModel(`${tag}_nobody`, '{}');
    expect(await store.getReadModel(`${tag}_nobody`)).toBeUndefined();
    expect(await store.has(`${tag}_nobody`)).toBe(false);
  });

  it("keeps a document's controls, the last put replacing the one before; none for a document not stored", async () => {
    const store = opened.store;
    const docId = await storeDocument(store);
    const other = await storeDocument(store);
    expect(await store.getControls(docId)).toBeUndefined();
    // Asked for together, as commands come: the last asked is what is kept.
    await Promise.all([store.putControls(docId, '{"lock":1}'), store.putControls(docId, '{"lock":2}')]);
    await store.putControls(other, '{"other":true}');
    expect(await store.getControls(docId)).toBe('{"lock":2}');
    expect(await store.getControls(other)).toBe('{"other":true}');
    // For a document erased meanwhile, nothing is kept, and nothing fails.
    await store.putControls(`${docId}_nobody`, '{}');
    expect(await store.getControls(`${docId}_nobody`)).toBeUndefined();
  });

  it('tells when each read model was last written, for many documents at once, none for one without', async () => {
    const store = opened.store;
    const a = await storeDocument(store);
    const b = await storeDocument(store);
    // More ids than SQLite takes in one statement: the known ones at the end.
    const unknown = Array.from({ length: 600 }, (_, i) => `${a}_unknown_${i}`);
    const stamps = await store.readModelStamps([...unknown, a, b]);
    expect([...stamps.keys()].sort()).toEqual([a, b].sort());
    expect(stamps.get(a)).toBe((await store.getReadModel(a))!.updatedAt);
    expect(await store.readModelStamps([])).toEqual(new Map());

    await nextMillisecond();
    await store.putReadModel(a, '{"later":true}');
    const later = await store.readModelStamps([a, b]);
    expect(later.get(a)).not.toBe(stamps.get(a));
    expect(later.get(a)).toBe((await store.getReadModel(a))!.updatedAt);
    expect(later.get(b)).toBe(stamps.get(b));
  });

  it('keeps reference tables, one per kind and id, in the order they were imported', async () => {
    const store = opened.store;
    const tag = unique('ref');
    const table = (kind: 'unit-costs' | 'deflator', id: string, importedAt: string, label = `Label of ${id}`) => ({
      kind,
      id: `${tag}-${id}`,
      label,
      csv: `code,cost\n${id},1.5\n`,
      importedAt,
    });
    await store.putReferenceTable(table('unit-costs', 'gmca', '2026-01-02T00:00:00.000Z'));
    await store.putReferenceTable(table('deflator', 'gmca', '2026-01-01T00:00:00.000Z'));
    await store.putReferenceTable(table('unit-costs', 'pssru', '2026-01-03T00:00:00.000Z'));
    // The same kind and id again replaces it.
    await store.putReferenceTable(table('unit-costs', 'gmca', '2026-01-04T00:00:00.000Z', 'GMCA, revised'));
    const mine = (await store.listReferenceTables()).filter((t) => t.id.startsWith(tag));
    expect(mine).toEqual([
      table('deflator', 'gmca', '2026-01-01T00:00:00.000Z'),
      table('unit-costs', 'pssru', '2026-01-03T00:00:00.000Z'),
      table('unit-costs', 'gmca', '2026-01-04T00:00:00.000Z', 'GMCA, revised'),
    ]);
  });

  it('erases a document with its log, read model and every record derived from it, and tells its listeners', async () => {
    const store = opened.store;
    const project = await storeProject(store);
    const family = await storeFamily(store, project);
    const { docId, doc } = await withEdits(3);
    const toc = await storeDocument(store, 'toc');
    const other = await storeDocument(store);
    await store.access.placeDocument(docId, project);
    await store.families.attachDocument(docId, family);
    await store.families.setCohort(toc, [docId, other]);
    const movedKey = unique('key');
    await store.families.putMoved({
      oldKey: movedKey,
      newId: docId,
      recordKeys: {},
      baseUpdate: yUpdate('base'),
      oldStateVector: new Uint8Array([0]),
      keptUntil: '2999-01-01T00:00:00.000Z',
    });
    await store.journeys.archive(docId, 'staff:st_1');
    await store.journeys.showCostsToParticipants(docId, 'staff:st_1');
    await store.journeys.offerTakeHome(docId, 'staff:st_1');
    await store.journeys.markSensitive(docId, { id: 'stage-1', kind: 'words', markedBy: 'staff:st_1' });
    await store.putControls(docId, '{"lock":"stage-1"}');
    await store.versions.add({
      id: unique('ve'),
      docId,
      name: 'after session 1',
      kind: 'named',
      madeAt: AT,
      madeBy: 'staff:st_1',
      bytes: 3,
      state: new Uint8Array([1, 2, 3]),
    });
    const told: ErasedRecords[] = [];
    const stop = store.onErased((erased) => told.push(erased));

    await store.erase(docId);
    expect(told).toEqual([{ familyIds: [], docIds: [docId] }]);
    expect(await store.has(docId)).toBe(false);
    expect(await store.loadLog(docId)).toEqual({ updates: [], lastSeq: 0 });
    expect(await store.countUpdates(docId)).toBe(0);
    expect(await store.getReadModel(docId)).toBeUndefined();
    expect(await store.getControls(docId)).toBeUndefined();
    expect(await store.readModelStamps([docId])).toEqual(new Map());
    expect(await store.access.projectOf(docId)).toBeUndefined();
    expect(await store.families.familyOf(docId)).toBeUndefined();
    expect(await store.families.documentsOf(family)).toEqual([]);
    expect(await store.families.cohortOf(toc)).toEqual([other]);
    expect(await store.families.tocsCiting(docId)).toEqual([]);
    expect((await store.journeys.archivedIds()).has(docId)).toBe(false);
    expect(await store.journeys.participantsSeeCosts(docId)).toBe(false);
    expect(await store.journeys.familyMayTakeHome(docId)).toBe(false);
    expect(await store.journeys.sensitiveItems(docId)).toEqual([]);
    expect(await store.versions.list(docId)).toEqual([]);
    expect(await store.families.findMoved(movedKey)).toBeUndefined();
    // The family itself, and the other documents, are left.
    expect(await store.families.getFamily(family)).toBeDefined();
    expect(await store.has(other)).toBe(true);
    expect(await store.has(toc)).toBe(true);

    // A listener that stopped is told no more.
    stop();
    await store.erase(other);
    expect(told).toHaveLength(1);
    expect(await store.has(other)).toBe(false);
    doc.destroy();
  });

  it('groups the writes asked for together, and drains: every write asked for is committed', async () => {
    const store = opened.store;
    const docId = await storeDocument(store);
    const before = store.writeTotals();
    const asked = Array.from({ length: 10 }, (_, i) => store.appendUpdate(docId, i + 2, yUpdate(`update ${i}`)));
    // Not awaited: drained() settles once they are committed.
    await store.drained();
    expect((await store.loadLog(docId)).lastSeq).toBe(11);
    await Promise.all(asked);
    const after = store.writeTotals();
    expect(after.writes - before.writes).toBe(10);
    expect(after.groups - before.groups).toBe(1);
    // Nothing asked for: drained at once.
    await store.drained();
  });

  it('finishes the writes asked for before it closes: another store on the same data reads them', async () => {
    const second = await opened.another();
    const docId = await storeDocument(second);
    const step = unique('step');
    const asked = [
      second.appendUpdate(docId, 2, yUpdate('written as it closed')),
      second.putReadModel(docId, '{"closing":true}'),
      second.families.markStepDone(step),
    ];
    await second.close();
    await Promise.all(asked);
    const store = opened.store;
    expect((await store.loadLog(docId)).lastSeq).toBe(2);
    expect((await store.getReadModel(docId))?.json).toBe('{"closing":true}');
    expect(await store.families.stepDone(step)).toBe(true);
  });
});
