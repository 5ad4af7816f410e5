/**
 * The storage contract, family records (server/storage/family-records.ts): families and their
 * documents, consent histories read one family or many at a time, theories of change's cohorts,
 * moved and erased document ids, server steps, and erasing a family with everything about it,
 * the same on each engine.
 */
import { describe, expect, it } from 'vitest';
import type { ErasedRecords } from '../../../server/storage/document-store.ts';
import type { ConsentDecision } from '../../../src/model/consent.ts';
import { costsDocId } from '../../../src/doc/index.ts';
import {
  AT,
  ENGINES,
  nextMillisecond,
  storeDocument,
  storeFamily,
  storeProject,
  unique,
  useStore,
  yUpdate,
} from './engines.ts';

const decision = (
  familyId: string,
  scope: string,
  given: boolean,
  recordedAt: string,
  more: Partial<ConsentDecision> = {},
): ConsentDecision => ({
  id: unique('cd'),
  familyId,
  scope,
  decision: given ? 'given' : 'withdrawn',
  givenBy: 'Dawn, mother',
  method: 'written-form',
  decidedOn: recordedAt.slice(0, 10),
  recordedBy: 'staff:st_1',
  recordedAt,
  ...more,
});

describe.each(ENGINES)('family records on $name', (engine) => {
  const opened = useStore(engine);

  describe('families and their documents', () => {
    it('keeps a family, renames it, and lists a project’s families by pseudonym, whatever its case', async () => {
      const store = opened.store;
      const project = await storeProject(store);
      const other = await storeProject(store);
      const empty = await storeProject(store);
      const id = (n: number) => `${project}_fa${n}`;
      // ASCII letters compare without case; other letters as they are stored, byte by byte.
      await storeFamily(store, project, id(1), 'The Marsh family');
      await storeFamily(store, project, id(3), 'the ashby family');
      await storeFamily(store, project, id(2), 'The Ashby family');
      await storeFamily(store, project, id(4), 'Émile’s family');
      await storeFamily(store, project, id(5), 'emile’s family');
      const elsewhere = await storeFamily(store, other, undefined, 'A family elsewhere');
      expect(await store.families.getFamily(id(1))).toEqual({
        id: id(1),
        projectId: project,
        pseudonym: 'The Marsh family',
        createdAt: AT,
        createdBy: 'cli',
      });
      expect(await store.families.getFamily('fa_nobody')).toBeUndefined();
      const order = [id(5), id(2), id(3), id(1), id(4)];
      expect((await store.families.listFamilies([project])).map((f) => f.id)).toEqual(order);
      expect((await store.families.listFamilies([other, project])).map((f) => f.id)).toEqual([elsewhere, ...order]);
      expect(await store.families.listFamilies([empty])).toEqual([]);
      expect(await store.families.listFamilies([])).toEqual([]);
      const everyone = (await store.families.listFamilies()).map((f) => f.id);
      expect(everyone.filter((f) => f.startsWith(project))).toEqual(order);
      expect(everyone).toContain(elsewhere);

      await store.families.renameFamily(id(1), 'The Abbott family');
      expect((await store.families.getFamily(id(1)))?.pseudonym).toBe('The Abbott family');
      expect((await store.families.listFamilies([project])).map((f) => f.id)).toEqual([
        id(5),
        id(1),
        id(2),
        id(3),
        id(4),
      ]);
      // The same id again, or a project that does not exist, is refused.
      await expect(storeFamily(store, project, id(1))).rejects.toThrow();
      await expect(storeFamily(store, 'pr_nobody')).rejects.toThrow();
    });

    it('keeps a pseudonym as it was typed, a pasted control character included (a NUL as U+FFFD on PostgreSQL)', async () => {
      const store = opened.store;
      const project = await storeProject(store);
      // What the rename form accepts (trimmed, 1 to 80 characters): pasted from elsewhere, a NUL and a bell.
      const pasted = 'The Marsh\u0000 family\u0007';
      const family = await storeFamily(store, project, undefined, 'The Marsh family');
      await store.families.renameFamily(family, pasted);
      // PostgreSQL's text cannot hold a NUL (server/storage/pg-writes.ts): it is the one difference.
      const kept = engine.name === 'PostgreSQL' ? 'The Marsh\uFFFD family\u0007' : pasted;
      expect((await store.families.getFamily(family))?.pseudonym).toBe(kept);
    });

    it('says which family a journey belongs to, and each family’s journeys, oldest first', async () => {
      const store = opened.store;
      const project = await storeProject(store);
      const [one, two, none] = [
        await storeFamily(store, project),
        await storeFamily(store, project),
        await storeFamily(store, project),
      ];
      const journeys: string[] = [];
      for (let n = 0; n < 3; n++) {
        journeys.push(await storeDocument(store));
        await nextMillisecond();
      }
      const [first, second, third] = journeys as [string, string, string];
      // Attached newest first: listed by when the journeys were made.
      await store.families.attachDocument(third, one);
      await store.families.attachDocument(first, one);
      await store.families.attachDocument(second, two);
      expect(await store.families.familyOf(first)).toBe(one);
      expect(await store.families.familyOf('doc_nobody')).toBeUndefined();
      expect(await store.families.documentsOf(one)).toEqual([first, third]);
      expect(await store.families.documentsOf(none)).toEqual([]);
      expect(await store.families.documentsOfFamilies([one, two, none, 'fa_nobody'])).toEqual(
        new Map([
          [one, [first, third]],
          [two, [second]],
        ]),
      );
      expect(await store.families.documentsOfFamilies([])).toEqual(new Map());
      // Attached again: it moves to the other family.
      await store.families.attachDocument(first, two);
      expect(await store.families.familyOf(first)).toBe(two);
      expect(await store.families.documentsOf(two)).toEqual([first, second]);
      expect(await store.families.documentsOf(one)).toEqual([third]);
      // Neither a document nor a family that is not stored can be attached.
      await expect(store.families.attachDocument('doc_nobody', one)).rejects.toThrow();
      await expect(store.families.attachDocument(third, 'fa_nobody')).rejects.toThrow();
      expect(await store.families.familyOf(third)).toBe(one);
    });
  });

  describe('consent', () => {
    it('keeps each family’s history in the order recorded, read for one family, many, or their journeys', async () => {
      const store = opened.store;
      const project = await storeProject(store);
      const [one, two, silent] = [
        await storeFamily(store, project),
        await storeFamily(store, project),
        await storeFamily(store, project),
      ];
      const mapping = decision(one, 'mapping', true, '2026-01-01T10:00:00.000Z', { reviewOn: '2027-01-01' });
      const withdrawn = decision(one, 'share-words', false, '2026-01-03T10:00:00.000Z', { method: 'verbal-phone' });
      const words = decision(one, 'share-words', true, '2026-01-02T10:00:00.000Z');
      const theirs = decision(two, 'mapping', true, '2026-01-01T09:00:00.000Z');
      // Recorded out of order: read back by when each was recorded.
      for (const d of [withdrawn, mapping, theirs, words]) await store.families.recordConsent(d);
      const history = [mapping, words, withdrawn];
      expect(await store.families.consentHistory(one)).toEqual(history);
      expect((await store.families.consentHistory(one))[1]).not.toHaveProperty('reviewOn');
      expect(await store.families.consentHistory(silent)).toEqual([]);
      const asked = [one, two, silent, 'fa_nobody'];
      expect(await store.families.consentHistories(asked)).toEqual(
        new Map([
          [one, history],
          [two, [theirs]],
        ]),
      );
      expect(await store.families.consentCounts(asked)).toEqual(
        new Map([
          [one, 3],
          [two, 1],
        ]),
      );
      expect(await store.families.consentCounts([])).toEqual(new Map());

      const [j1, j2, j3, loose] = [
        await storeDocument(store),
        await storeDocument(store),
        await storeDocument(store),
        await storeDocument(store),
      ];
      await store.families.attachDocument(j1, one);
      await store.families.attachDocument(j2, one);
      await store.families.attachDocument(j3, silent);
      expect(await store.families.consentHistoryOfJourneys([j1, j2, j3, loose])).toEqual(
        new Map([
          [j1, history],
          [j2, history],
        ]),
      );
      expect(await store.families.consentHistoryOfJourneys([])).toEqual(new Map());

      // Appended to only: a decision's id again is refused, and so is one for no family.
      await expect(store.families.recordConsent({ ...words, decision: 'withdrawn' })).rejects.toThrow();
      await expect(store.families.recordConsent(decision('fa_nobody', 'mapping', true, AT))).rejects.toThrow();
      expect(await store.families.consentHistory(one)).toEqual(history);
    });

    it('reads the histories of more families at once than SQLite takes in one statement', async () => {
      const store = opened.store;
      const project = await storeProject(store);
      // The first and the last of 520 ids are families; the rest are ids of none.
      const ids = Array.from({ length: 520 }, (_, i) => `${project}_fa${i.toString().padStart(3, '0')}`);
      const last = await storeFamily(store, project, ids.at(-1));
      const first = await storeFamily(store, project, ids[0]);
      const decisions = [
        decision(last, 'mapping', true, '2026-01-02T00:00:00.000Z'),
        decision(last, 'analysis', true, '2026-01-01T00:00:00.000Z'),
        decision(first, 'mapping', true, '2026-01-01T00:00:00.000Z'),
      ];
      await Promise.all(decisions.map((d) => store.families.recordConsent(d)));
      expect(await store.families.consentCounts(ids)).toEqual(
        new Map([
          [first, 1],
          [last, 2],
        ]),
      );
      expect(await store.families.consentHistories(ids)).toEqual(
        new Map([
          [first, [decisions[2]]],
          [last, [decisions[1], decisions[0]]],
        ]),
      );
      const journey = await storeDocument(store);
      await store.families.attachDocument(journey, last);
      expect((await store.families.documentsOfFamilies(ids)).get(last)).toEqual([journey]);
    });
  });

  describe('theories of change’s cohorts', () => {
    it('keeps the journeys a theory of change was drafted from, replaced when set again', async () => {
      const store = opened.store;
      const [toc, otherToc] = [await storeDocument(store, 'toc'), await storeDocument(store, 'toc')];
      const journeys = [await storeDocument(store), await storeDocument(store), await storeDocument(store)];
      const [a, b, c] = journeys as [string, string, string];
      await store.families.setCohort(toc, [c, a, a]);
      await store.families.setCohort(otherToc, [a]);
      expect(await store.families.cohortOf(toc)).toEqual([a, c].sort());
      expect(await store.families.tocsCiting(a)).toEqual([toc, otherToc].sort());
      expect(await store.families.tocsCiting(b)).toEqual([]);
      await store.families.setCohort(toc, [b]);
      expect(await store.families.cohortOf(toc)).toEqual([b]);
      expect(await store.families.tocsCiting(a)).toEqual([otherToc]);
      // A journey that is not stored: refused, and the cohort is as it was.
      await expect(store.families.setCohort(toc, [c, 'doc_nobody'])).rejects.toThrow();
      expect(await store.families.cohortOf(toc)).toEqual([b]);
      await store.families.setCohort(toc, []);
      expect(await store.families.cohortOf(toc)).toEqual([]);
      expect(await store.families.cohortOf('toc_nobody')).toEqual([]);
    });
  });

  describe('moved and erased ids, server steps', () => {
    // The only test of the file with moves kept until a moment passed: pruning is about the whole store.
    it('keeps where a document moved, with its bytes, replaced when put again, until it is pruned', async () => {
      const store = opened.store;
      const newId = await storeDocument(store);
      const moved = (keptUntil: string, more = {}) => ({
        oldKey: unique('hmac'),
        newId,
        recordKeys: { 'hmac-of-stage-1': 'st_a', 'hmac-of-member': 'me_b' },
        baseUpdate: yUpdate('the base a device carries its changes onto'),
        oldStateVector: new Uint8Array(Array.from({ length: 256 }, (_, i) => 255 - i)),
        keptUntil,
        ...more,
      });
      const old = moved('2026-01-01T00:00:00.000Z');
      const current = moved('2999-01-01T00:00:00.000Z');
      await store.families.putMoved(old);
      await store.families.putMoved(current);
      const found = (await store.families.findMoved(old.oldKey))!;
      expect(found).toEqual(old);
      expect(found.baseUpdate).toBeInstanceOf(Uint8Array);
      expect(found.oldStateVector).toBeInstanceOf(Uint8Array);
      expect(await store.families.findMoved('hmac_nobody')).toBeUndefined();
      const replaced = { ...old, recordKeys: {}, keptUntil: '2026-06-01T00:00:00.000Z' };
      await store.families.putMoved(replaced);
      expect(await store.families.findMoved(old.oldKey)).toEqual(replaced);
      expect(await store.families.pruneMoved('2026-06-01T00:00:00.000Z')).toBe(0);
      expect(await store.families.pruneMoved('2026-06-01T00:00:00.001Z')).toBe(1);
      expect(await store.families.findMoved(old.oldKey)).toBeUndefined();
      expect(await store.families.findMoved(current.oldKey)).toEqual(current);
      expect(await store.families.pruneMoved('2026-06-01T00:00:00.001Z')).toBe(0);
      // A move to a document that is not stored is refused.
      await expect(
        store.families.putMoved({ ...current, oldKey: unique('hmac'), newId: 'doc_nobody' }),
      ).rejects.toThrow();
    });

    it('remembers one-time server steps that have run', async () => {
      const store = opened.store;
      const step = unique('step');
      expect(await store.families.stepDone(step)).toBe(false);
      await store.families.markStepDone(step);
      await store.families.markStepDone(step);
      expect(await store.families.stepDone(step)).toBe(true);
      expect(await store.families.stepDone(unique('step'))).toBe(false);
    });
  });

  describe('erasing a family', () => {
    it('takes the family and everything about it in one step, remembers its ids as erased, and tells the listeners', async () => {
      const store = opened.store;
      const project = await storeProject(store);
      const family = await storeFamily(store, project);
      const kept = await storeFamily(store, project);
      const journey = await storeDocument(store);
      await nextMillisecond();
      const second = await storeDocument(store);
      const costs = await storeDocument(store, 'costs', costsDocId(journey));
      const keptJourney = await storeDocument(store);
      const toc = await storeDocument(store, 'toc');
      for (const docId of [journey, second, costs, keptJourney]) await store.access.placeDocument(docId, project);
      await store.families.attachDocument(journey, family);
      await store.families.attachDocument(second, family);
      await store.families.attachDocument(keptJourney, kept);
      await store.families.recordConsent(decision(family, 'mapping', true, AT));
      await store.families.recordConsent(decision(kept, 'mapping', true, AT));
      await store.families.setCohort(toc, [journey, keptJourney]);
      const grant = (docId: string) => ({
        id: unique('gr'),
        kind: 'invite' as const,
        docId,
        role: 'participant',
        createdBy: 'staff:st_1',
        createdAt: AT,
        expiresAt: '2999-01-01T00:00:00.000Z',
      });
      const grants = [grant(journey), grant(costs), grant(keptJourney)];
      for (const g of grants) await store.access.putGrant(g);
      const move = {
        oldKey: unique('hmac'),
        newId: journey,
        recordKeys: {},
        baseUpdate: yUpdate('base'),
        oldStateVector: new Uint8Array([0]),
        keptUntil: '2999-01-01T00:00:00.000Z',
      };
      await store.families.putMoved(move);
      await store.journeys.archive(journey, 'staff:st_1');
      await store.journeys.markSensitive(journey, {
        id: 'stage-1',
        kind: 'words',
        content: { kind: 'words', words: 'Only the family knew' },
        markedBy: 'staff:st_1',
      });
      await store.versions.add({
        id: unique('ve'),
        docId: journey,
        name: 'after session 1',
        kind: 'named',
        madeAt: AT,
        madeBy: 'staff:st_1',
        bytes: 1,
        state: new Uint8Array([1]),
      });
      // Research records about it: a profile, an assessment, a cohort, the typing runs it was in.
      const profile = {
        id: unique('pf'),
        issueSetId: 'tf-phase-two',
        issueSetVersion: 1,
        point: 'referral' as const,
        assessedOn: '2016-01-04',
        answers: { offending: 'yes' as const },
        source: 'form' as const,
        recordedBy: 'staff:st_1',
        recordedAt: AT,
      };
      await store.research.putProfiles([
        { ...profile, familyId: family },
        { ...profile, id: unique('pf'), familyId: kept },
      ]);
      await store.research.putAssessments([
        {
          id: unique('as'),
          familyId: family,
          indicatorSetId: 'in_1',
          indicatorSetVersion: 1,
          point: 'referral',
          assessedOn: '2016-01-04',
          ratedBy: 'together',
          values: { housing: 2 },
          recordedBy: 'staff:st_1',
          recordedAt: AT,
        },
      ]);
      const cohort = {
        id: unique('co'),
        projectId: project,
        name: 'All',
        synthetic: false,
        createdAt: AT,
        createdBy: 'cli',
      };
      await store.research.putCohort(cohort, [family, kept]);
      const run = {
        id: unique('tr'),
        projectId: project,
        cohortId: cohort.id,
        issueSetId: 'tf-phase-two',
        issueSetVersion: 1,
        k: 2,
        chosenBy: 'silhouette' as const,
        seed: 1,
        result: '{}',
        madeAt: AT,
        madeBy: 'staff:st_1',
      };
      const otherRun = { ...run, id: unique('tr') };
      await store.research.addTypingRun(
        run,
        new Map([
          [family, 0],
          [kept, 1],
        ]),
      );
      await store.research.addTypingRun(otherRun, new Map([[kept, 0]]));
      await store.research.labelType({
        runId: run.id,
        typeIndex: 0,
        label: 'Isolated',
        editedBy: 'staff:st_1',
        editedAt: AT,
      });
      const told: ErasedRecords[] = [];
      const stop = store.onErased((erased) => told.push(erased));

      const erased = await store.families.eraseFamily(family);
      stop();
      expect({ ...erased, docIds: [...erased.docIds].sort() }).toEqual({
        familyId: family,
        docIds: [journey, second].sort(),
      });
      expect(told).toHaveLength(1);
      expect(told[0]!.familyIds).toEqual([family]);
      expect([...told[0]!.docIds].sort()).toEqual([journey, costs, second, costsDocId(second)].sort());

      // The family and what it agreed to.
      expect(await store.families.getFamily(family)).toBeUndefined();
      expect((await store.families.listFamilies([project])).map((f) => f.id)).toEqual([kept]);
      expect(await store.families.consentHistory(family)).toEqual([]);
      expect(await store.families.consentCounts([family, kept])).toEqual(new Map([[kept, 1]]));
      expect(await store.families.documentsOf(family)).toEqual([]);
      // Its documents, their companions and everything derived from them; their ids remembered as erased.
      for (const docId of [journey, second, costs]) {
        expect(await store.has(docId)).toBe(false);
        expect(await store.loadLog(docId)).toEqual({ updates: [], lastSeq: 0 });
        expect(await store.getReadModel(docId)).toBeUndefined();
        expect(await store.access.projectOf(docId)).toBeUndefined();
        expect(await store.families.familyOf(docId)).toBeUndefined();
        expect(await store.families.isErased(docId)).toBe(true);
      }
      expect(await store.families.isErased(costsDocId(second))).toBe(true);
      expect(await store.access.getGrant(grants[0]!.id)).toBeUndefined();
      expect(await store.access.getGrant(grants[1]!.id)).toBeUndefined();
      expect(await store.access.listGrants(journey)).toEqual([]);
      expect(await store.families.cohortOf(toc)).toEqual([keptJourney]);
      expect(await store.families.findMoved(move.oldKey)).toBeUndefined();
      expect((await store.journeys.archivedIds()).has(journey)).toBe(false);
      expect(await store.journeys.sensitiveItems(journey)).toEqual([]);
      expect(await store.versions.list(journey)).toEqual([]);
      // Its research records, and the typing run it was part of (its result held its answers).
      expect(await store.research.profilesOf(family)).toEqual([]);
      expect(await store.research.assessmentsOf(family)).toEqual([]);
      expect(await store.research.researchStamps([family])).toEqual(new Map());
      expect(await store.research.cohortFamilies(cohort.id)).toEqual([kept]);
      expect(await store.research.getTypingRun(run.id)).toBeUndefined();
      expect(await store.research.assignmentsOf(run.id)).toEqual(new Map());
      expect(await store.research.labelsOf(run.id)).toEqual([]);
      expect((await store.research.typingRunsOf(cohort.id)).map((r) => r.id)).toEqual([otherRun.id]);
      expect(await store.research.familyTypes([family, kept])).toEqual(
        new Map([[kept, { runId: otherRun.id, typeIndex: 0 }]]),
      );

      // The other family, its journey and its grant are as they were.
      expect(await store.families.getFamily(kept)).toBeDefined();
      expect(await store.has(keptJourney)).toBe(true);
      expect(await store.families.isErased(keptJourney)).toBe(false);
      expect(await store.access.getGrant(grants[2]!.id)).toEqual(grants[2]);
      expect(await store.research.profilesOf(kept)).toHaveLength(1);
      expect(await store.has(toc)).toBe(true);

      // A family that is not stored (erased already): nothing to take, nothing taken.
      expect(await store.families.eraseFamily(family)).toEqual({ familyId: family, docIds: [] });
      expect(await store.has(keptJourney)).toBe(true);
    });
  });
});
