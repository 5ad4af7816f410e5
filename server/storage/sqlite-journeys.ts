/**
 * The journey records (journey-records.ts) in SQLite: the writes as plain data for the writer
 * thread and how it performs them, and the read on the store's read-only connection.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { JourneyRecords, SensitiveItem } from './journey-records.ts';
import { now } from './sqlite-rows.ts';
import { type SensitiveRow } from './stored-rows.ts';

export type JourneyWrite =
  | { op: 'archiveJourney'; docId: string; by: string }
  | { op: 'unarchiveJourney'; docId: string }
  | { op: 'showCosts'; docId: string; by: string }
  | { op: 'hideCosts'; docId: string }
  | { op: 'offerTakeHome'; docId: string; by: string }
  | { op: 'withdrawTakeHome'; docId: string }
  | { op: 'markSensitive'; docId: string; item: Omit<SensitiveItem, 'markedAt'> }
  | { op: 'unmarkSensitive'; docId: string; itemId: string };

const JOURNEY_OPS = new Set<string>([
  'archiveJourney',
  'unarchiveJourney',
  'showCosts',
  'hideCosts',
  'offerTakeHome',
  'withdrawTakeHome',
  'markSensitive',
  'unmarkSensitive',
]);

export const isJourneyWrite = (write: { op: string }): write is JourneyWrite => JOURNEY_OPS.has(write.op);

/** On the writer thread: performs journey writes inside the group's transaction. */
export function journeyWriter(db: DatabaseSync): (write: JourneyWrite) => unknown {
  const sql = {
    archive: db.prepare('INSERT OR IGNORE INTO archived_documents (doc_id, archived_at, archived_by) VALUES (?, ?, ?)'),
    unarchive: db.prepare('DELETE FROM archived_documents WHERE doc_id = ?'),
    showCosts: db.prepare('INSERT OR IGNORE INTO cost_visibility (doc_id, shown_at, shown_by) VALUES (?, ?, ?)'),
    hideCosts: db.prepare('DELETE FROM cost_visibility WHERE doc_id = ?'),
    offerTakeHome: db.prepare(
      'INSERT OR IGNORE INTO take_home_choices (doc_id, chosen_at, chosen_by) VALUES (?, ?, ?)',
    ),
    withdrawTakeHome: db.prepare('DELETE FROM take_home_choices WHERE doc_id = ?'),
    markSensitive: db.prepare(
      `INSERT OR REPLACE INTO sensitive_items (doc_id, item_id, kind, content, marked_at, marked_by) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    unmarkSensitive: db.prepare('DELETE FROM sensitive_items WHERE doc_id = ? AND item_id = ?'),
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
      case 'offerTakeHome':
        sql.offerTakeHome.run(write.docId, now(), write.by);
        break;
      case 'withdrawTakeHome':
        sql.withdrawTakeHome.run(write.docId);
        break;
      case 'markSensitive': {
        const { item } = write;
        const content = item.content === undefined ? null : JSON.stringify(item.content);
        sql.markSensitive.run(write.docId, item.id, item.kind, content, now(), item.markedBy);
        break;
      }
      case 'unmarkSensitive':
        sql.unmarkSensitive.run(write.docId, write.itemId);
        break;
    }
    return undefined;
  };
}

export function sqliteJourneyRecords(db: DatabaseSync, write: (w: JourneyWrite) => Promise<void>): JourneyRecords {
  const archived = db.prepare('SELECT doc_id FROM archived_documents');
  const costsShown = db.prepare('SELECT 1 AS found FROM cost_visibility WHERE doc_id = ?');
  const takeHomeOffered = db.prepare('SELECT 1 AS found FROM take_home_choices WHERE doc_id = ?');
  const sensitive = db.prepare(
    'SELECT item_id, kind, content, marked_at, marked_by FROM sensitive_items WHERE doc_id = ? ORDER BY marked_at, rowid',
  );
  return {
    archive: (docId, by) => write({ op: 'archiveJourney', docId, by }),
    unarchive: (docId) => write({ op: 'unarchiveJourney', docId }),
    archivedIds: async () => new Set((archived.all() as { doc_id: string }[]).map((row) => row.doc_id)),
    showCostsToParticipants: (docId, by) => write({ op: 'showCosts', docId, by }),
    hideCostsFromParticipants: (docId) => write({ op: 'hideCosts', docId }),
    participantsSeeCosts: async (docId) => costsShown.get(docId) !== undefined,
    offerTakeHome: (docId, by) => write({ op: 'offerTakeHome', docId, by }),
    withdrawTakeHome: (docId) => write({ op: 'withdrawTakeHome', docId }),
    familyMayTakeHome: async (docId) => takeHomeOffered.get(docId) !== undefined,
    markSensitive: (docId, item) => write({ op: 'markSensitive', docId, item }),
    unmarkSensitive: (docId, itemId) => write({ op: 'unmarkSensitive', docId, itemId }),
    sensitiveItems: async (docId) =>
      (sensitive.all(docId) as unknown as SensitiveRow[]).map((row) => ({
        id: row.item_id,
        kind: row.kind,
        ...(row.content === null ? {} : { content: JSON.parse(row.content) as SensitiveItem['content'] }),
        markedAt: row.marked_at,
        markedBy: row.marked_by,
      })),
  };
}
