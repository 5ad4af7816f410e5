/**
 * Grants as an admin's actions leave them, recorded straight in a test server's store for tests
 * whose subject is what comes after (a room or page refusing a revoked invite), not the revoking.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { grantToken, newId } from '../../server/auth/tokens.ts';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { SECRET, type RunningServer } from './harness.ts';

/** End the grant a token presents, as revoking it on the invite page does. */
export function revokeGrantOf(server: Pick<RunningServer, 'dataDir'>, token: string): void {
  const id = token.split('.')[0]!;
  const db = new DatabaseSync(join(server.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    const { changes } = db
      .prepare(`UPDATE grants SET ended_at = ?, ended_why = 'revoked' WHERE id = ? AND ended_at IS NULL`)
      .run(new Date().toISOString(), id);
    if (changes !== 1) throw new Error(`no live grant ${id} to revoke`);
  } finally {
    db.close();
  }
}

/** An enrolment link's code whose 24 hours are over, as one left unused for a day would be. */
export function expiredEnrolmentCode(server: Pick<RunningServer, 'dataDir'>): string {
  const id = newId();
  const db = new DatabaseSync(join(server.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    const day = 24 * 3600_000;
    db.prepare(
      `INSERT INTO grants (id, kind, created_by, created_at, expires_at) VALUES (?, 'enrolment', 'test', ?, ?)`,
    ).run(id, new Date(Date.now() - day - 60_000).toISOString(), new Date(Date.now() - 60_000).toISOString());
  } finally {
    db.close();
  }
  return grantToken(Buffer.from(SECRET), id);
}
