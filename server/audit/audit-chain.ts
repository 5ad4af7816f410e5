/**
 * The audit log's hash chain: each row's hash covers its own fields and the hash of the row
 * before it, so editing or removing a row breaks every hash after it. The writer thread computes
 * it as it appends; `audit verify` recomputes it.
 */
import { createHash } from 'node:crypto';
import type { AuditRow } from '../storage/access-records.ts';

/** The "previous hash" of the very first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The action of the row retention appends after deleting old rows. */
export const CHECKPOINT_ACTION = 'audit.checkpoint';

export function auditHash(row: Omit<AuditRow, 'hash'>): string {
  const fields = [
    row.seq,
    row.at,
    row.action,
    row.outcome,
    row.actor,
    row.projectId ?? null,
    row.docId ?? null,
    row.subject ?? null,
    row.detail ?? null,
  ];
  return createHash('sha256').update(row.prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/** What a checkpoint row's detail says: the last row deleted before it, by number and hash. */
export function checkpointDetail(deletedThrough: number, lastDeletedHash: string): string {
  return `deleted-through:${deletedThrough}:${lastDeletedHash}`;
}

export function readCheckpoint(
  detail: string | undefined,
): { deletedThrough: number; lastDeletedHash: string } | undefined {
  const match = /^deleted-through:(\d+):([0-9a-f]{64})$/.exec(detail ?? '');
  const [, through, hash] = match ?? [];
  return through && hash ? { deletedThrough: Number(through), lastDeletedHash: hash } : undefined;
}
