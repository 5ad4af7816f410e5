import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  journeyMaps,
  migrateDoc,
  MIGRATION_ORIGIN,
  readJourney,
  typeFactorText,
  typeStageText,
  userOrigin,
} from '../../../src/doc/index.ts';

/**
 * A document in the version-2 layout: headlines and factors' words as plain values (only the
 * family's words were shared text).
 */
function v2Doc(): Y.Doc {
  const v2 = JSON.parse(readFileSync(new URL('../../fixtures/migrations/v2.json', import.meta.url), 'utf8'));
  const doc = new Y.Doc();
  const maps = journeyMaps(doc);
  doc.transact(() => {
    const { members, ...family } = v2.family;
    for (const key of ['schemaVersion', 'id', 'title', 'scale', 'support', 'consent', 'provenance'])
      if (v2[key] !== undefined) maps.meta.set(key, v2[key]);
    maps.meta.set('family', family);
    for (const { id, words, services, codes, ...fields } of v2.stages) {
      const stage = new Y.Map<unknown>();
      for (const [key, value] of Object.entries(fields)) stage.set(key, value);
      stage.set('words', new Y.Text(words ?? ''));
      for (const [name, keys] of [
        ['services', services],
        ['codes', codes],
      ] as const) {
        const set = new Y.Map<boolean>();
        for (const key of keys ?? []) set.set(key, true);
        stage.set(name, set);
      }
      maps.stages.set(id, stage);
    }
    for (const { id, ...m } of members) maps.records.members.set(id, m);
    for (const collection of ['links', 'factors', 'costEvents', 'agencies', 'codes'] as const)
      for (const { id, ...record } of v2[collection] ?? []) maps.records[collection].set(id, record);
  });
  return doc;
}

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
    expect(migrateDoc(doc)).toEqual({
      outcome: 'migrated',
      applied: ['001-structured-when-and-feeling', '002-shared-headlines-and-factors'],
    });
    expect(origins).toEqual([MIGRATION_ORIGIN]);
    const { journey, quarantined } = readJourney(doc);
    expect(quarantined).toEqual([]);
    expect(journey.stages[0]).toMatchObject({ when: { kind: 'year', year: 2013 }, feeling: 'very-low' });
    expect(journey.stages[0]?.words).toBe("He'd get to the gate and walk off.");

    const state = Y.encodeStateVector(doc);
    expect(migrateDoc(doc)).toEqual({ outcome: 'current' });
    expect(Y.encodeStateVector(doc)).toEqual(state);
  });

  it('turns a version-2 document’s headlines and factors into shared text, keeping every word', () => {
    const doc = v2Doc();
    const before = readJourney(doc).journey;
    expect(migrateDoc(doc)).toEqual({ outcome: 'migrated', applied: ['002-shared-headlines-and-factors'] });
    const { journey: after, quarantined } = readJourney(doc);
    expect(quarantined).toEqual([]);
    expect(after).toEqual(before);
    const { stages, records } = journeyMaps(doc);
    for (const stage of stages.values()) expect((stage as Y.Map<unknown>).get('title')).toBeInstanceOf(Y.Text);
    for (const factor of records.factors.values()) {
      expect(factor).toBeInstanceOf(Y.Map);
      expect((factor as Y.Map<unknown>).get('text')).toBeInstanceOf(Y.Text);
    }
    const state = Y.encodeStateVector(doc);
    expect(migrateDoc(doc)).toEqual({ outcome: 'current' });
    expect(Y.encodeStateVector(doc)).toEqual(state);
  });

  it('after migration, two people typing in one headline or one barrier at once both keep their words', () => {
    const first = v2Doc();
    migrateDoc(first);
    const second = new Y.Doc();
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    const stage = readJourney(first).journey.stages[0]!;
    const factor = readJourney(first).journey.factors[0]!;
    typeStageText(first, stage.id, 'title', `${stage.title}, at last`, userOrigin('a'));
    typeStageText(second, stage.id, 'title', `Before: ${stage.title}`, userOrigin('b'));
    typeFactorText(first, factor.id, `${factor.text} (Mum)`, userOrigin('a'));
    typeFactorText(second, factor.id, `Really ${factor.text}`, userOrigin('b'));
    Y.applyUpdate(first, Y.encodeStateAsUpdate(second));
    Y.applyUpdate(second, Y.encodeStateAsUpdate(first));
    for (const doc of [first, second]) {
      const read = readJourney(doc).journey;
      expect(read.stages.find((s) => s.id === stage.id)?.title).toBe(`Before: ${stage.title}, at last`);
      expect(read.factors.find((f) => f.id === factor.id)?.text).toBe(`Really ${factor.text} (Mum)`);
    }
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
