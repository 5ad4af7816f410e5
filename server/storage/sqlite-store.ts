/**
 * The embedded default: `node:sqlite` in WAL mode under DATA_DIR. Writes go to a writer thread
 * (`sqlite-writer-worker.ts`) through one ordered queue and settle when durably committed;
 * reads use a read-only connection here, which in WAL mode never waits for the writer.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import {
  ErasureListeners,
  StorageOpenError,
  type DocumentKind,
  type DocumentStore,
  type ReadModelRow,
  type StoredReferenceTable,
} from './document-store.ts';
import { sqliteAccessRecords } from './sqlite-access.ts';
import { sqliteFamilyRecords } from './sqlite-families.ts';
import { sqliteJourneyRecords } from './sqlite-journeys.ts';
import { sqliteVersionRecords } from './sqlite-versions.ts';
import { sqliteResearchRecords } from './sqlite-research.ts';
import { sqliteMoves } from './sqlite-moves.ts';
import type { SqliteWrite, WriterMessage, WriterStart } from './sqlite-writes.ts';
import { WriteQueue, type WriteOutcome } from './write-queue.ts';
import { inList } from './sqlite-rows.ts';

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

const WHAT_TO_DO = 'Restore it from a backup, or move it aside to start with an empty store.';

/** The data folder must exist (or be creatable) and be writable; an existing database must not be empty. */
function checkDataDir(dataDir: string, file: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new StorageOpenError(
      `cannot create the data folder ${dataDir} (${(error as NodeJS.ErrnoException).code}): create it, or set DATA_DIR to a folder this user can write`,
    );
  }
  // Written, not asked about: permission bits do not tell a read-only mount, and root passes them all.
  const probe = join(dataDir, `.write-test-${process.pid}`);
  try {
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new StorageOpenError(
      `the data folder ${dataDir} cannot be written to (${(error as NodeJS.ErrnoException).code}): make it writable, or set DATA_DIR to a folder that is`,
    );
  }
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  // SQLite would take an empty file for a new database, and the examples would be loaded into
  // it as if on a first start: a truncated store must not come back as a fresh one.
  if (size === 0)
    throw new StorageOpenError(`the database ${file} is empty (0 bytes): it may have been cut short. ${WHAT_TO_DO}`);
}

/** Start the writer thread; resolves once it has opened (and migrated) the database. */
function startWriter(file: string): Promise<Worker> {
  const worker = new Worker(new URL('./sqlite-writer-worker.ts', import.meta.url), {
    workerData: { file } satisfies WriterStart,
  });
  return new Promise((resolve, reject) => {
    const onMessage = (message: WriterMessage) => {
      worker.off('error', onError);
      if (message.type === 'ready') return resolve(worker);
      void worker.terminate();
      const reason = message.type === 'open-failed' ? message.message : 'an unexpected first message';
      reject(new StorageOpenError(`the database ${file} cannot be opened: ${reason}. ${WHAT_TO_DO}`));
    };
    const onError = (error: Error) => {
      worker.off('message', onMessage);
      reject(new StorageOpenError(`the database ${file} cannot be opened: ${error.message}. ${WHAT_TO_DO}`));
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}

/** Commits each group on the writer thread; one group in flight (the queue sees to that). */
function writerCommit(worker: Worker) {
  let current: { resolve: (outcomes: WriteOutcome[]) => void; reject: (error: Error) => void } | undefined;
  let dead: Error | undefined;
  worker.on('message', (message: WriterMessage) => {
    const waiting = current;
    current = undefined;
    if (!waiting) return;
    if (message.type === 'committed')
      return waiting.resolve(
        message.outcomes.map((o) => (o.ok ? { ok: true, value: o.value } : { ok: false, error: new Error(o.message) })),
      );
    waiting.reject(new Error(message.type === 'failed' ? message.message : 'the writer restarted'));
  });
  const die = (error: Error) => {
    dead = error;
    current?.reject(error);
    current = undefined;
  };
  worker.on('error', die);
  worker.on('exit', () => die(dead ?? new Error('the storage writer has stopped')));
  return (writes: SqliteWrite[]) =>
    new Promise<WriteOutcome[]>((resolve, reject) => {
      if (dead) return reject(dead);
      current = { resolve, reject };
      worker.postMessage({ type: 'group', writes });
    });
}

export async function openSqliteStore(dataDir: string): Promise<DocumentStore> {
  const file = join(dataDir, DATABASE_FILE);
  checkDataDir(dataDir, file);
  const worker = await startWriter(file);
  const queue = new WriteQueue<SqliteWrite>(writerCommit(worker));
  let db: DatabaseSync;
  try {
    // Read-only: it never takes the write lock, so it never waits for the writer or anyone else.
    db = new DatabaseSync(file, { readOnly: true, timeout: 100 });
  } catch (error) {
    await worker.terminate();
    throw new StorageOpenError(`the database ${file} cannot be read: ${(error as Error).message}. ${WHAT_TO_DO}`);
  }
  const sql = {
    hasDocument: db.prepare('SELECT 1 AS found FROM documents WHERE id = ?'),
    loadUpdates: db.prepare('SELECT seq, data FROM updates WHERE doc_id = ? ORDER BY seq'),
    countUpdates: db.prepare('SELECT COUNT(*) AS n FROM updates WHERE doc_id = ?'),
    getReadModel: db.prepare(
      'SELECT r.doc_id, d.kind, r.json, r.updated_at FROM read_models r JOIN documents d ON d.id = r.doc_id WHERE r.doc_id = ?',
    ),
    listReadModels: db.prepare(
      'SELECT r.doc_id, d.kind, r.json, r.updated_at FROM read_models r JOIN documents d ON d.id = r.doc_id WHERE d.kind = ? ORDER BY r.doc_id',
    ),
    listReferenceTables: db.prepare(
      'SELECT id, kind, label, csv, imported_at FROM reference_tables ORDER BY imported_at',
    ),
    getControls: db.prepare('SELECT json FROM room_controls WHERE doc_id = ?'),
  };
  const write = <T = void>(w: SqliteWrite) => queue.enqueue<T>(w);
  const erasures = new ErasureListeners();
  // One statement per slice length, prepared once: the cohort view asks for thousands of stamps.
  const stampsOf = new Map<number, StatementSync>();
  // Reads are synchronous underneath; `async` turns a throw (a damaged page) into a rejection.
  return {
    create: async (d) => write<boolean>({ op: 'create', ...d }),
    replace: async (d) => write({ op: 'replace', ...d }),
    has: async (docId) => sql.hasDocument.get(docId) !== undefined,
    loadLog: async (docId) => {
      const rows = sql.loadUpdates.all(docId) as { seq: number; data: Uint8Array }[];
      return { updates: rows.map((row) => row.data), lastSeq: rows.at(-1)?.seq ?? 0 };
    },
    appendUpdate: async (docId, seq, update) => write({ op: 'append', docId, seq, update }),
    countUpdates: async (docId) => (sql.countUpdates.get(docId) as { n: number }).n,
    compact: async (docId, snapshot, throughSeq) => write({ op: 'compact', docId, snapshot, throughSeq }),
    putReadModel: async (docId, json) => write({ op: 'putReadModel', docId, json }),
    getReadModel: async (docId) => {
      const row = sql.getReadModel.get(docId) as ReadModelRecord | undefined;
      return row && toRow(row);
    },
    listReadModels: async (kind) => (sql.listReadModels.all(kind) as unknown as ReadModelRecord[]).map(toRow),
    putControls: async (docId, json) => write({ op: 'putControls', docId, json }),
    getControls: async (docId) => (sql.getControls.get(docId) as { json: string } | undefined)?.json,
    readModelStamps: async (docIds) => {
      const stamps = new Map<string, string>();
      // In slices: SQLite takes a limited number of parameters.
      for (let start = 0; start < docIds.length; start += 500) {
        const slice = docIds.slice(start, start + 500);
        let statement = stampsOf.get(slice.length);
        if (!statement) {
          // A row's JSON comes before updated_at and spills onto overflow pages: the condition on
          // updated_at (always true) has the planner answer from the index on (doc_id, updated_at)
          // alone (schema step 11), where the primary key would read every model's JSON.
          statement = db.prepare(
            `SELECT doc_id, updated_at FROM read_models WHERE doc_id IN (${inList(slice)}) AND updated_at > ''`,
          );
          stampsOf.set(slice.length, statement);
        }
        for (const row of statement.all(...slice) as { doc_id: string; updated_at: string }[])
          stamps.set(row.doc_id, row.updated_at);
      }
      return stamps;
    },
    onErased: (listener) => erasures.listen(listener),
    putReferenceTable: async (table) => write({ op: 'putReferenceTable', table }),
    listReferenceTables: async () =>
      (sql.listReferenceTables.all() as (Omit<StoredReferenceTable, 'importedAt'> & { imported_at: string })[]).map(
        ({ imported_at, ...rest }) => ({ ...rest, importedAt: imported_at }),
      ),
    access: sqliteAccessRecords(db, write),
    families: sqliteFamilyRecords(db, write, erasures),
    moves: sqliteMoves(db, write),
    journeys: sqliteJourneyRecords(db, write),
    versions: sqliteVersionRecords(db, write),
    research: sqliteResearchRecords(db, write, erasures),
    erase: async (docId) => {
      await write({ op: 'erase', docId });
      erasures.announce({ familyIds: [], docIds: [docId] });
    },
    drained: () => queue.drained(),
    writeTotals: () => ({ ...queue.totals }),
    close: async () => {
      await queue.drained();
      db.close();
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      worker.postMessage({ type: 'close' });
      await exited;
    },
  };
}
