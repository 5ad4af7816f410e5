/**
 * Consent decisions as the family page records them, written straight into a test server's store
 * for tests whose subject is what follows a decision (views, exports, counts), not the recording.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { newId } from '../../server/auth/tokens.ts';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import type { RunningServer } from './harness.ts';

function withDatabase<T>(server: Pick<RunningServer, 'dataDir'>, work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(server.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** The family a journey belongs to. */
export function familyOfJourney(server: Pick<RunningServer, 'dataDir'>, journeyId: string): string {
  return withDatabase(server, (db) => {
    const row = db.prepare('SELECT family_id FROM family_documents WHERE doc_id = ?').get(journeyId) as
      { family_id: string } | undefined;
    if (!row) throw new Error(`journey ${journeyId} has no family`);
    return row.family_id;
  });
}

/** Record that the family of this journey gave or withdrew a scope, now, as a staff member would. */
export function recordDecision(
  server: Pick<RunningServer, 'dataDir'>,
  journeyId: string,
  scope: string,
  decision: 'given' | 'withdrawn',
): void {
  const familyId = familyOfJourney(server, journeyId);
  withDatabase(server, (db) =>
    db
      .prepare(
        `INSERT INTO consent_decisions (id, family_id, scope, decision, given_by, method, decided_on, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, 'The family', 'verbal-in-person', ?, 'staff:test', ?)`,
      )
      .run(newId(), familyId, scope, decision, new Date().toISOString().slice(0, 10), new Date().toISOString()),
  );
}

/** How many consent decisions the store holds, and how many audit rows say one was recorded. */
export function consentRecordCounts(server: Pick<RunningServer, 'dataDir'>): { decisions: number; audited: number } {
  return withDatabase(server, (db) => ({
    // A store from before consent records (the before/after run of the findings) has none.
    decisions: db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'consent_decisions'`).get()
      ? (db.prepare('SELECT count(*) AS n FROM consent_decisions').get() as { n: number }).n
      : 0,
    audited: (db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'consent.record'`).get() as { n: number })
      .n,
  }));
}
