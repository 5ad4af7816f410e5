/**
 * The journey records (journey-records.ts) in SQLite: the writes as plain data for the writer
 * thread and how it performs them, and the read on the store's read-only connection.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { JourneyRecords } from './journey-records.ts';
import { now } from './sqlite-rows.ts';

export type JourneyWrite =
  | { op: 'archiveJourney'; docId: string; by: string }
  | { op: 'unarchiveJourney'; docId: string }
  | { op: 'showCosts'; docId: string; by: string }
  | { op: 'hideCosts'; docId: string };

const JOURNEY_OPS = new Set<string>(['archiveJourney', 'unarchiveJourney', 'showCosts', 'hideCosts']);

export const isJourneyWrite = (write: { op: string }): write is JourneyWrite => JOURNEY_OPS.has(write.op);

/** On the writer thread: performs journey writes inside the group's transaction. */
export function journeyWriter(db: DatabaseSync): (write: JourneyWrite) => unknown {
  const sql = {
    archive: db.prepare('INSERT OR IGNORE INTO archived_documents (doc_id, archived_at, archived_by) VALUES (?, ?, ?)'),
    unarchive: db.prepare('DELETE FROM archived_documents WHERE doc_id = ?'),
    showCosts: db.prepare('INSERT OR IGNORE INTO cost_visibility (doc_id, shown_at, shown_by) VALUES (?, ?, ?)'),
    hideCosts: db.prepare('DELETE FROM cost_visibility WHERE doc_id = ?'),
  };
  return (write) => {
    switch (write.op) {
      case 'archiveJourney':
        sql.archive.run(write.docId, now(), write.by);
        break;
      case 'unarchiveJourney':
        sql.unarchive.run(write.docId);
        break;
      case 'showCosts':
        sql.showCosts.run(write.docId, now(), write.by);
        break;
      case 'hideCosts':
        sql.hideCosts.run(write.docId);
        break;
    }
    return undefined;
  };
}

export function sqliteJourneyRecords(db: DatabaseSync, write: (w: JourneyWrite) => Promise<void>): JourneyRecords {
  const archived = db.prepare('SELECT doc_id FROM archived_documents');
  const costsShown = db.prepare('SELECT 1 AS found FROM cost_visibility WHERE doc_id = ?');
  return {
    archive: (docId, by) => write({ op: 'archiveJourney', docId, by }),
    unarchive: (docId) => write({ op: 'unarchiveJourney', docId }),
    archivedIds: async () => new Set((archived.all() as { doc_id: string }[]).map((row) => row.doc_id)),
    showCostsToParticipants: (docId, by) => write({ op: 'showCosts', docId, by }),
    hideCostsFromParticipants: (docId) => write({ op: 'hideCosts', docId }),
    participantsSeeCosts: async (docId) => costsShown.get(docId) !== undefined,
  };
}
