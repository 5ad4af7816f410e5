/**
 * The storage contract, journey records (server/storage/journey-records.ts) and versions
 * (server/storage/version-records.ts): which journeys are archived, whose participants see costs,
 * whose family may take the print home, what is marked sensitive, and the versions kept of a
 * journey, the same on each engine.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { SensitiveItem } from '../../../server/storage/journey-records.ts';
import type { StoredVersion } from '../../../server/storage/version-records.ts';
import { smallJourney } from '../../fixtures/small-journey.ts';
import { ENGINES, nextMillisecond, stateOf, storeDocument, unique, useStore } from './engines.ts';

const JOURNEY = smallJourney();

describe.each(ENGINES)('journey records and versions on $name', (engine) => {
  const opened = useStore(engine);

  describe('journey records', () => {
    it('archives a journey once and brings it back; a journey not archived is left as it is', async () => {
      const { journeys } = opened.store;
      const [one, two] = [await storeDocument(opened.store), await storeDocument(opened.store)];
      expect((await journeys.archivedIds()).has(one)).toBe(false);
      await journeys.archive(one, 'staff:st_1');
      await journeys.archive(one, 'staff:st_2');
      await journeys.archive(two, 'staff:st_1');
      const archived = await journeys.archivedIds();
      expect(archived).toBeInstanceOf(Set);
      expect([one, two].every((id) => archived.has(id))).toBe(true);
      await journeys.unarchive(one);
      await journeys.unarchive(one);
      await journeys.unarchive(await storeDocument(opened.store));
      expect((await journeys.archivedIds()).has(one)).toBe(false);
      expect((await journeys.archivedIds()).has(two)).toBe(true);
      // A journey that is not stored cannot be archived.
      await expect(journeys.archive('doc_nobody', 'staff:st_1')).rejects.toThrow();
      expect((await journeys.archivedIds()).has('doc_nobody')).toBe(false);
    });

    it('lets participants see a journey’s costs only once a facilitator turned it on, until turned off', async () => {
      const { journeys } = opened.store;
      const [docId, other] = [await storeDocument(opened.store), await storeDocument(opened.store)];
      expect(await journeys.participantsSeeCosts(docId)).toBe(false);
      await journeys.showCostsToParticipants(docId, 'staff:st_1');
      await journeys.showCostsToParticipants(docId, 'staff:st_2');
      expect(await journeys.participantsSeeCosts(docId)).toBe(true);
      expect(await journeys.participantsSeeCosts(other)).toBe(false);
      await journeys.hideCostsFromParticipants(docId);
      await journeys.hideCostsFromParticipants(other);
      expect(await journeys.participantsSeeCosts(docId)).toBe(false);
      expect(await journeys.participantsSeeCosts('doc_nobody')).toBe(false);
      await expect(journeys.showCostsToParticipants('doc_nobody', 'staff:st_1')).rejects.toThrow();
    });

    it('lets a family take its print home only once staff offered it, until withdrawn', async () => {
      const { journeys } = opened.store;
      const [docId, other] = [await storeDocument(opened.store), await storeDocument(opened.store)];
      expect(await journeys.familyMayTakeHome(docId)).toBe(false);
      await journeys.offerTakeHome(docId, 'staff:st_1');
      await journeys.offerTakeHome(docId, 'staff:st_1');
      expect(await journeys.familyMayTakeHome(docId)).toBe(true);
      expect(await journeys.familyMayTakeHome(other)).toBe(false);
      await journeys.withdrawTakeHome(docId);
      await journeys.withdrawTakeHome(other);
      expect(await journeys.familyMayTakeHome(docId)).toBe(false);
      await expect(journeys.offerTakeHome('doc_nobody', 'staff:st_1')).rejects.toThrow();
    });

    it('keeps what was marked sensitive with what it kept out of the document, oldest mark first', async () => {
      const { journeys } = opened.store;
      const docId = await storeDocument(opened.store);
      const other = await storeDocument(opened.store);
      const stage: Omit<SensitiveItem, 'markedAt'> = {
        id: 'st_1',
        kind: 'stage',
        content: { kind: 'stage', stage: JOURNEY.stages[0]!, factors: JOURNEY.factors },
        markedBy: 'staff:st_1',
      };
      const words: Omit<SensitiveItem, 'markedAt'> = {
        id: 'st_2',
        kind: 'words',
        content: { kind: 'words', words: 'What I said then, in my own words: “never again”.' },
        markedBy: 'staff:st_2',
      };
      const cost: Omit<SensitiveItem, 'markedAt'> = { id: 'ce_1', kind: 'cost-event', markedBy: 'staff:st_1' };
      expect(await journeys.sensitiveItems(docId)).toEqual([]);
      // Marked together (one group, likely one millisecond): in the order marked.
      await Promise.all([journeys.markSensitive(docId, stage), journeys.markSensitive(docId, words)]);
      await journeys.markSensitive(docId, cost);
      await journeys.markSensitive(other, cost);
      const items = await journeys.sensitiveItems(docId);
      expect(items.map(({ markedAt: _, ...item }) => item)).toEqual([stage, words, cost]);
      expect(items[2]).not.toHaveProperty('content');
      expect(items.every((item) => !Number.isNaN(Date.parse(item.markedAt)))).toBe(true);

      // Marked again: replaced, and now the newest mark.
      await nextMillisecond();
      const reworded = { ...words, content: { kind: 'words' as const, words: 'Fewer words.' }, markedBy: 'staff:st_3' };
      await journeys.markSensitive(docId, reworded);
      const after = await journeys.sensitiveItems(docId);
      expect(after.map(({ markedAt: _, ...item }) => item)).toEqual([stage, cost, reworded]);
      expect(after[2]!.markedAt >= items[2]!.markedAt).toBe(true);

      await journeys.unmarkSensitive(docId, stage.id);
      await journeys.unmarkSensitive(docId, 'not-marked');
      expect((await journeys.sensitiveItems(docId)).map((item) => item.id)).toEqual([cost.id, words.id]);
      expect((await journeys.sensitiveItems(other)).map((item) => item.id)).toEqual([cost.id]);
      await expect(journeys.markSensitive('doc_nobody', cost)).rejects.toThrow();
    });

    it('orders marks made in the same millisecond as they were made, a mark made again last', async () => {
      const { journeys } = opened.store;
      const docId = await storeDocument(opened.store);
      const mark = (id: string) => journeys.markSensitive(docId, { id, kind: 'cost-event', markedBy: 'staff:st_1' });
      // Each in a group of its own, as fast as they come.
      for (const id of ['ce_c', 'ce_a', 'ce_b']) await mark(id);
      await mark('ce_c');
      const items = await journeys.sensitiveItems(docId);
      const order = ['ce_a', 'ce_b', 'ce_c'];
      // Whatever the milliseconds, the marks come in the order made.
      expect(items.map((item) => item.id)).toEqual(order);
    });
  });

  describe('versions', () => {
    const version = (docId: string, madeAt: string, more: Partial<StoredVersion> = {}): StoredVersion => {
      const doc = new Y.Doc();
      doc.getText('notes').insert(0, `As it was at ${madeAt}.`);
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      return {
        id: unique('ve'),
        docId,
        name: `Kept at ${madeAt}`,
        kind: 'named',
        madeAt,
        madeBy: 'staff:st_1',
        bytes: state.byteLength,
        state,
        ...more,
      };
    };
    const summary = ({ state: _, ...rest }: StoredVersion) => rest;

    it('keeps versions of a journey, lists them newest first without their states, and reads one back whole', async () => {
      const { versions } = opened.store;
      const docId = await storeDocument(opened.store);
      const other = await storeDocument(opened.store);
      const first = version(docId, '2026-01-01T10:00:00.000Z');
      const third = version(docId, '2026-01-03T10:00:00.000Z', { kind: 'before-restore', madeBy: 'staff:st_2' });
      const second = version(docId, '2026-01-02T10:00:00.000Z', { kind: 'session-end', madeBy: 'server' });
      for (const v of [first, third, second]) await versions.add(v);
      await versions.add(version(other, '2026-01-04T10:00:00.000Z'));
      expect(await versions.list(docId)).toEqual([third, second, first].map(summary));
      expect(await versions.list('doc_nobody')).toEqual([]);
      const got = (await versions.get(docId, second.id))!;
      expect(got).toEqual(second);
      expect(got.state).toBeInstanceOf(Uint8Array);
      expect(stateOf([got.state]).text).toBe('As it was at 2026-01-02T10:00:00.000Z.');
      // Another journey's version, or none: nothing.
      expect(await versions.get(other, second.id)).toBeUndefined();
      expect(await versions.get(docId, 've_nobody')).toBeUndefined();
      // The same id again, or a journey that is not stored: refused.
      await expect(versions.add({ ...first, name: 'again' })).rejects.toThrow();
      await expect(versions.add(version('doc_nobody', first.madeAt))).rejects.toThrow();
      expect(await versions.list(docId)).toHaveLength(3);
    });

    it('rewrites a version’s state (a stage erased for good), and nothing else about it', async () => {
      const { versions } = opened.store;
      const docId = await storeDocument(opened.store);
      const kept = version(docId, '2026-01-01T10:00:00.000Z');
      await versions.add(kept);
      const doc = new Y.Doc();
      doc.getText('notes').insert(0, 'Purged.');
      const purged = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      await versions.rewrite(docId, kept.id, purged);
      expect(await versions.get(docId, kept.id)).toEqual({ ...kept, state: purged, bytes: purged.byteLength });
      expect(await versions.list(docId)).toEqual([{ ...summary(kept), bytes: purged.byteLength }]);
      // Only through its own journey.
      const other = await storeDocument(opened.store);
      await versions.rewrite(other, kept.id, new Uint8Array([9]));
      expect((await versions.get(docId, kept.id))?.state).toEqual(purged);
    });

    it('lists versions made in the same millisecond newest first, also once one of them is rewritten', async () => {
      const { versions } = opened.store;
      const docId = await storeDocument(opened.store);
      const at = '2026-01-05T10:00:00.000Z';
      // A session ends and a version is restored within one millisecond: the restore's is the newer.
      const ended = version(docId, at, { kind: 'session-end', madeBy: 'server' });
      const beforeRestore = version(docId, at, { kind: 'before-restore' });
      await versions.add(ended);
      await versions.add(beforeRestore);
      expect((await versions.list(docId)).map((v) => v.id)).toEqual([beforeRestore.id, ended.id]);
      // Purging a stage from the older one does not make it newer.
      await versions.rewrite(docId, ended.id, new Uint8Array([0, 0]));
      expect((await versions.list(docId)).map((v) => v.id)).toEqual([beforeRestore.id, ended.id]);
    });
  });
});
