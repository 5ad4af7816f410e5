/**
 * Grants as an admin's actions leave them, recorded straight in a test server's store for tests
 * whose subject is what comes after (a room or page refusing a revoked invite), not the revoking.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import type { RunningServer } from './harness.ts';

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
