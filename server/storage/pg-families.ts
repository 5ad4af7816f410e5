/**
 * The family records (family-records.ts) in PostgreSQL: the same records as sqlite-families.ts,
 * read on the pool and written through the store's one ordered queue (pg-writes.ts).
 *
 * Erasing a family deletes what SQLite's erasure deletes, in one write; once it has committed,
 * the tables it deleted from are vacuumed, as SQLite's writer overwrites freed pages and empties
 * its write-ahead log after one.
 */
import type pg from 'pg';
import { costsDocId } from '../../src/doc/costs/companion.ts';
import type { ConsentDecision } from '../../src/model/consent.ts';
import type { ErasureListeners } from './document-store.ts';
import type { Erased, FamilyRecords, MovedDocument } from './family-records.ts';
import { bytes, DELETE_RUNS_OF_FAMILY, now, vacuum, VACUUM_ERASED_FAMILY } from './pg-rows.ts';
import type { PgWriter } from './pg-writes.ts';
import { type ConsentRow, type FamilyRow, toDecision, toFamily } from './stored-rows.ts';

interface MovedRow {
  old_key: string;
  new_id: string;
  record_keys: string;
  base_update: Buffer;
  old_state_vector: Buffer;
  kept_until: string;
}
const toMoved = (r: MovedRow): MovedDocument => ({
  oldKey: r.old_key,
  newId: r.new_id,
  recordKeys: JSON.parse(r.record_keys) as Record<string, string>,
  baseUpdate: bytes(r.base_update),
  oldStateVector: bytes(r.old_state_vector),
  keptUntil: r.kept_until,
});

/** Families the demonstration generator made are left out of lists unless chosen by name (research-records.ts). */
const NOT_SYNTHETIC = 'id NOT IN (SELECT family_id FROM synthetic_families)';

/** SQLite's NOCASE folds ASCII letters only, as lower() does under "C". */
const BY_PSEUDONYM = 'ORDER BY lower(pseudonym COLLATE "C"), id COLLATE "C"';

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

export function pgFamilyRecords(pool: pg.Pool, write: PgWriter, erasures: ErasureListeners): FamilyRecords {
  const rows = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    (await pool.query<R>(text, values)).rows;
  const one = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => (await rows<R>(text, values))[0];
  return {
    addFamily: (f) =>
      write(async (tx) => {
        await tx.query(
          'INSERT INTO families (id, project_id, pseudonym, created_at, created_by) VALUES ($1, $2, $3, $4, $5)',
          [f.id, f.projectId, f.pseudonym, f.createdAt, f.createdBy],
        );
      }),
    renameFamily: (id, pseudonym) =>
      write(async (tx) => {
        await tx.query('UPDATE families SET pseudonym = $1 WHERE id = $2', [pseudonym, id]);
      }),
    getFamily: async (id) => {
      const row = await one<FamilyRow>('SELECT * FROM families WHERE id = $1', [id]);
      return row && toFamily(row);
    },
    listFamilies: async (projectIds) =>
      (projectIds === undefined
        ? await rows<FamilyRow>(`SELECT * FROM families WHERE ${NOT_SYNTHETIC} ${BY_PSEUDONYM}`)
        : await rows<FamilyRow>(
            `SELECT * FROM families WHERE project_id = ANY($1) AND ${NOT_SYNTHETIC} ${BY_PSEUDONYM}`,
            [[...projectIds]],
          )
      ).map(toFamily),
    attachDocument: (docId, familyId) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO family_documents (doc_id, family_id) VALUES ($1, $2)
           ON CONFLICT (doc_id) DO UPDATE SET family_id = excluded.family_id`,
          [docId, familyId],
        );
      }, docId),
    familyOf: async (docId) =>
      (await one<{ family_id: string }>('SELECT family_id FROM family_documents WHERE doc_id = $1', [docId]))
        ?.family_id,
    documentsOf: async (familyId) =>
      (
        await rows<{ doc_id: string }>(
          `SELECT f.doc_id FROM family_documents f JOIN documents d ON d.id = f.doc_id
           WHERE f.family_id = $1 ORDER BY d.created_at COLLATE "C", d.id COLLATE "C"`,
          [familyId],
        )
      ).map((r) => r.doc_id),
    documentsOfFamilies: async (familyIds) =>
      byFamily(
        await rows<{ family_id: string; doc_id: string }>(
          `SELECT f.family_id, f.doc_id FROM family_documents f JOIN documents d ON d.id = f.doc_id
           WHERE f.family_id = ANY($1) ORDER BY d.created_at COLLATE "C", d.id COLLATE "C"`,
          [[...familyIds]],
        ),
        (row) => row.doc_id,
      ),
    recordConsent: (d) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO consent_decisions
             (id, family_id, scope, decision, given_by, method, decided_on, review_on, recorded_by, recorded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
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
          ],
        );
      }),
    consentHistory: async (familyId) =>
      (
        await rows<ConsentRow>(
          'SELECT * FROM consent_decisions WHERE family_id = $1 ORDER BY recorded_at COLLATE "C", id COLLATE "C"',
          [familyId],
        )
      ).map(toDecision),
    consentCounts: async (familyIds) =>
      new Map(
        (
          await rows<{ family_id: string; n: string }>(
            // From the index on family_id alone; in its order, as SQLite reads them.
            `SELECT family_id, count(*) AS n FROM consent_decisions WHERE family_id = ANY($1)
             GROUP BY family_id ORDER BY family_id COLLATE "C"`,
            [[...familyIds]],
          )
        ).map((r) => [r.family_id, Number(r.n)]),
      ),
    consentHistories: async (familyIds) =>
      byFamily(
        await rows<ConsentRow>(
          `SELECT * FROM consent_decisions WHERE family_id = ANY($1)
           ORDER BY recorded_at COLLATE "C", id COLLATE "C"`,
          [[...familyIds]],
        ),
        toDecision,
      ),
    consentHistoryOfJourneys: async (journeyIds) => {
      const byJourney = new Map<string, ConsentDecision[]>();
      if (journeyIds.length === 0) return byJourney;
      const found = await rows<ConsentRow & { journey_id: string }>(
        `SELECT f.doc_id AS journey_id, c.* FROM family_documents f
         JOIN consent_decisions c ON c.family_id = f.family_id
         WHERE f.doc_id = ANY($1) ORDER BY c.recorded_at COLLATE "C", c.id COLLATE "C", f.doc_id COLLATE "C"`,
        [[...journeyIds]],
      );
      for (const row of found) {
        const list = byJourney.get(row.journey_id) ?? [];
        list.push(toDecision(row));
        byJourney.set(row.journey_id, list);
      }
      return byJourney;
    },
    setCohort: (tocId, journeyIds) =>
      write(async (tx) => {
        await tx.query('DELETE FROM toc_cohorts WHERE toc_id = $1', [tocId]);
        await tx.query(
          'INSERT INTO toc_cohorts (toc_id, journey_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
          [tocId, [...journeyIds]],
        );
      }, tocId),
    cohortOf: async (tocId) =>
      (
        await rows<{ journey_id: string }>(
          'SELECT journey_id FROM toc_cohorts WHERE toc_id = $1 ORDER BY journey_id COLLATE "C"',
          [tocId],
        )
      ).map((r) => r.journey_id),
    tocsCiting: async (journeyId) =>
      (
        await rows<{ toc_id: string }>(
          'SELECT toc_id FROM toc_cohorts WHERE journey_id = $1 ORDER BY toc_id COLLATE "C"',
          [journeyId],
        )
      ).map((r) => r.toc_id),
    putMoved: (m) =>
      write(async (tx) => {
        await tx.query(
          `INSERT INTO moved_documents (old_key, new_id, record_keys, base_update, old_state_vector, kept_until)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (old_key) DO UPDATE SET new_id = excluded.new_id, record_keys = excluded.record_keys,
             base_update = excluded.base_update, old_state_vector = excluded.old_state_vector,
             kept_until = excluded.kept_until`,
          [
            m.oldKey,
            m.newId,
            JSON.stringify(m.recordKeys),
            Buffer.from(m.baseUpdate),
            Buffer.from(m.oldStateVector),
            m.keptUntil,
          ],
        );
      }),
    findMoved: async (oldKey) => {
      const row = await one<MovedRow>('SELECT * FROM moved_documents WHERE old_key = $1', [oldKey]);
      return row && toMoved(row);
    },
    pruneMoved: (at) =>
      write(async (tx) =>
        Number((await tx.query('DELETE FROM moved_documents WHERE kept_until COLLATE "C" < $1', [at])).rowCount),
      ),
    eraseFamily: async (familyId) => {
      const erased = await write<Erased>(async (tx) => {
        const docIds = (
          await tx.query<{ doc_id: string }>('SELECT doc_id FROM family_documents WHERE family_id = $1', [familyId])
        ).rows.map((row) => row.doc_id);
        // A journey's costs companion (COSTS1) goes with it: the same writes, under its own id.
        const all = docIds.flatMap((id) => [id, costsDocId(id)]);
        await tx.query('DELETE FROM grants WHERE doc_id = ANY($1)', [all]);
        // Cascades: update log, read model, project, family link, cohort rows, moves.
        await tx.query('DELETE FROM documents WHERE id = ANY($1)', [all]);
        // Which process owned its rooms names it too; as the store's own erase does.
        await tx.query('DELETE FROM room_leases WHERE doc_id = ANY($1)', [all]);
        await tx.query(
          'INSERT INTO erased_documents (doc_id, erased_at) SELECT unnest($1::text[]), $2 ON CONFLICT DO NOTHING',
          [all, now()],
        );
        // Typing runs it was part of hold aggregates of its answers (derived data): they go too.
        await tx.query(DELETE_RUNS_OF_FAMILY, [familyId]);
        // Cascades: consent history, profiles, assessments, cohort memberships, type assignments.
        await tx.query('DELETE FROM families WHERE id = $1', [familyId]);
        return { familyId, docIds };
      });
      try {
        erasures.announce({ familyIds: [familyId], docIds: erased.docIds.flatMap((id) => [id, costsDocId(id)]) });
      } finally {
        await vacuum(pool, VACUUM_ERASED_FAMILY);
      }
      return erased;
    },
    isErased: async (docId) =>
      (await rows('SELECT 1 AS found FROM erased_documents WHERE doc_id = $1', [docId])).length > 0,
    stepDone: async (name) => (await rows('SELECT 1 AS found FROM server_steps WHERE name = $1', [name])).length > 0,
    markStepDone: (name) =>
      write(async (tx) => {
        await tx.query('INSERT INTO server_steps (name, done_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          name,
          now(),
        ]);
      }),
  };
}
