/**
 * Notices between the processes sharing one PostgreSQL database (LISTEN/NOTIFY on one channel):
 * what one process did that the others must act on at once, such as an erasure (drop what was
 * read from it) or an ended grant (close the rooms it opened). Ids only, never family text.
 * A process does not hear its own notices: it has already acted on them.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const CHANNEL = 'turning_points';

export type Notice =
  | { type: 'erased'; familyIds: string[]; docIds: string[] }
  | { type: 'grant-ended'; grant: string }
  | { type: 'release-rooms'; node: string; docIds: string[] }
  | { type: 'sealed'; docId: string }
  | { type: 'controls'; docId: string };

export interface Notices {
  /** Tell every other process (fire and forget: a notice lost with a dropped connection is caught by the periodic checks). */
  publish(notice: Notice): Promise<void>;
  /** Hear the others' notices; returns a function that stops it. */
  listen(listener: (notice: Notice) => void): () => void;
  close(): Promise<void>;
}

export async function openNotices(url: string, publisher: pg.Pool, onError: (error: Error) => void): Promise<Notices> {
  const me = randomUUID();
  const listeners = new Set<(notice: Notice) => void>();
  const client = new pg.Client({ connectionString: url, application_name: 'turning-points notices' });
  client.on('error', onError);
  client.on('notification', (message) => {
    if (!message.payload) return;
    let parsed: { from: string; notice: Notice };
    try {
      parsed = JSON.parse(message.payload) as { from: string; notice: Notice };
    } catch {
      return;
    }
    if (parsed.from === me) return;
    for (const listener of [...listeners]) listener(parsed.notice);
  });
  await client.connect();
  await client.query(`LISTEN ${CHANNEL}`);
  return {
    publish: async (notice) => {
      await publisher.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ from: me, notice })]);
    },
    listen: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: async () => {
      listeners.clear();
      await client.end().catch(() => undefined);
    },
  };
}
