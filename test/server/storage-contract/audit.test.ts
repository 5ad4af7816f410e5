/**
 * The storage contract, the audit log (AUTH11) and the moves that rename its ids (MOVE3): each
 * engine numbers and chains every row to the one before, reads rows back newest first through
 * every filter, prunes old rows leaving a checkpoint to verify from, and re-hashes the chain after
 * renaming document ids in it. The tests share the file's store and log, in order: each reads the
 * rows written since it started, and checks the whole chain.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CHECKPOINT_ACTION, GENESIS_HASH } from '../../../server/audit/audit-chain.ts';
import { verifyAuditRows } from '../../../server/audit/verify.ts';
import type { AuditEntry, AuditFilter, AuditRow } from '../../../server/storage/access-records.ts';
import type { DocumentStore } from '../../../server/storage/document-store.ts';
import {
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

describe.each(ENGINES)('the audit log and moves on $name', (engine) => {
  const opened = useStore(engine);
  /** The rows written since `base` (the newest row's number before the test wrote any), numbered from 1. */
  const since = (base: number, rows: readonly AuditRow[]) =>
    rows.filter((r) => r.seq > base).map((r) => ({ ...r, seq: r.seq - base }));
  const newest = async (store: DocumentStore) => (await store.access.allAuditRows()).at(-1);

  it('numbers each row and chains it to the one before, in the order written, even when written together', async () => {
    const store = opened.store;
    const head = await newest(store);
    const base = head?.seq ?? 0;
    const staff = `staff:${unique('st')}`;
    const entries: AuditEntry[] = [
      { action: 'signin', outcome: 'ok', actor: staff },
      { action: 'journey.view', outcome: 'ok', actor: staff, projectId: 'pr_a', docId: 'j1' },
      { action: 'grant.revoke', outcome: 'refused', actor: 'grant:gr_1', subject: 'gr_2', detail: 'not-yours' },
    ];
    await store.access.audit(entries[0]!);
    // Asked for together: one group, still numbered and chained in order.
    await Promise.all([store.access.audit(entries[1]!), store.access.audit(entries[2]!)]);
    const all = await store.access.allAuditRows();
    const rows = since(base, all);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows.map(({ seq: _s, at: _a, prevHash: _p, hash: _h, ...entry }) => entry)).toEqual(entries);
    expect(rows[0]!.prevHash).toBe(head?.hash ?? GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    expect(rows.every((r) => !Number.isNaN(Date.parse(r.at)))).toBe(true);
    expect(verifyAuditRows(all)).toEqual({
      ok: true,
      rows: all.length,
      from: 1,
      last: { seq: base + 3, hash: rows[2]!.hash },
    });
    // An edited row no longer verifies.
    expect(verifyAuditRows(all.map((r) => (r.seq === base + 2 ? { ...r, actor: 'staff:other' } : r)))).toMatchObject({
      ok: false,
      seq: base + 2,
    });
  });

  it('reads rows back newest first, by project, document, person, page and limit', async () => {
    const store = opened.store;
    const base = (await newest(store))?.seq ?? 0;
    const project = await storeProject(store);
    const elsewhere = await storeProject(store);
    const theirs = await storeDocument(store);
    await store.access.placeDocument(theirs, project);
    const [one, nine] = [unique('st'), unique('st')];
    const grant = unique('gr');
    const rows: AuditEntry[] = [
      /* 1 */ { action: 'signin', outcome: 'ok', actor: `staff:${one}` },
      /* 2 */ { action: 'signin', outcome: 'ok', actor: `staff:${nine}` },
      /* 3 */ { action: 'journey.view', outcome: 'ok', actor: `staff:${one}`, projectId: project, docId: theirs },
      /* 4 */ { action: 'journey.view', outcome: 'refused', actor: 'anonymous', docId: theirs },
      /* 5 */ { action: 'staff.disable', outcome: 'ok', actor: `staff:${nine}`, subject: one },
      /* 6 */ { action: 'journey.view', outcome: 'ok', actor: `staff:${nine}`, projectId: elsewhere, docId: 'j_other' },
      /* 7 */ { action: 'grant.use', outcome: 'ok', actor: `grant:${grant}`, projectId: project, subject: grant },
    ];
    for (const entry of rows) await store.access.audit(entry);
    const seqs = async (filter: AuditFilter) => since(base, await store.access.listAudit(filter)).map((r) => r.seq);
    expect(await seqs({})).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(await store.access.listAudit({ limit: 1 })).toEqual([await newest(store)]);
    expect(await seqs({ limit: 2, beforeSeq: base + 6 })).toEqual([5, 4]);
    expect(await seqs({ docId: theirs })).toEqual([4, 3]);
    // Rows this person wrote, and rows about them.
    expect(await seqs({ person: `staff:${one}` })).toEqual([5, 3, 1]);
    expect(await seqs({ person: `grant:${grant}` })).toEqual([7]);
    // A project's admins see its rows and every row about no project…
    expect(await seqs({ projectIds: [project] })).toEqual([7, 5, 4, 3, 2, 1]);
    // …or, with their people, only the projectless rows about those people or the project's documents.
    expect(await seqs({ projectIds: [project], projectlessPeople: [`staff:${one}`] })).toEqual([7, 5, 4, 3, 1]);
    expect(await seqs({ projectIds: [project, elsewhere], projectlessPeople: [] })).toEqual([7, 6, 4, 3]);
    expect(await seqs({ projectIds: [elsewhere], projectlessPeople: [`staff:${nine}`], beforeSeq: base + 6 })).toEqual([
      5, 2,
    ]);
    expect(await seqs({ projectIds: [] })).toEqual([5, 4, 2, 1]);
    expect(await seqs({ projectIds: [project], docId: theirs, person: 'anonymous' })).toEqual([4]);
  });

  it('prunes rows older than a moment, leaving a checkpoint that verification starts from; numbers go on', async () => {
    const store = opened.store;
    const present = await store.access.allAuditRows();
    const base = present.at(-1)?.seq ?? 0;
    // Rows written apart in time, so that a cutoff between them is exact.
    await nextMillisecond();
    for (let i = 0; i < 5; i++) {
      await store.access.audit({ action: 'signin', outcome: 'ok', actor: `staff:st_${i}` });
      await nextMillisecond();
    }
    const all = await store.access.allAuditRows();
    const written = since(base, all);
    expect(await store.access.pruneAudit('2000-01-01T00:00:00.000Z')).toBe(0);
    expect(await store.access.allAuditRows()).toEqual(all);

    // Every row before the fourth of these goes: the tests' before them too.
    expect(await store.access.pruneAudit(written[3]!.at)).toBe(present.length + 3);
    await store.access.audit({ action: 'signin', outcome: 'ok', actor: 'staff:st_after' });
    const kept = since(base, await store.access.allAuditRows());
    expect(kept.map((r) => r.seq)).toEqual([4, 5, 6, 7]);
    expect(kept.slice(0, 2)).toEqual(written.slice(3));
    expect(kept[2]).toMatchObject({
      action: CHECKPOINT_ACTION,
      outcome: 'ok',
      actor: 'server',
      prevHash: written[4]!.hash,
    });
    expect(kept[3]).toMatchObject({ actor: 'staff:st_after', prevHash: kept[2]!.hash });
    const rows = await store.access.allAuditRows();
    expect(verifyAuditRows(rows)).toMatchObject({ ok: true, rows: 4, from: base + 4, last: { seq: base + 7 } });
    expect(verifyAuditRows(rows.filter((r) => r.action !== CHECKPOINT_ACTION))).toMatchObject({ ok: false });

    // Every row pruned: the checkpoint follows the newest, and numbering never starts again.
    await nextMillisecond();
    expect(await store.access.pruneAudit(new Date(Date.now() + 60_000).toISOString())).toBe(4);
    const last = await store.access.allAuditRows();
    expect(last.map((r) => [r.seq - base, r.action])).toEqual([[8, CHECKPOINT_ACTION]]);
    expect(last[0]!.prevHash).toBe(kept[3]!.hash);
    expect(verifyAuditRows(last)).toMatchObject({ ok: true, from: base + 8 });
  });

  it('renames document ids in the log and re-hashes the chain after them: it still verifies', async () => {
    const store = opened.store;
    const [old1, old2, kept, new1, new2] = ['old', 'old', 'kept', 'j', 'j'].map(unique);
    expect(await store.moves.renameAuditDocuments([[old1!, new1!]])).toEqual({ renamed: 0 });
    const base = (await newest(store))?.seq ?? 0;
    const view = (docId?: string) =>
      store.access.audit({ action: 'journey.view', outcome: 'ok', actor: 'staff:st_1', ...(docId ? { docId } : {}) });
    await view();
    await view(old1);
    await view(kept);
    await view(old2);
    await view(old1);
    const before = await store.access.allAuditRows();
    expect(await store.moves.auditedDocuments()).toEqual(expect.arrayContaining([old1, old2, kept]));

    const renamed = await store.moves.renameAuditDocuments([
      [old1!, new1!],
      [old2!, new2!],
      [unique('not-audited'), unique('j')],
    ]);
    expect(renamed).toEqual({ renamed: 3, from: base + 2, before: { seq: base + 5, hash: before.at(-1)!.hash } });
    const after = await store.access.allAuditRows();
    expect(since(base, after).map((r) => r.docId)).toEqual([undefined, new1, kept, new2, new1]);
    expect(since(base, after)[0]).toEqual(since(base, before)[0]);
    expect(since(base, after)[1]!.hash).not.toBe(since(base, before)[1]!.hash);
    expect(verifyAuditRows(after)).toMatchObject({ ok: true, rows: after.length, last: { seq: base + 5 } });
    const audited = await store.moves.auditedDocuments();
    expect(audited).toEqual(expect.arrayContaining([new1, new2, kept]));
    expect(audited).not.toContain(old1);
    expect(audited).not.toContain(old2);
    expect(new Set(audited).size).toBe(audited.length);
    // The chain goes on from the re-hashed head.
    await view(new2);
    const appended = await store.access.allAuditRows();
    expect(appended.at(-1)!.prevHash).toBe(after.at(-1)!.hash);
    expect(verifyAuditRows(appended)).toMatchObject({ ok: true, rows: after.length + 1 });
  });

  it('renames after retention: the first kept row keeps its link to the pruned one', async () => {
    const store = opened.store;
    const present = await store.access.allAuditRows();
    const base = present.at(-1)?.seq ?? 0;
    const [gone, old, moved] = ['gone', 'old', 'j'].map(unique);
    await nextMillisecond();
    for (const docId of [gone, old, old]) {
      await store.access.audit({ action: 'journey.view', outcome: 'ok', actor: 'staff:st_1', docId });
      await nextMillisecond();
    }
    const written = since(base, await store.access.allAuditRows());
    expect(await store.access.pruneAudit(written[1]!.at)).toBe(present.length + 1);
    expect(await store.moves.renameAuditDocuments([[old!, moved!]])).toMatchObject({ renamed: 2, from: base + 2 });
    const rows = await store.access.allAuditRows();
    expect(rows.map((r) => r.docId)).toEqual([moved, moved, undefined]);
    expect(rows[0]!.prevHash).toBe(written[0]!.hash);
    expect(verifyAuditRows(rows)).toMatchObject({ ok: true, from: base + 2, rows: 3 });
  });

  describe('moving a document', () => {
    it('moves a document to a new id with every record that named it; the old one stays until erased', async () => {
      const store = opened.store;
      const project = await storeProject(store);
      const family = await storeFamily(store, project);
      const oldId = await storeDocument(store);
      const toc = await storeDocument(store, 'toc');
      const otherJourney = await storeDocument(store);
      await store.access.placeDocument(oldId, project);
      await store.families.attachDocument(oldId, family);
      await store.families.setCohort(toc, [oldId, otherJourney]);
      await store.journeys.archive(oldId, 'staff:st_1');
      const invite = {
        id: unique('gr'),
        kind: 'invite' as const,
        docId: oldId,
        role: 'participant',
        createdBy: 'staff:st_1',
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2999-01-01T00:00:00.000Z',
      };
      await store.access.putGrant(invite);
      await nextMillisecond();
      const later = await storeDocument(store);
      await store.families.attachDocument(later, family);

      const newId = unique('j');
      const doc = new Y.Doc();
      doc.getText('notes').insert(0, 'The same words under a new id.');
      const update = Y.encodeStateAsUpdate(doc);
      const moved = {
        oldKey: unique('hmac'),
        newId,
        recordKeys: { 'hmac-of-stage': 'st_new' },
        baseUpdate: update,
        oldStateVector: Y.encodeStateVector(doc),
        keptUntil: '2999-01-01T00:00:00.000Z',
      };
      await store.moves.moveDocument({ oldId, newId, kind: 'journey', update, readModel: '{"moved":true}', moved });

      expect(await store.has(newId)).toBe(true);
      expect(stateOf((await store.loadLog(newId)).updates).text).toBe('The same words under a new id.');
      expect((await store.loadLog(newId)).lastSeq).toBe(1);
      expect(await store.getReadModel(newId)).toMatchObject({ kind: 'journey', json: '{"moved":true}' });
      expect(await store.access.projectOf(newId)).toBe(project);
      expect(await store.families.familyOf(newId)).toBe(family);
      expect(await store.families.familyOf(oldId)).toBeUndefined();
      // It keeps its place among the family's journeys: it was made when the old one was.
      expect(await store.families.documentsOf(family)).toEqual([newId, later]);
      expect(await store.families.cohortOf(toc)).toEqual([newId, otherJourney].sort());
      expect((await store.journeys.archivedIds()).has(newId)).toBe(true);
      expect((await store.journeys.archivedIds()).has(oldId)).toBe(false);
      expect(await store.access.getGrant(invite.id)).toEqual({ ...invite, docId: newId });
      expect(await store.access.listGrants(oldId)).toEqual([]);
      expect(await store.families.findMoved(moved.oldKey)).toEqual(moved);
      // The old document is still there, until it is erased.
      expect(await store.has(oldId)).toBe(true);
      await store.erase(oldId);
      expect(await store.has(oldId)).toBe(false);
      expect(await store.families.findMoved(moved.oldKey)).toEqual(moved);

      // A document that is not stored cannot be moved; nothing is kept of the attempt.
      const nowhere = unique('j');
      await expect(
        store.moves.moveDocument({
          oldId: 'doc_nobody',
          newId: nowhere,
          kind: 'journey',
          update,
          readModel: '{}',
          moved: { ...moved, oldKey: unique('hmac'), newId: nowhere },
        }),
      ).rejects.toThrow();
      expect(await store.has(nowhere)).toBe(false);
      doc.destroy();
    });

    it('an update written for the old id before the move is not the new document’s', async () => {
      const store = opened.store;
      const oldId = await storeDocument(store);
      await store.appendUpdate(oldId, 2, yUpdate('written before the move'));
      const newId = unique('j');
      const update = yUpdate('moved');
      await store.moves.moveDocument({
        oldId,
        newId,
        kind: 'journey',
        update,
        readModel: '{}',
        moved: {
          oldKey: unique('hmac'),
          newId,
          recordKeys: {},
          baseUpdate: update,
          oldStateVector: new Uint8Array([0]),
          keptUntil: '2999-01-01T00:00:00.000Z',
        },
      });
      expect(await store.countUpdates(newId)).toBe(1);
      expect((await store.loadLog(oldId)).lastSeq).toBe(2);
    });
  });
});
