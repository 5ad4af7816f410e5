/**
 * Audit retention: rows older than AUDIT_RETENTION_DAYS are deleted, once at start and then
 * daily, and a checkpoint row records the last deleted row's number and hash, so that
 * `audit verify` still checks every row kept (audit-chain.ts).
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
    void pruneAudit(access, retentionDays).then(
      (deleted) => deleted > 0 && log.info({ deleted }, 'audit rows past their retention deleted; checkpoint written'),
      (error: unknown) => log.error({ err: (error as Error).message }, 'audit retention failed'),
    );
  prune();
  const timer = setInterval(prune, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
