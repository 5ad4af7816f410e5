/**
 * How the PostgreSQL store writes: every write goes through the one ordered queue
 * (write-queue.ts), and a group of them is one transaction on the writing connection, each
 * write inside its own savepoint (a write that fails alone is undone alone, as on SQLite).
 * Appends to a document's log are the hot path: a run of them is one `INSERT … unnest` statement,
 * and a group of appends alone is that statement in a transaction of its own: one round trip.
 *
 * A room's writes carry its owner's epoch (server/cluster/room-leases.ts): the group (or the
 * append statement) reads the leases of the documents it writes with `FOR SHARE`, so a process claiming one waits for the
 * group to commit, and a write whose epoch is no longer the lease's is refused, never stored.
 */
import type { PoolClient, QueryResult, QueryResultRow } from 'pg';
import type { QueuedWrite, WriteOutcome } from './write-queue.ts';

/**
 * PostgreSQL's text cannot hold the NUL character, which SQLite's can (a pasted one, or one a
 * client put in a document's words): in any text written or looked up, it becomes U+FFFD.
 */
export const withoutNul = (values: readonly unknown[] | undefined) =>
  values?.map((value) =>
    typeof value === 'string' && value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value,
  );

/** What a write may do inside the group's transaction. */
export interface PgTx {
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/** Queue a write (run inside the group's transaction); settles with its result once committed. */
export type PgWriter = <T = void>(run: (tx: PgTx) => Promise<T>, docId?: string) => Promise<T>;

/** A write this process made as a room's owner, refused once another process owns the room. */
export interface Fence {
  epoch: number;
}

export type PgWrite = QueuedWrite &
  (
    | { kind: 'append'; docId: string; seq: number; update: Uint8Array; fence?: Fence }
    | { kind: 'run'; run: (tx: PgTx) => Promise<unknown>; fence?: Fence }
  );

/** A room's write refused because another process owns the room now (its epoch is newer). */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

async function fencesHeld(client: PoolClient, writes: PgWrite[]): Promise<Map<string, number>> {
  const docIds = [...new Set(writes.flatMap((w) => (w.fence && w.docId !== undefined ? [w.docId] : [])))];
  const held = new Map<string, number>();
  if (docIds.length === 0) return held;
  const rows = await client.query<{ doc_id: string; epoch: string }>(
    'SELECT doc_id, epoch FROM room_leases WHERE doc_id = ANY($1) FOR SHARE',
    [docIds],
  );
  for (const row of rows.rows) held.set(row.doc_id, Number(row.epoch));
  return held;
}

type Append = Extract<PgWrite, { kind: 'append' }>;

const keyOf = (write: Append) => `${write.seq}:${write.docId}`;

/**
 * One statement for a run of appends: each row goes in only if its document is still stored and,
 * for a room's write, the room's lease still holds its epoch (read `FOR SHARE`, so a claim waits
 * for the statement's transaction). An append that is not stored fails alone, with why.
 */
async function appendAll(client: PoolClient, appends: { write: Append; index: number }[], outcomes: WriteOutcome[]) {
  const seen = new Set<string>();
  const fresh = appends.filter(({ write, index }) => {
    if (!seen.has(keyOf(write))) return seen.add(keyOf(write));
    outcomes[index] = { ok: false, error: new Error(`update ${write.seq} of this document is already stored`) };
    return false;
  });
  if (fresh.length === 0) return;
  const stored = await client.query<{ doc_id: string; seq: number }>(
    `WITH held AS MATERIALIZED (SELECT doc_id, epoch FROM room_leases WHERE doc_id = ANY($4::text[]) FOR SHARE)
     INSERT INTO updates (doc_id, seq, data)
     SELECT u.doc_id, u.seq, u.data
     FROM unnest($1::text[], $2::integer[], $3::bytea[], $5::bigint[]) AS u(doc_id, seq, data, epoch)
     WHERE EXISTS (SELECT 1 FROM documents d WHERE d.id = u.doc_id)
       AND (u.epoch IS NULL OR EXISTS (SELECT 1 FROM held h WHERE h.doc_id = u.doc_id AND h.epoch = u.epoch))
     ON CONFLICT DO NOTHING RETURNING doc_id, seq`,
    [
      fresh.map((a) => a.write.docId),
      fresh.map((a) => a.write.seq),
      fresh.map((a) => Buffer.from(a.write.update.buffer, a.write.update.byteOffset, a.write.update.byteLength)),
      [...new Set(fresh.flatMap((a) => (a.write.fence ? [a.write.docId] : [])))],
      fresh.map((a) => a.write.fence?.epoch ?? null),
    ],
  );
  const done = new Set(stored.rows.map((row) => `${row.seq}:${row.doc_id}`));
  const missed = fresh.filter(({ write }) => !done.has(keyOf(write)));
  for (const { index } of fresh) outcomes[index] = { ok: true, value: undefined };
  if (missed.length > 0) await sayWhyNotStored(client, missed, outcomes);
}

/** For appends the statement left out: another owner's epoch, an erased document, or a row already there. */
async function sayWhyNotStored(
  client: PoolClient,
  missed: { write: Append; index: number }[],
  outcomes: WriteOutcome[],
): Promise<void> {
  const docIds = [...new Set(missed.map((a) => a.write.docId))];
  const found = await client.query<{ id: string; epoch: string | null }>(
    `SELECT d.id, l.epoch FROM documents d LEFT JOIN room_leases l ON l.doc_id = d.id WHERE d.id = ANY($1)`,
    [docIds],
  );
  const byId = new Map(found.rows.map((row) => [row.id, row.epoch === null ? undefined : Number(row.epoch)]));
  for (const { write, index } of missed) {
    const error = !byId.has(write.docId)
      ? new Error('the document is not stored (erased meanwhile)')
      : write.fence && byId.get(write.docId) !== write.fence.epoch
        ? new LeaseLostError('another process owns this room now')
        : new Error(`update ${write.seq} of this document is already stored`);
    outcomes[index] = { ok: false, error };
  }
}

/** Commit one group in one transaction: an outcome per write, or a rejection when the group failed. */
export async function commitPgGroup(client: PoolClient, writes: PgWrite[]): Promise<WriteOutcome[]> {
  // The hot path, a group of appends only: one statement, its own transaction, one round trip.
  if (writes.every((write) => write.kind === 'append')) {
    const outcomes: WriteOutcome[] = new Array<WriteOutcome>(writes.length);
    await appendAll(
      client,
      writes.map((write, index) => ({ write: write as Append, index })),
      outcomes,
    );
    return outcomes;
  }
  const transaction: PgTx = { query: (text, values) => client.query(text, withoutNul(values)) };
  await client.query('BEGIN');
  try {
    const held = await fencesHeld(client, writes);
    const outcomes: WriteOutcome[] = new Array<WriteOutcome>(writes.length);
    let appends: { write: Append; index: number }[] = [];
    const flushAppends = async () => {
      if (appends.length > 0) await appendAll(client, appends, outcomes);
      appends = [];
    };
    for (const [index, write] of writes.entries()) {
      if (write.fence && write.docId !== undefined && held.get(write.docId) !== write.fence.epoch) {
        outcomes[index] = { ok: false, error: new LeaseLostError('another process owns this room now') };
        continue;
      }
      if (write.kind === 'append') {
        appends.push({ write, index });
        continue;
      }
      await flushAppends();
      await client.query('SAVEPOINT one_write');
      try {
        outcomes[index] = { ok: true, value: await write.run(transaction) };
        await client.query('RELEASE one_write');
      } catch (error) {
        await client.query('ROLLBACK TO one_write');
        outcomes[index] = { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
    }
    await flushAppends();
    await client.query('COMMIT');
    return outcomes;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
