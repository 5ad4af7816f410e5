/**
 * Audit retention: rows older than AUDIT_RETENTION_DAYS are deleted, once at start and then
 * daily, and a checkpoint row records the last deleted row's number and hash, so that
 * `audit verify` still checks every row kept (audit-chain.ts). Each run also logs the log's head
 * (last row and hash), the anchor that shows later whether rows were cut from the end.
 */
import type { Logger } from '../logger.ts';
import type { AccessRecords } from '../storage/access-records.ts';

const DAY_MS = 24 * 3600_000;

export async function pruneAudit(access: AccessRecords, retentionDays: number, now = Date.now()): Promise<number> {
  return access.pruneAudit(new Date(now - retentionDays * DAY_MS).toISOString());
}

/** Prune now and every day after; returns a function that stops it. */
export function pruneAuditDaily(access: AccessRecords, retentionDays: number, log: Logger): () => void {
  const prune = () =>
    void pruneAudit(access, retentionDays)
      .then(async (deleted) => {
        if (deleted > 0) log.info({ deleted }, 'audit rows past their retention deleted; checkpoint written');
        // The chain cannot show rows cut from its end: the head, in a log kept elsewhere, can.
        const head = (await access.listAudit({ limit: 1 }))[0];
        if (head) log.info({ seq: head.seq, hash: head.hash }, 'audit log head');
      })
      .catch((error: unknown) => log.error({ err: (error as Error).message }, 'audit retention failed'));
  prune();
  const timer = setInterval(prune, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
