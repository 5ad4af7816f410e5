/**
 * The embedded default: `node:sqlite` in WAL mode under DATA_DIR. Writes are synchronous and
 * committed before the call returns, which is what lets rooms persist before they broadcast.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { DocumentKind, DocumentStore, NewDocument, ReadModelRow } from './document-store.ts';
import { migrateSchema } from './sqlite-schema.ts';

export const DATABASE_FILE = 'turning-points.sqlite';

interface ReadModelRecord {
  doc_id: string;
  kind: DocumentKind;
  json: string;
  updated_at: string;
}

const toRow = (r: ReadModelRecord): ReadModelRow => ({
  docId: r.doc_id,
  kind: r.kind,
  json: r.json,
  updatedAt: r.updated_at,
});

export function openSqliteStore(dataDir: string): DocumentStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE));
  db.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
  );
  migrateSchema(db);

  const now = () => new Date().toISOString();
  const statements = {
    insertDocument: db.prepare('INSERT OR IGNORE INTO documents (id, kind, created_at) VALUES (?, ?, ?)'),
    hasDocument: db.prepare('SELECT 1 AS found FROM documents WHERE id = ?'),
    deleteUpdates: db.prepare('DELETE FROM updates WHERE doc_id = ?'),
    // One statement, so an append is one implicit transaction: one commit, no extra round trip.
    appendUpdate: db.prepare(
      'INSERT INTO updates (doc_id, seq, data) SELECT ?, COALESCE(MAX(seq), 0) + 1, ? FROM updates WHERE doc_id = ? RETURNING seq',
    ),
    lastSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM updates WHERE doc_id = ?'),
    countUpdates: db.prepare('SELECT COUNT(*) AS n FROM updates WHERE doc_id = ?'),
    deleteThrough: db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq <= ?'),
    insertUpdate: db.prepare('INSERT INTO updates (doc_id, seq, data) VALUES (?, ?, ?)'),
    loadUpdates: db.prepare('SELECT data FROM updates WHERE doc_id = ? ORDER BY seq'),
    putReadModel: db.prepare(
      `INSERT INTO read_models (doc_id, json, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
    ),
    getReadModel: db.prepare(
      'SELECT r.doc_id, d.kind, r.json, r.updated_at FROM read_models r JOIN documents d ON d.id = r.doc_id WHERE r.doc_id = ?',
    ),
    listReadModels: db.prepare(
      'SELECT r.doc_id, d.kind, r.json, r.updated_at FROM read_models r JOIN documents d ON d.id = r.doc_id WHERE d.kind = ? ORDER BY r.doc_id',
    ),
    deleteDocument: db.prepare('DELETE FROM documents WHERE id = ?'),
    consumeGrant: db.prepare('INSERT OR IGNORE INTO consumed_grants (jti, consumed_at) VALUES (?, ?)'),
    grantConsumed: db.prepare('SELECT 1 AS found FROM consumed_grants WHERE jti = ?'),
    putReferenceTable: db.prepare(
      `INSERT INTO reference_tables (id, kind, label, csv, imported_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET label = excluded.label, csv = excluded.csv, imported_at = excluded.imported_at`,
    ),
    listReferenceTables: db.prepare(
      'SELECT id, kind, label, csv, imported_at FROM reference_tables ORDER BY imported_at',
    ),
  };

  const transaction = <T>(work: () => T): T => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  };

  const append = (docId: string, update: Uint8Array): number =>
    (statements.appendUpdate.get(docId, update, docId) as { seq: number }).seq;

  return {
    create: ({ docId, kind, update, readModel }: NewDocument) =>
      transaction(() => {
        if (statements.insertDocument.run(docId, kind, now()).changes === 0) return false;
        append(docId, update);
        statements.putReadModel.run(docId, readModel, now());
        return true;
      }),
    replace: ({ docId, kind, update, readModel }: NewDocument) =>
      transaction(() => {
        statements.insertDocument.run(docId, kind, now());
        statements.deleteUpdates.run(docId);
        append(docId, update);
        statements.putReadModel.run(docId, readModel, now());
      }),
    has: (docId) => statements.hasDocument.get(docId) !== undefined,
    loadUpdates: (docId) => (statements.loadUpdates.all(docId) as { data: Uint8Array }[]).map((row) => row.data),
    appendUpdate: append,
    lastSeq: (docId) => (statements.lastSeq.get(docId) as { seq: number }).seq,
    countUpdates: (docId) => (statements.countUpdates.get(docId) as { n: number }).n,
    compact: (docId, snapshot, throughSeq) =>
      transaction(() => {
        statements.deleteThrough.run(docId, throughSeq);
        statements.insertUpdate.run(docId, throughSeq, snapshot);
      }),
    putReadModel: (docId, json) => void statements.putReadModel.run(docId, json, now()),
    getReadModel: (docId) => {
      const row = statements.getReadModel.get(docId) as ReadModelRecord | undefined;
      return row && toRow(row);
    },
    listReadModels: (kind) => (statements.listReadModels.all(kind) as unknown as ReadModelRecord[]).map(toRow),
    putReferenceTable: (t) => void statements.putReferenceTable.run(t.id, t.kind, t.label, t.csv, t.importedAt),
    listReferenceTables: () =>
      (
        statements.listReferenceTables.all() as {
          id: string;
          kind: 'unit-costs' | 'deflator';
          label: string;
          csv: string;
          imported_at: string;
        }[]
      ).map((row) => ({ id: row.id, kind: row.kind, label: row.label, csv: row.csv, importedAt: row.imported_at })),
    consumeGrant: (jti) => statements.consumeGrant.run(jti, now()).changes === 1,
    isGrantConsumed: (jti) => statements.grantConsumed.get(jti) !== undefined,
    erase: (docId) => transaction(() => void statements.deleteDocument.run(docId)),
    close: () => db.close(),
  };
}
