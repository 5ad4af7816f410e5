import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { journeyMaps, migrateDoc, MIGRATION_ORIGIN, readJourney } from '../../../src/doc/index.ts';

/** A document as a version-1 client would have written it: free-text when, numeric feeling. */
function v1Doc(): Y.Doc {
  const v1 = JSON.parse(readFileSync(new URL('../../fixtures/migrations/v1.json', import.meta.url), 'utf8'));
  const doc = new Y.Doc();
  const maps = journeyMaps(doc);
  doc.transact(() => {
    const { members, ...family } = v1.family;
    for (const key of ['schemaVersion', 'id', 'title', 'consent']) maps.meta.set(key, v1[key]);
    maps.meta.set('family', family);
    for (const { id, words, services, ...fields } of v1.stages) {
      const stage = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) stage.set(key, value);
      stage.set('words', new Y.Text(words ?? ''));
      const set = new Y.Map<boolean>();
      for (const s of services ?? []) set.set(s, true);
      stage.set('services', set);
      maps.stages.set(id, stage);
    }
    for (const { id, ...m } of members) maps.records.members.set(id, m);
    for (const { id, ...l } of v1.links) maps.records.links.set(id, l);
    for (const { id, ...f } of v1.factors) maps.records.factors.set(id, f);
    for (const { id, ...c } of v1.costEvents) maps.records.costEvents.set(id, c);
  });
  return doc;
}

describe('migrateDoc', () => {
  it('migrates an old document once, in one transaction with the migration origin', () => {
    const doc = v1Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    expect(migrateDoc(doc)).toEqual({ outcome: 'migrated', applied: ['001-structured-when-and-feeling'] });
    expect(origins).toEqual([MIGRATION_ORIGIN]);
    const { journey, quarantined } = readJourney(doc);
    expect(quarantined).toEqual([]);
    expect(journey.stages[0]).toMatchObject({ when: { kind: 'year', year: 2013 }, feeling: 'very-low' });
    expect(journey.stages[0]?.words).toBe("He'd get to the gate and walk off.");

    const state = Y.encodeStateVector(doc);
    expect(migrateDoc(doc)).toEqual({ outcome: 'current' });
    expect(Y.encodeStateVector(doc)).toEqual(state);
  });

  it('leaves a document from a newer version alone', () => {
    const doc = new Y.Doc();
    journeyMaps(doc).meta.set('schemaVersion', 99);
    const state = Y.encodeStateAsUpdate(doc);
    expect(migrateDoc(doc)).toEqual({ outcome: 'newer', version: 99 });
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
  });

  it('writes nothing when the old document cannot be migrated whole', () => {
    const doc = v1Doc();
    (journeyMaps(doc).stages.get('s2') as Y.Map<unknown>).set('feeling', 11);
    const state = Y.encodeStateAsUpdate(doc);
    const result = migrateDoc(doc);
    expect(result.outcome).toBe('failed');
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
  });
});
