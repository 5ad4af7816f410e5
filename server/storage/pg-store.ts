/**
 * PostgreSQL, for more than one server process (DATABASE_URL): the same storage interface as
 * the embedded SQLite default (document-store.ts), with the same write order: one queue, one
 * group in flight, each group one transaction on the writing connection (pg-writes.ts). Reads
 * use a pool. The records of who may do what, families, journeys, versions and research are
 * the same interfaces as on SQLite, each in its `pg-*.ts` module.
 *
 * What SQLite cannot give and several processes need: a room's writes are fenced by its
 * owner's epoch (`fence`), and erasures are told to every process (pg-notices.ts).
 */
import pg from 'pg';
import {
  ErasureListeners,
  StorageOpenError,
  type DocumentKind,
  type DocumentStore,
  type ErasedRecords,
  type ReadModelRow,
  type StoredReferenceTable,
} from './document-store.ts';
import { pgAccessRecords } from './pg-access.ts';
import { pgFamilyRecords } from './pg-families.ts';
import { pgJourneyRecords } from './pg-journeys.ts';
import { pgMoves } from './pg-moves.ts';
import { pgResearchRecords } from './pg-research.ts';
import { pgVersionRecords } from './pg-versions.ts';
import { migratePgSchema } from './pg-schema.ts';
import { openNotices, type Notices } from './pg-notices.ts';
import { commitPgGroup, withoutNul, type Fence, type PgWrite, type PgWriter } from './pg-writes.ts';
import { WriteQueue } from './write-queue.ts';
import { now } from './sqlite-rows.ts';
import { vacuum, VACUUM_ERASED_FAMILY } from './pg-rows.ts';

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

export interface PgStore extends DocumentStore {
  readonly engine: 'postgresql';
  /** The pool pages and the cluster read with (cluster records: nodes, leases, throttles). */
  readonly pool: pg.Pool;
  /** The processes' notices to one another. */
  readonly notices: Notices;
  /**
   * This process owns the document's room under this epoch (undefined: no longer): its log,
   * compaction and read model writes are refused once the lease holds another epoch.
   */
  fence(docId: string, epoch: number | undefined): void;
  /** Run these steps while no other process runs its own (start-up steps, the examples). */
  exclusively<T>(steps: () => Promise<T>): Promise<T>;
}

/** Held by the process running its start-up steps (`exclusively`). */
const START_UP_LOCK = 7_305_111_403;

/**
 * A URL's password never reaches a message or the log: everything between the user's colon and
 * the last `@` goes, even when a password holds characters a URL would take for a path or a
 * fragment (`#`, `/`, `?`); the query, which may hold one too, goes as well.
 */
export const withoutPassword = (url: string) => url.replace(/^([a-z]+:\/\/[^:@/]*):.*@/i, '$1@').replace(/[?#].*$/, '');

export async function openPgStore(url: string, options: { poolSize?: number } = {}): Promise<PgStore> {
  const where = withoutPassword(url);
  // Errors on idle clients (the server restarted) are answered on the next query; never fatal here.
  // Named, so that an operator can tell our connections apart in pg_stat_activity.
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, application_name: 'turning-points' });
  pool.on('error', () => undefined);
  let writer: pg.PoolClient | undefined;
  try {
    writer = await pool.connect();
    await migratePgSchema(writer);
  } catch (error) {
    // Released first: a pool waits for its clients before it ends, and the start would hang.
    writer?.release(true);
    await pool.end().catch(() => undefined);
    throw new StorageOpenError(
      `the PostgreSQL database at ${where} cannot be used: ${(error as Error).message}. Check DATABASE_URL (a password with @ # / ? or % in it must be percent-encoded), that the server is running, and that this user may create tables in the database (own it: CREATE DATABASE … OWNER <user>).`,
    );
  }
  // The writing connection, kept: one group in flight, in order, on one session.
  const queue = new WriteQueue<PgWrite>((writes) => commitPgGroup(writer, writes));
  const fences = new Map<string, Fence>();
  const run: PgWriter = (write, docId) => queue.enqueue({ kind: 'run', run: write, docId });
  const fenced: PgWriter = (write, docId) =>
    queue.enqueue({
      kind: 'run',
      run: write,
      docId,
      ...(docId && fences.has(docId) ? { fence: fences.get(docId) } : {}),
    });
  const notices = await openNotices(url, pool, () => undefined);
  const local = new ErasureListeners();
  // What is erased here is told to the other processes; what they erase, to our listeners.
  const erasures = {
    listen: (listener: (erased: ErasedRecords) => void) => local.listen(listener),
    announce: (erased: ErasedRecords) => {
      local.announce(erased);
      void notices
        .publish({ type: 'erased', familyIds: [...erased.familyIds], docIds: [...erased.docIds] })
        .catch(() => undefined);
    },
  } as ErasureListeners;
  notices.listen((notice) => {
    if (notice.type === 'erased') local.announce({ familyIds: notice.familyIds, docIds: notice.docIds });
  });
  // Reads look text up as writes stored it (a NUL as U+FFFD, pg-writes.ts).
  const reads = new Proxy(pool, {
    get: (target, property, receiver) =>
      property === 'query'
        ? (text: string, values?: unknown[]) => target.query(text, withoutNul(values))
        : (Reflect.get(target, property, receiver) as unknown),
  });
  const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
    (await reads.query<R>(text, values)).rows;
  const putReadModel = (docId: string, json: string) =>
    fenced(async (tx) => {
      // A read model for a document erased meanwhile would fail its foreign key: there is nothing to describe.
      await tx.query(
        `INSERT INTO read_models (doc_id, json, updated_at) SELECT id, $2, $3 FROM documents WHERE id = $1
         ON CONFLICT (doc_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
        [docId, json, now()],
      );
    }, docId);
  return {
    engine: 'postgresql',
    pool,
    notices,
    fence: (docId, epoch) => void (epoch === undefined ? fences.delete(docId) : fences.set(docId, { epoch })),
    exclusively: async (steps) => {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [START_UP_LOCK]);
        return await steps();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [START_UP_LOCK]).catch(() => undefined);
        client.release();
      }
    },
    create: (d) =>
      run(async (tx) => {
        const inserted = await tx.query(
          'INSERT INTO documents (id, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [d.docId, d.kind, now()],
        );
        if (inserted.rowCount === 0) return false;
        await tx.query('INSERT INTO updates (doc_id, seq, data) VALUES ($1, 1, $2)', [d.docId, Buffer.from(d.update)]);
        await tx.query('INSERT INTO read_models (doc_id, json, updated_at) VALUES ($1, $2, $3)', [
          d.docId,
          d.readModel,
          now(),
        ]);
        return true;
      }, d.docId),
    replace: (d) =>
      run(async (tx) => {
        await tx.query('INSERT INTO documents (id, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
          d.docId,
          d.kind,
          now(),
        ]);
        await tx.query('DELETE FROM updates WHERE doc_id = $1', [d.docId]);
        await tx.query('INSERT INTO updates (doc_id, seq, data) VALUES ($1, 1, $2)', [d.docId, Buffer.from(d.update)]);
        await tx.query(
          `INSERT INTO read_models (doc_id, json, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (doc_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
          [d.docId, d.readModel, now()],
        );
      }, d.docId),
    has: async (docId) => (await query('SELECT 1 FROM documents WHERE id = $1', [docId])).length > 0,
    loadLog: async (docId) => {
      const rows = await query<{ seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE doc_id = $1 ORDER BY seq',
        [docId],
      );
      return { updates: rows.map((row) => new Uint8Array(row.data)), lastSeq: rows.at(-1)?.seq ?? 0 };
    },
    appendUpdate: (docId, seq, update) => {
      const fence = fences.get(docId);
      return queue.enqueue({ kind: 'append', docId, seq, update, ...(fence ? { fence } : {}) });
    },
    countUpdates: async (docId) =>
      Number((await query<{ n: string }>('SELECT count(*) AS n FROM updates WHERE doc_id = $1', [docId]))[0]?.n ?? 0),
    compact: (docId, snapshot, throughSeq) =>
      fenced(async (tx) => {
        await tx.query('DELETE FROM updates WHERE doc_id = $1 AND seq <= $2', [docId, throughSeq]);
        await tx.query('INSERT INTO updates (doc_id, seq, data) VALUES ($1, $2, $3)', [
          docId,
          throughSeq,
          Buffer.from(snapshot),
        ]);
      }, docId),
    putReadModel,
    putControls: async (docId, json) => {
      await fenced(async (tx) => {
        await tx.query(
          `INSERT INTO room_controls (doc_id, json, updated_at) SELECT id, $2, $3 FROM documents WHERE id = $1
           ON CONFLICT (doc_id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
          [docId, json, now()],
        );
      }, docId);
      // A journey's costs room may be open at another process: it follows its journey's locks.
      await notices.publish({ type: 'controls', docId }).catch(() => undefined);
    },
    getControls: async (docId) =>
      (await query<{ json: string }>('SELECT json FROM room_controls WHERE doc_id = $1', [docId]))[0]?.json,
    getReadModel: async (docId) => {
      const rows = await query<ReadModelRecord>(
        'SELECT r.doc_id, d.kind, r.json, r.updated_at FROM read_models r JOIN documents d ON d.id = r.doc_id WHERE r.doc_id = $1',
        [docId],
      );
      return rows[0] && toRow(rows[0]);
    },
    listReadModels: async (kind) =>
      (
        await query<ReadModelRecord>(
          'SELECT r.doc_id, d.kind, r.json, r.updated_at FROM read_models r JOIN documents d ON d.id = r.doc_id WHERE d.kind = $1 ORDER BY r.doc_id COLLATE "C"',
          [kind],
        )
      ).map(toRow),
    readModelStamps: async (docIds) => {
      const rows = await query<{ doc_id: string; updated_at: string }>(
        'SELECT doc_id, updated_at FROM read_models WHERE doc_id = ANY($1)',
        [[...docIds]],
      );
      return new Map(rows.map((row) => [row.doc_id, row.updated_at]));
    },
    onErased: (listener) => erasures.listen(listener),
    putReferenceTable: (t: StoredReferenceTable) =>
      run(async (tx) => {
        await tx.query(
          `INSERT INTO reference_tables (id, kind, label, csv, imported_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (kind, id) DO UPDATE SET label = excluded.label, csv = excluded.csv, imported_at = excluded.imported_at`,
          [t.id, t.kind, t.label, t.csv, t.importedAt],
        );
      }),
    listReferenceTables: async () =>
      (
        await query<Omit<StoredReferenceTable, 'importedAt'> & { imported_at: string }>(
          'SELECT id, kind, label, csv, imported_at FROM reference_tables ORDER BY imported_at',
        )
      ).map(({ imported_at, ...rest }) => ({ ...rest, importedAt: imported_at })),
    access: pgAccessRecords(reads, run),
    families: pgFamilyRecords(reads, run, erasures),
    moves: pgMoves(reads, run),
    journeys: pgJourneyRecords(reads, run),
    versions: pgVersionRecords(reads, run),
    research: pgResearchRecords(reads, run, erasures),
    erase: async (docId) => {
      await run(async (tx) => {
        await tx.query('DELETE FROM documents WHERE id = $1', [docId]);
        await tx.query('DELETE FROM room_leases WHERE doc_id = $1', [docId]);
      }, docId);
      erasures.announce({ familyIds: [], docIds: [docId] });
      await vacuum(pool, VACUUM_ERASED_FAMILY);
    },
    drained: () => queue.drained(),
    writeTotals: () => ({ ...queue.totals }),
    close: async () => {
      await queue.drained();
      writer.release();
      await notices.close();
      await pool.end();
    },
  };
}
