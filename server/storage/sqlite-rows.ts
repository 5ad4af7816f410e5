/** Small pieces every SQLite module of the store shares: timestamps, parameter lists, and audit rows as stored. */
import type { AuditRow } from './access-records.ts';

export const now = () => new Date().toISOString();

/** `?, ?, ?` for a list of parameters (`NULL` for none, which matches nothing). */
export const inList = (values: readonly unknown[]) => values.map(() => '?').join(', ') || 'NULL';

export const orNull = <T>(value: T | undefined) => value ?? null;

/** An `audit_log` row as SQLite returns it. */
export interface AuditRecord {
  seq: number;
  at: string;
  action: string;
  outcome: AuditRow['outcome'];
  actor: string;
  project_id: string | null;
  doc_id: string | null;
  subject: string | null;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

export const toAuditRow = (r: AuditRecord): AuditRow => ({
  seq: r.seq,
  at: r.at,
  action: r.action,
  outcome: r.outcome,
  actor: r.actor,
  ...(r.project_id === null ? {} : { projectId: r.project_id }),
  ...(r.doc_id === null ? {} : { docId: r.doc_id }),
  ...(r.subject === null ? {} : { subject: r.subject }),
  ...(r.detail === null ? {} : { detail: r.detail }),
  prevHash: r.prev_hash,
  hash: r.hash,
});
