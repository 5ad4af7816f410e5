/**
 * Small pieces the PostgreSQL modules of the store share: bytes as the interfaces hold them,
 * audit rows as stored, the audit chain's lock, and clearing erased rows once an erasure has
 * committed. Text is compared and ordered `COLLATE "C"` in these modules: byte by byte, as
 * SQLite does, whatever collation the database was created with.
 */
import type pg from 'pg';
import type { PgTx } from './pg-writes.ts';
import { toAuditRow, type AuditRecord } from './sqlite-rows.ts';

export { now, orNull } from './sqlite-rows.ts';

/** bytea arrives as a Buffer that may share its memory: the interfaces hand out bytes of their own. */
export const bytes = (buffer: Buffer) => new Uint8Array(buffer);

/** An `audit_log` row as PostgreSQL returns it: `seq` is a bigint, read as text. */
export type PgAuditRecord = Omit<AuditRecord, 'seq'> & { seq: string };

export const toPgAuditRow = (r: PgAuditRecord) => toAuditRow({ ...r, seq: Number(r.seq) });

/**
 * Held until the group commits by every write that reads the audit chain's head and writes
 * after it (append, prune, re-hash): processes sharing the database never fork the chain.
 */
export async function lockAuditChain(tx: PgTx): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7305111402)');
}

/** Typing runs a family was part of hold aggregates of its answers: they go with it. */
export const DELETE_RUNS_OF_FAMILY =
  'DELETE FROM typing_runs WHERE id IN (SELECT run_id FROM typing_assignments WHERE family_id = $1)';

/** Every table erasing a family deletes from, itself or by cascade (its documents' tables too). */
export const VACUUM_ERASED_FAMILY = `VACUUM documents, updates, read_models, room_controls, document_projects, family_documents,
  toc_cohorts, moved_documents, archived_documents, cost_visibility, versions, take_home_choices, sensitive_items,
  grants, room_leases, families, consent_decisions, issue_profiles, assessments, cohort_families, typing_runs,
  typing_assignments, type_labels, synthetic_families`;

/**
 * After an erasure (or a move) has committed: PostgreSQL keeps deleted rows in the tables'
 * pages until they are vacuumed, so vacuum the tables it deleted from (`statement`, a constant)
 * at once. Their bytes may still remain in the write-ahead log and in freed space until
 * PostgreSQL reuses it. Outside any transaction, on the pool; a failure undoes nothing
 * committed and autovacuum comes later anyway, so it is ignored.
 */
export async function vacuum(pool: pg.Pool, statement: string): Promise<void> {
  await pool.query(statement).catch(() => undefined);
}
