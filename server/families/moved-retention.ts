/**
 * Moves are remembered only as long as they are needed (server/SPEC.md MOVE1): a
 * `moved_documents` row is forgotten once it is past its `keptUntil` (the longest invite for the
 * old id, and MOVED_KEPT_DAYS at least), once at start and then daily.
 */
import type { Logger } from '../logger.ts';
import type { FamilyRecords } from '../storage/family-records.ts';

const DAY_MS = 24 * 3600_000;

/** Forget moves now and every day after; returns a function that stops it. */
export function pruneMovedDaily(families: FamilyRecords, log: Logger): () => void {
  const prune = () =>
    void families
      .pruneMoved(new Date().toISOString())
      .then((forgotten) => {
        if (forgotten > 0) log.info({ forgotten }, 'moves past their keeping forgotten');
      })
      .catch((error: unknown) => log.error({ err: (error as Error).message }, 'forgetting old moves failed'));
  prune();
  const timer = setInterval(prune, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
