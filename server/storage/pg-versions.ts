/**
 * The version records (version-records.ts) in PostgreSQL: each write one statement in the
 * group's transaction, through the store's one ordered queue (pg-writes.ts), and the reads on
 * the pool. The same rows and the same answers as on SQLite (sqlite-versions.ts).
 */
import type pg from 'pg';
import type { StoredVersion, VersionRecords, VersionSummary } from './version-records.ts';
import type { PgWriter } from './pg-writes.ts';
import { bytes } from './pg-rows.ts';
import { type SummaryRow } from './stored-rows.ts';

const summaryOf = (row: SummaryRow): VersionSummary => ({
  id: row.id,
  docId: row.doc_id,
  name: row.name,
  kind: row.kind,
  madeAt: row.made_at,
  madeBy: row.made_by,
  bytes: row.bytes,
});

// length() of a bytea is its size from the value's header: the state itself is not read.
const COLUMNS = 'id, doc_id, name, kind, made_at, made_by, length(state) AS bytes';

/*
 * Versions made in the same millisecond come newest first by the order they were kept, as
 * SQLite's rowid gives them: each is kept by its own write, in its own savepoint, so the newer
 * has the later transaction id (age() compares them across wraparound). Rewriting a version's
 * state gives its row a new one, where SQLite keeps the rowid: only ties within a millisecond
 * can tell. Text is compared byte by byte ("C"), as SQLite does, whatever the database's collation.
 */
const LIST = `SELECT ${COLUMNS} FROM versions WHERE doc_id = $1 ORDER BY made_at COLLATE "C" DESC, added DESC`;
const ONE = `SELECT ${COLUMNS}, state FROM versions WHERE doc_id = $1 AND id = $2`;

export function pgVersionRecords(pool: pg.Pool, write: PgWriter): VersionRecords {
  return {
    add: (v) =>
      write(async (tx) => {
        await tx.query(
          'INSERT INTO versions (id, doc_id, name, kind, made_at, made_by, state) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [v.id, v.docId, v.name, v.kind, v.madeAt, v.madeBy, Buffer.from(v.state)],
        );
      }, v.docId),
    rewrite: (docId, versionId, state) =>
      write(async (tx) => {
        await tx.query('UPDATE versions SET state = $1 WHERE doc_id = $2 AND id = $3', [
          Buffer.from(state),
          docId,
          versionId,
        ]);
      }, docId),
    list: async (docId) => (await pool.query<SummaryRow>(LIST, [docId])).rows.map(summaryOf),
    get: async (docId, versionId) => {
      const row = (await pool.query<SummaryRow & { state: Buffer }>(ONE, [docId, versionId])).rows[0];
      return row && ({ ...summaryOf(row), state: bytes(row.state) } satisfies StoredVersion);
    },
  };
}
