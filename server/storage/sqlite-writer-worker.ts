/**
 * The SQLite writer thread: the one connection that writes, off the event loop, so neither a
 * flush to disk nor a lock held by another process (a backup, the CLI) ever stalls pages or
 * rooms. Each group of writes is one transaction (WAL, `synchronous = FULL`), each write inside
 * its own savepoint: a write that fails alone (a constraint) is undone alone and the group goes
 * on; a failure that ends the transaction (a full disk, an I/O error) fails the group.
 */
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { accessWriter, isAccessWrite } from './sqlite-access.ts';
import { ERASING_OPS, familyWriter, isFamilyWrite } from './sqlite-families.ts';
import { isJourneyWrite, journeyWriter } from './sqlite-journeys.ts';
import { isVersionWrite, versionWriter } from './sqlite-versions.ts';
import { isResearchWrite, researchWriter } from './sqlite-research.ts';
import { isMoveWrite, moveWriter } from './sqlite-moves.ts';
import { migrateSchema } from './sqlite-schema.ts';
import type { SqliteWrite, WriterMessage, WriterStart } from './sqlite-writes.ts';

const port = parentPort;
if (!port) throw new Error('the SQLite writer runs as a worker thread');
const post = (message: WriterMessage) => port.postMessage(message);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Waits for a lock held by another process here, on this thread, never on the event loop. */
const BUSY_TIMEOUT_MS = 5000;

function open(file: string) {
  const db = new DatabaseSync(file);
  // secure_delete: erased rows are overwritten with zeros, not left in free pages.
  db.exec(
    `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
     PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;`,
  );
  migrateSchema(db);
  return db;
}

let db: DatabaseSync;
try {
  db = open((workerData as WriterStart).file);
} catch (error) {
  post({ type: 'open-failed', message: messageOf(error) });
  process.exit(0);
}

const now = () => new Date().toISOString();
const sql = {
  insertDocument: db.prepare('INSERT OR IGNORE INTO documents (id, kind, created_at) VALUES (?, ?, ?)'),
  deleteUpdates: db.prepare('DELETE FROM updates WHERE doc_id = ?'),
  insertUpdate: db.prepare('INSERT INTO updates (doc_id, seq, data) VALUES (?, ?, ?)'),
  deleteThrough: db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq <= ?'),
  putReadModel: db.prepare(
    `INSERT INTO read_models (doc_id, json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (doc_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
  ),
  putControls: db.prepare(
    `INSERT INTO room_controls (doc_id, json, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (doc_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
  ),
  documentExists: db.prepare('SELECT 1 AS found FROM documents WHERE id = ?'),
  deleteDocument: db.prepare('DELETE FROM documents WHERE id = ?'),
  putReferenceTable: db.prepare(
    `INSERT INTO reference_tables (id, kind, label, csv, imported_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (kind, id) DO UPDATE SET label = excluded.label, csv = excluded.csv, imported_at = excluded.imported_at`,
  ),
};

const performAccess = accessWriter(db);
const performFamily = familyWriter(db);
const performMove = moveWriter(db);
const performJourney = journeyWriter(db);
const performVersion = versionWriter(db);
const performResearch = researchWriter(db);

function perform(write: SqliteWrite): unknown {
  if (isAccessWrite(write)) return performAccess(write);
  if (isFamilyWrite(write)) return performFamily(write);
  if (isMoveWrite(write)) return performMove(write);
  if (isJourneyWrite(write)) return performJourney(write);
  if (isVersionWrite(write)) return performVersion(write);
  if (isResearchWrite(write)) return performResearch(write);
  switch (write.op) {
    case 'create':
      if (sql.insertDocument.run(write.docId, write.kind, now()).changes === 0) return false;
      sql.insertUpdate.run(write.docId, 1, write.update);
      sql.putReadModel.run(write.docId, write.readModel, now());
      return true;
    case 'replace':
      sql.insertDocument.run(write.docId, write.kind, now());
      sql.deleteUpdates.run(write.docId);
      sql.insertUpdate.run(write.docId, 1, write.update);
      sql.putReadModel.run(write.docId, write.readModel, now());
      return undefined;
    case 'append':
      sql.insertUpdate.run(write.docId, write.seq, write.update);
      return undefined;
    case 'compact':
      sql.deleteThrough.run(write.docId, write.throughSeq);
      sql.insertUpdate.run(write.docId, write.throughSeq, write.snapshot);
      return undefined;
    case 'putReadModel':
      // A read model for a document erased meanwhile would fail its foreign key: there is nothing to describe.
      if (sql.documentExists.get(write.docId) === undefined) return undefined;
      sql.putReadModel.run(write.docId, write.json, now());
      return undefined;
    case 'putControls':
      if (sql.documentExists.get(write.docId) === undefined) return undefined;
      sql.putControls.run(write.docId, write.json, now());
      return undefined;
    case 'putReferenceTable': {
      const t = write.table;
      sql.putReferenceTable.run(t.id, t.kind, t.label, t.csv, t.importedAt);
      return undefined;
    }
    case 'erase':
      sql.deleteDocument.run(write.docId);
      return undefined;
  }
}

function commitGroup(writes: SqliteWrite[]): WriterMessage {
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    return { type: 'failed', message: messageOf(error) };
  }
  const outcomes: Extract<WriterMessage, { type: 'committed' }>['outcomes'] = [];
  try {
    for (const write of writes) {
      db.exec('SAVEPOINT one_write');
      try {
        outcomes.push({ ok: true, value: perform(write) });
        db.exec('RELEASE one_write');
      } catch (error) {
        // A full disk or an I/O error rolls the whole transaction back by itself: the group has failed.
        if (!db.isTransaction) throw error;
        db.exec('ROLLBACK TO one_write');
        db.exec('RELEASE one_write');
        outcomes.push({ ok: false, message: messageOf(error) });
      }
    }
    db.exec('COMMIT');
  } catch (error) {
    // Only roll back what is still open: SQLite may already have (SQLITE_FULL), and a second
    // rollback would throw and hide the real error.
    if (db.isTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // The transaction is gone either way; the error worth reporting is the first one.
      }
    }
    return { type: 'failed', message: messageOf(error) };
  }
  // A move renames old ids: their old pages must not outlive it in the write-ahead log either.
  if (writes.some((write) => ERASING_OPS.has(write.op) || isMoveWrite(write))) checkpointOwed = true;
  if (checkpointOwed) checkpointOwed = !emptyTheLog();
  return { type: 'committed', outcomes };
}

/** An erasure is committed but the write-ahead log may still hold its bytes until this succeeds. */
let checkpointOwed = false;
const CHECKPOINT_TRIES = 100;
const CHECKPOINT_PAUSE_MS = 20;

/**
 * Copy the write-ahead log into the database file and truncate it to nothing, so erased bytes
 * live on in neither. A reader in the middle of a read (here, or another process) holds the log
 * back: wait briefly and try again; if it still cannot, try again after the next group.
 */
function emptyTheLog(): boolean {
  for (let attempt = 0; attempt < CHECKPOINT_TRIES; attempt++) {
    try {
      const result = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number } | undefined;
      if (result?.busy === 0) return true;
    } catch {
      // SQLITE_BUSY from another writer: the same as a busy result.
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, CHECKPOINT_PAUSE_MS);
  }
  return false;
}

port.on('message', (message: { type: 'group'; writes: SqliteWrite[] } | { type: 'close' }) => {
  if (message.type === 'close') {
    db.close();
    port.close();
    return;
  }
  post(commitGroup(message.writes));
});
post({ type: 'ready' });
