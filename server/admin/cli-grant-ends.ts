/**
 * The command line's grant ends: it has no rooms of its own, but on PostgreSQL the running server
 * processes share its database, and each is told of every session (or grant) it ends with a
 * `grant-ended` notice (server/storage/pg-notices.ts), so their rooms close what it opened at
 * once, as when an admin ends it on the admin page. On SQLite there is no one to tell: the
 * server's rooms find out when they next check (REAUTHORISE_SECONDS).
 */
import { GrantEnds } from '../auth/grant-ends.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { PgStore } from '../storage/pg-store.ts';

export interface CliGrantEnds {
  grantEnds: GrantEnds;
  /**
   * Once every notice so far has been sent (or failed): a line for each that failed. Awaited
   * before the store closes, since the notices go out on its connections.
   */
  told(): Promise<string[]>;
}

export function grantEndsTold(store: DocumentStore): CliGrantEnds {
  const grantEnds = new GrantEnds();
  const sending: Promise<string | undefined>[] = [];
  if ('engine' in store) {
    const { notices } = store as PgStore;
    grantEnds.tellOthers((grant) =>
      sending.push(
        notices.publish({ type: 'grant-ended', grant }).then(
          () => undefined,
          (error: Error) =>
            `the running server processes were not told that ${grant} ended (${error.message}): their rooms close what it opened within REAUTHORISE_SECONDS`,
        ),
      ),
    );
  }
  return {
    grantEnds,
    told: async () => (await Promise.all(sending)).filter((line) => line !== undefined),
  };
}
