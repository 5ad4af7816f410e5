/**
 * The family records (family-records.ts) in SQLite: the writes as plain data for the writer
 * thread and how it performs them, and the reads on the store's read-only connection.
 */
import { costsDocId } from '../../src/doc/costs/companion.ts';
import type { DatabaseSync } from 'node:sqlite';
import { inList, now } from './sqlite-rows.ts';
import { DELETE_RUNS_OF_FAMILY, inSlices } from './sqlite-research.ts';
import type { ConsentDecision } from '../../src/model/consent.ts';
import type { ErasureListeners } from './document-store.ts';
import type { Erased, FamilyRecord, FamilyRecords, MovedDocument } from './family-records.ts';
import { type ConsentRow, type FamilyRow, toDecision, toFamily } from './stored-rows.ts';

export type FamilyWrite =
  | { op: 'addFamily'; docId?: undefined; family: FamilyRecord }
  | { op: 'renameFamily'; docId?: undefined; id: string; pseudonym: string }
  | { op: 'attachDocument'; docId: string; familyId: string }
  | { op: 'recordConsent'; docId?: undefined; decision: ConsentDecision }
  | { op: 'setCohort'; docId: string; journeyIds: readonly string[] }
  | { op: 'putMoved'; docId?: undefined; moved: MovedDocument }
  | { op: 'pruneMoved'; docId?: undefined; now: string }
  | { op: 'eraseFamily'; docId?: undefined; familyId: string }
  | { op: 'markStepDone'; docId?: undefined; name: string };

const FAMILY_OPS = new Set<string>([
  'addFamily',
  'renameFamily',
  'attachDocument',
  'recordConsent',
  'setCohort',
  'putMoved',
  'pruneMoved',
  'eraseFamily',
  'markStepDone',
]);

export const isFamilyWrite = (write: { op: string }): write is FamilyWrite => FAMILY_OPS.has(write.op);

/** Writes after which the writer overwrites freed pages and empties the write-ahead log. */
export const ERASING_OPS: ReadonlySet<string> = new Set(['erase', 'eraseFamily']);

interface MovedRow {
  old_key: string;
  new_id: string;
  record_keys: string;
  base_update: Uint8Array;
  old_state_vector: Uint8Array;
  kept_until: string;
}
const toMoved = (r: MovedRow): MovedDocument => ({
  oldKey: r.old_key,
  newId: r.new_id,
  recordKeys: JSON.parse(r.record_keys) as Record<string, string>,
  baseUpdate: r.base_update,
  oldStateVector: r.old_state_vector,
  keptUntil: r.kept_until,
});

/** On the writer thread: performs family writes inside the group's transaction. */
export function familyWriter(db: DatabaseSync): (write: FamilyWrite) => unknown {
  const sql = {
    addFamily: db.prepare(
      'INSERT INTO families (id, project_id, pseudonym, created_at, created_by) VALUES (?, ?, ?, ?, ?)',
    ),
    renameFamily: db.prepare('UPDATE families SET pseudonym = ? WHERE id = ?'),
    attachDocument: db.prepare(
      `INSERT INTO family_documents (doc_id, family_id) VALUES (?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET family_id = excluded.family_id`,
    ),
    recordConsent: db.prepare(
      `INSERT INTO consent_decisions
         (id, family_id, scope, decision, given_by, method, decided_on, review_on, recorded_by, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    clearCohort: db.prepare('DELETE FROM toc_cohorts WHERE toc_id = ?'),
    addToCohort: db.prepare('INSERT OR IGNORE INTO toc_cohorts (toc_id, journey_id) VALUES (?, ?)'),
    putMoved: db.prepare(
      `INSERT INTO moved_documents (old_key, new_id, record_keys, base_update, old_state_vector, kept_until)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (old_key) DO UPDATE SET new_id = excluded.new_id, record_keys = excluded.record_keys,
         base_update = excluded.base_update, old_state_vector = excluded.old_state_vector,
         kept_until = excluded.kept_until`,
    ),
    pruneMoved: db.prepare('DELETE FROM moved_documents WHERE kept_until < ?'),
    documentsOf: db.prepare('SELECT doc_id FROM family_documents WHERE family_id = ?'),
    deleteGrantsOf: db.prepare('DELETE FROM grants WHERE doc_id = ?'),
    deleteDocument: db.prepare('DELETE FROM documents WHERE id = ?'),
    markErased: db.prepare('INSERT OR IGNORE INTO erased_documents (doc_id, erased_at) VALUES (?, ?)'),
    deleteFamily: db.prepare('DELETE FROM families WHERE id = ?'),
    deleteRunsOf: db.prepare(DELETE_RUNS_OF_FAMILY),
    markStepDone: db.prepare('INSERT OR IGNORE INTO server_steps (name, done_at) VALUES (?, ?)'),
  };
  return (write) => {
    switch (write.op) {
      case 'addFamily': {
        const f = write.family;
        sql.addFamily.run(f.id, f.projectId, f.pseudonym, f.createdAt, f.createdBy);
        return undefined;
      }
      case 'renameFamily':
        sql.renameFamily.run(write.pseudonym, write.id);
        return undefined;
      case 'attachDocument':
        sql.attachDocument.run(write.docId, write.familyId);
        return undefined;
      case 'recordConsent': {
        const d = write.decision;
        sql.recordConsent.run(
          d.id,
          d.familyId,
          d.scope,
          d.decision,
          d.givenBy,
          d.method,
          d.decidedOn,
          d.reviewOn ?? null,
          d.recordedBy,
          d.recordedAt,
        );
        return undefined;
      }
      case 'setCohort':
        sql.clearCohort.run(write.docId);
        for (const journeyId of write.journeyIds) sql.addToCohort.run(write.docId, journeyId);
        return undefined;
      case 'putMoved': {
        const m = write.moved;
        sql.putMoved.run(m.oldKey, m.newId, JSON.stringify(m.recordKeys), m.baseUpdate, m.oldStateVector, m.keptUntil);
        return undefined;
      }
      case 'pruneMoved':
        return Number(sql.pruneMoved.run(write.now).changes);
      case 'eraseFamily': {
        const docIds = (sql.documentsOf.all(write.familyId) as { doc_id: string }[]).map((row) => row.doc_id);
        const at = now();
        // A journey's costs companion (COSTS1) goes with it: the same writes, under its own id.
        for (const docId of docIds.flatMap((id) => [id, costsDocId(id)])) {
          sql.deleteGrantsOf.run(docId);
          // Cascades: update log, read model, project, family link, cohort rows, moves.
          sql.deleteDocument.run(docId);
          sql.markErased.run(docId, at);
        }
        // Typing runs it was part of hold aggregates of its answers (derived data): they go too.
        sql.deleteRunsOf.run(write.familyId);
        // Cascades: consent history, profiles, assessments, cohort memberships, type assignments.
        sql.deleteFamily.run(write.familyId);
        return { familyId: write.familyId, docIds } satisfies Erased;
      }
      case 'markStepDone':
        sql.markStepDone.run(write.name, now());
        return undefined;
    }
  };
}

/** Families the demonstration generator made are left out of lists unless chosen by name (research-records.ts). */
const NOT_SYNTHETIC = 'id NOT IN (SELECT family_id FROM synthetic_families)';

/** Rows of these families, each family's in the order read, by family id. */
function byFamily<Row extends { family_id: string }, T>(rows: readonly Row[], as: (row: Row) => T): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const row of rows) {
    const list = grouped.get(row.family_id);
    if (list) list.push(as(row));
    else grouped.set(row.family_id, [as(row)]);
  }
  return grouped;
}

/** On the event loop's thread: reads on the read-only connection, writes through the queue. */
export function sqliteFamilyRecords(
  db: DatabaseSync,
  write: <T>(w: FamilyWrite) => Promise<T>,
  erasures: ErasureListeners,
): FamilyRecords {
  const sql = {
    getFamily: db.prepare('SELECT * FROM families WHERE id = ?'),
    allFamilies: db.prepare(`SELECT * FROM families WHERE ${NOT_SYNTHETIC} ORDER BY pseudonym COLLATE NOCASE, id`),
    familyOf: db.prepare('SELECT family_id FROM family_documents WHERE doc_id = ?'),
    documentsOf: db.prepare(
      `SELECT f.doc_id FROM family_documents f JOIN documents d ON d.id = f.doc_id
       WHERE f.family_id = ? ORDER BY d.created_at, d.id`,
    ),
    consentHistory: db.prepare('SELECT * FROM consent_decisions WHERE family_id = ? ORDER BY recorded_at, id'),
    cohortOf: db.prepare('SELECT journey_id FROM toc_cohorts WHERE toc_id = ? ORDER BY journey_id'),
    tocsCiting: db.prepare('SELECT toc_id FROM toc_cohorts WHERE journey_id = ? ORDER BY toc_id'),
    findMoved: db.prepare('SELECT * FROM moved_documents WHERE old_key = ?'),
    isErased: db.prepare('SELECT 1 AS found FROM erased_documents WHERE doc_id = ?'),
    stepDone: db.prepare('SELECT 1 AS found FROM server_steps WHERE name = ?'),
  };
  return {
    addFamily: (family) => write({ op: 'addFamily', family }),
    renameFamily: (id, pseudonym) => write({ op: 'renameFamily', id, pseudonym }),
    getFamily: async (id) => {
      const row = sql.getFamily.get(id) as FamilyRow | undefined;
      return row && toFamily(row);
    },
    listFamilies: async (projectIds) => {
      if (projectIds === undefined) return (sql.allFamilies.all() as unknown as FamilyRow[]).map(toFamily);
      const rows = db
        .prepare(
          `SELECT * FROM families WHERE project_id IN (${inList(projectIds)}) AND ${NOT_SYNTHETIC} ORDER BY pseudonym COLLATE NOCASE, id`,
        )
        .all(...projectIds) as unknown as FamilyRow[];
      return rows.map(toFamily);
    },
    attachDocument: (docId, familyId) => write({ op: 'attachDocument', docId, familyId }),
    familyOf: async (docId) => (sql.familyOf.get(docId) as { family_id: string } | undefined)?.family_id,
    documentsOf: async (familyId) => (sql.documentsOf.all(familyId) as { doc_id: string }[]).map((r) => r.doc_id),
    documentsOfFamilies: async (familyIds) =>
      byFamily(
        inSlices<{ family_id: string; doc_id: string }>(
          db,
          (list) =>
            `SELECT f.family_id, f.doc_id FROM family_documents f JOIN documents d ON d.id = f.doc_id
             WHERE f.family_id IN (${list}) ORDER BY d.created_at, d.id`,
          familyIds,
        ),
        (row) => row.doc_id,
      ),
    recordConsent: (decision) => write({ op: 'recordConsent', decision }),
    consentHistory: async (familyId) => (sql.consentHistory.all(familyId) as unknown as ConsentRow[]).map(toDecision),
    consentCounts: async (familyIds) =>
      new Map(
        inSlices<{ family_id: string; n: number }>(
          db,
          // From the index on family_id alone.
          (list) =>
            `SELECT family_id, count(*) AS n FROM consent_decisions WHERE family_id IN (${list}) GROUP BY family_id`,
          familyIds,
        ).map((r) => [r.family_id, r.n]),
      ),
    consentHistories: async (familyIds) =>
      byFamily(
        inSlices<ConsentRow>(
          db,
          (list) => `SELECT * FROM consent_decisions WHERE family_id IN (${list}) ORDER BY recorded_at, id`,
          familyIds,
        ),
        toDecision,
      ),
    consentHistoryOfJourneys: async (journeyIds) => {
      const byJourney = new Map<string, ConsentDecision[]>();
      if (journeyIds.length === 0) return byJourney;
      const rows = db
        .prepare(
          `SELECT f.doc_id AS journey_id, c.* FROM family_documents f
           JOIN consent_decisions c ON c.family_id = f.family_id
           WHERE f.doc_id IN (${inList(journeyIds)}) ORDER BY c.recorded_at, c.id`,
        )
        .all(...journeyIds) as unknown as (ConsentRow & { journey_id: string })[];
      for (const row of rows) {
        const list = byJourney.get(row.journey_id) ?? [];
        list.push(toDecision(row));
        byJourney.set(row.journey_id, list);
      }
      return byJourney;
    },
    setCohort: (tocId, journeyIds) => write({ op: 'setCohort', docId: tocId, journeyIds }),
    cohortOf: async (tocId) => (sql.cohortOf.all(tocId) as { journey_id: string }[]).map((r) => r.journey_id),
    tocsCiting: async (journeyId) => (sql.tocsCiting.all(journeyId) as { toc_id: string }[]).map((r) => r.toc_id),
    putMoved: (moved) => write({ op: 'putMoved', moved }),
    findMoved: async (oldKey) => {
      const row = sql.findMoved.get(oldKey) as MovedRow | undefined;
      return row && toMoved(row);
    },
    pruneMoved: (at) => write({ op: 'pruneMoved', now: at }),
    eraseFamily: async (familyId) => {
      const erased = await write<Erased>({ op: 'eraseFamily', familyId });
      erasures.announce({ familyIds: [familyId], docIds: erased.docIds.flatMap((id) => [id, costsDocId(id)]) });
      return erased;
    },
    isErased: async (docId) => sql.isErased.get(docId) !== undefined,
    stepDone: async (name) => sql.stepDone.get(name) !== undefined,
    markStepDone: (name) => write({ op: 'markStepDone', name }),
  };
}
