/**
 * `audit verify`: recompute the audit log's hash chain from the latest checkpoint (or the first
 * row) to the last row. An edited row, a removed row or a row inserted out of order is found,
 * and named by its number.
 */
import type { AuditRow } from '../storage/access-records.ts';
import { auditHash, CHECKPOINT_ACTION, GENESIS_HASH, readCheckpoint } from './audit-chain.ts';

/**
 * A good verdict names the last row and its hash: the chain cannot show rows cut from its end,
 * so that pair, kept somewhere else (the server logs it daily), is what shows it later.
 */
export type Verdict =
  | { ok: true; rows: number; from: number; last?: { seq: number; hash: string } }
  | { ok: false; seq: number; problem: string };

export function verifyAuditRows(rows: readonly AuditRow[]): Verdict {
  if (rows.length === 0) return { ok: true, rows: 0, from: 0 };
  // Retention deletes the oldest rows; the newest checkpoint says where the kept rows start.
  const checkpoint = rows
    .filter((row) => row.action === CHECKPOINT_ACTION)
    .map((row) => readCheckpoint(row.detail))
    .filter((c) => c !== undefined)
    .reduce<ReturnType<typeof readCheckpoint>>((a, b) => (a && a.deletedThrough > b.deletedThrough ? a : b), undefined);
  const [first] = rows as [AuditRow, ...AuditRow[]];
  const expectedFirstSeq = checkpoint ? checkpoint.deletedThrough + 1 : 1;
  const expectedPrev = checkpoint ? checkpoint.lastDeletedHash : GENESIS_HASH;
  if (first.seq !== expectedFirstSeq)
    return { ok: false, seq: first.seq, problem: `the log should start at row ${expectedFirstSeq}` };
  let prevHash = expectedPrev;
  let prevSeq = first.seq - 1;
  for (const row of rows) {
    if (row.seq !== prevSeq + 1) return { ok: false, seq: row.seq, problem: `row ${prevSeq + 1} is missing` };
    if (row.prevHash !== prevHash) return { ok: false, seq: row.seq, problem: 'its link to the row before is broken' };
    const { hash, ...rest } = row;
    if (auditHash(rest) !== hash) return { ok: false, seq: row.seq, problem: 'its content does not match its hash' };
    prevHash = hash;
    prevSeq = row.seq;
  }
  return { ok: true, rows: rows.length, from: first.seq, last: { seq: prevSeq, hash: prevHash } };
}
