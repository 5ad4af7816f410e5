/**
 * The SQLite schema, versioned with `PRAGMA user_version`: each step runs once, in order,
 * inside a transaction. Append steps; never edit one that has shipped.
 */
import type { DatabaseSync } from 'node:sqlite';

const STEPS: readonly string[] = [
  `CREATE TABLE documents (
     id TEXT PRIMARY KEY,
     kind TEXT NOT NULL CHECK (kind IN ('journey', 'toc')),
     created_at TEXT NOT NULL
   );
   CREATE TABLE updates (
     doc_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
     seq INTEGER NOT NULL,
     data BLOB NOT NULL,
     PRIMARY KEY (doc_id, seq)
   );
   CREATE TABLE read_models (
     doc_id TEXT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
     json TEXT NOT NULL,
     updated_at TEXT NOT NULL
   );`,
  // Grants that are used up: sign-in links once redeemed, sessions once signed out.
  `CREATE TABLE consumed_grants (
     jti TEXT PRIMARY KEY,
     consumed_at TEXT NOT NULL
   );`,
  // Unit-cost tables and deflator series users imported, kept as the CSV they gave.
  `CREATE TABLE reference_tables (
     id TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('unit-costs', 'deflator')),
     label TEXT NOT NULL,
     csv TEXT NOT NULL,
     imported_at TEXT NOT NULL,
     PRIMARY KEY (kind, id)
   );`,
];

export function migrateSchema(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version > STEPS.length) {
    throw new Error(
      `the database was written by a newer Turning Points (schema ${version}, this one knows ${STEPS.length})`,
    );
  }
  for (const [index, sql] of STEPS.entries()) {
    if (index < version) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(sql);
      db.exec(`PRAGMA user_version = ${index + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
