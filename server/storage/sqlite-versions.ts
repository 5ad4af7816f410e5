/**
 * The version records (version-records.ts) in SQLite: the write as plain data for the writer
 * thread and how it performs it, and the reads on the store's read-only connection.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { StoredVersion, VersionRecords, VersionSummary } from './version-records.ts';
import { type SummaryRow } from './stored-rows.ts';

export type VersionWrite =
  | { op: 'addVersion'; docId: string; version: StoredVersion }
  | { op: 'rewriteVersion'; docId: string; versionId: string; state: Uint8Array };

export const isVersionWrite = (write: { op: string }): write is VersionWrite =>
  write.op === 'addVersion' || write.op === 'rewriteVersion';

/** On the writer thread: performs version writes inside the group's transaction. */
export function versionWriter(db: DatabaseSync): (write: VersionWrite) => unknown {
  const insert = db.prepare(
    `INSERT INTO versions (id, doc_id, name, kind, made_at, made_by, state) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const rewrite = db.prepare('UPDATE versions SET state = ? WHERE doc_id = ? AND id = ?');
  return (write) => {
    if (write.op === 'rewriteVersion') rewrite.run(write.state, write.docId, write.versionId);
    else {
      const v = write.version;
      insert.run(v.id, v.docId, v.name, v.kind, v.madeAt, v.madeBy, v.state);
    }
    return undefined;
  };
}

const summaryOf = (row: SummaryRow): VersionSummary => ({
  id: row.id,
  docId: row.doc_id,
  name: row.name,
  kind: row.kind,
  madeAt: row.made_at,
  madeBy: row.made_by,
  bytes: row.bytes,
});

const COLUMNS = 'id, doc_id, name, kind, made_at, made_by, length(state) AS bytes';

export function sqliteVersionRecords(db: DatabaseSync, write: (w: VersionWrite) => Promise<void>): VersionRecords {
  const list = db.prepare(`SELECT ${COLUMNS} FROM versions WHERE doc_id = ? ORDER BY made_at DESC, rowid DESC`);
  const one = db.prepare(`SELECT ${COLUMNS}, state FROM versions WHERE doc_id = ? AND id = ?`);
  return {
    add: (version) => write({ op: 'addVersion', docId: version.docId, version }),
    rewrite: (docId, versionId, state) => write({ op: 'rewriteVersion', docId, versionId, state }),
    list: async (docId) => (list.all(docId) as unknown as SummaryRow[]).map(summaryOf),
    get: async (docId, versionId) => {
      const row = one.get(docId, versionId) as unknown as (SummaryRow & { state: Uint8Array }) | undefined;
      return row && { ...summaryOf(row), state: new Uint8Array(row.state) };
    },
  };
}
