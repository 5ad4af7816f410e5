/**
 * The journey records (journey-records.ts) in PostgreSQL: each write one statement in the
 * group's transaction, through the store's one ordered queue (pg-writes.ts), and the reads on
 * the pool. The same rows and the same answers as on SQLite (sqlite-journeys.ts).
 */
import type pg from 'pg';
import type { JourneyRecords, SensitiveItem } from './journey-records.ts';
import type { PgWriter } from './pg-writes.ts';
import { now } from './pg-rows.ts';
import { type SensitiveRow } from './stored-rows.ts';

/*
 * Marks made in the same millisecond come in the order they were made, as SQLite's rowid gives
 * them: a mark's row is written by its own write, in its own savepoint, so its xmin is a
 * transaction id handed out after the earlier marks' (and a mark again rewrites the row, as
 * SQLite's REPLACE gives it a new rowid). age() compares transaction ids across wraparound.
 * Text is compared byte by byte ("C"), as SQLite does, whatever the database's collation.
 */
const SENSITIVE_ITEMS = `SELECT item_id, kind, content, marked_at, marked_by FROM sensitive_items WHERE doc_id = $1
  ORDER BY marked_at COLLATE "C", age(xmin) DESC`;

export function pgJourneyRecords(pool: pg.Pool, write: PgWriter): JourneyRecords {
  const found = async (text: string, docId: string) => (await pool.query(text, [docId])).rows.length > 0;
  return {
    archive: (docId, by) =>
      write(async (tx) => {
        await tx.query(
          'INSERT INTO archived_documents (doc_id, archived_at, archived_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [docId, now(), by],
        );
      }, docId),
    unarchive: (docId) =>
      write(async (tx) => {
        await tx.query('DELETE FROM archived_documents WHERE doc_id = $1', [docId]);
      }, docId),
    archivedIds: async () =>
      new Set(
        (
          await pool.query<{ doc_id: string }>('SELECT doc_id FROM archived_documents ORDER BY doc_id COLLATE "C"')
        ).rows.map((row) => row.doc_id),
      ),
    showCostsToParticipants: (docId, by) =>
      write(async (tx) => {
        await tx.query(
          'INSERT INTO cost_visibility (doc_id, shown_at, shown_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [docId, now(), by],
        );
      }, docId),
    hideCostsFromParticipants: (docId) =>
      write(async (tx) => {
        await tx.query('DELETE FROM cost_visibility WHERE doc_id = $1', [docId]);
      }, docId),
    participantsSeeCosts: (docId) => found('SELECT 1 FROM cost_visibility WHERE doc_id = $1', docId),
    offerTakeHome: (docId, by) =>
      write(async (tx) => {
        await tx.query(
          'INSERT INTO take_home_choices (doc_id, chosen_at, chosen_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
          [docId, now(), by],
        );
      }, docId),
    withdrawTakeHome: (docId) =>
      write(async (tx) => {
        await tx.query('DELETE FROM take_home_choices WHERE doc_id = $1', [docId]);
      }, docId),
    familyMayTakeHome: (docId) => found('SELECT 1 FROM take_home_choices WHERE doc_id = $1', docId),
    markSensitive: (docId, item) =>
      write(async (tx) => {
        const content = item.content === undefined ? null : JSON.stringify(item.content);
        await tx.query(
          `INSERT INTO sensitive_items (doc_id, item_id, kind, content, marked_at, marked_by) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (doc_id, item_id) DO UPDATE SET kind = excluded.kind, content = excluded.content,
             marked_at = excluded.marked_at, marked_by = excluded.marked_by`,
          [docId, item.id, item.kind, content, now(), item.markedBy],
        );
      }, docId),
    unmarkSensitive: (docId, itemId) =>
      write(async (tx) => {
        await tx.query('DELETE FROM sensitive_items WHERE doc_id = $1 AND item_id = $2', [docId, itemId]);
      }, docId),
    sensitiveItems: async (docId) =>
      (await pool.query<SensitiveRow>(SENSITIVE_ITEMS, [docId])).rows.map((row) => ({
        id: row.item_id,
        kind: row.kind,
        ...(row.content === null ? {} : { content: JSON.parse(row.content) as SensitiveItem['content'] }),
        markedAt: row.marked_at,
        markedBy: row.marked_by,
      })),
  };
}
