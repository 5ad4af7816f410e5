/**
 * The journey records (journey-records.ts) in SQLite: the writes as plain data for the writer
 * thread and how it performs them, and the read on the store's read-only connection.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { JourneyRecords } from './journey-records.ts';
import { now } from './sqlite-rows.ts';

export type JourneyWrite =
  { op: 'archiveJourney'; docId: string; by: string } | { op: 'unarchiveJourney'; docId: string };

export const isJourneyWrite = (write: { op: string }): write is JourneyWrite =>
  write.op === 'archiveJourney' || write.op === 'unarchiveJourney';

/** On the writer thread: performs journey writes inside the group's transaction. */
export function journeyWriter(db: DatabaseSync): (write: JourneyWrite) => unknown {
  const sql = {
    archive: db.prepare('INSERT OR IGNORE INTO archived_documents (doc_id, archived_at, archived_by) VALUES (?, ?, ?)'),
    unarchive: db.prepare('DELETE FROM archived_documents WHERE doc_id = ?'),
  };
  return (write) => {
    if (write.op === 'archiveJourney') sql.archive.run(write.docId, now(), write.by);
    else sql.unarchive.run(write.docId);
    return undefined;
  };
}

export function sqliteJourneyRecords(db: DatabaseSync, write: (w: JourneyWrite) => Promise<void>): JourneyRecords {
  const archived = db.prepare('SELECT doc_id FROM archived_documents');
  return {
    archive: (docId, by) => write({ op: 'archiveJourney', docId, by }),
    unarchive: (docId) => write({ op: 'unarchiveJourney', docId }),
    archivedIds: async () => new Set((archived.all() as { doc_id: string }[]).map((row) => row.doc_id)),
  };
}
