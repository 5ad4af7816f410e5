/**
 * Which process owns each live room, when several share one PostgreSQL database: one owner per
 * room, decided by a session advisory lock on this process's lease connection, with an epoch
 * that goes up by one at every claim. The store refuses a room's writes that carry an older
 * epoch (pg-writes.ts), so an owner that lost its room (frozen, cut off) can never store into it.
 *
 * Leases are renewed every RENEW_MS. An owner that stopped renewing for `expireSeconds` (frozen,
 * but its database session still open) has its lease connection ended by the next process that
 * wants the room, which frees its locks at once; an owner that died frees them with its session.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import type { PgStore } from '../storage/pg-store.ts';

export const RENEW_MS = 2000;
/** How long a claim waits for a lock that is changing hands (a claim under way, a session ending). */
const CLAIM_WAIT_MS = 1500;
const CLAIM_POLL_MS = 50;

export type Claim =
  { owned: true; epoch: number } | { owned: false; ownerUrl: string; ownerNode: string } | { owned: false; busy: true };

export interface LeaseOptions {
  url: string;
  /** Where the other processes reach this one (relayed rooms, handovers). */
  internalUrl: string;
  /** Proves the process's SECRET is the others' without showing it (cluster.ts). */
  secretCheck: string;
  expireSeconds: number;
  log: Logger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RoomLeases {
  readonly nodeId = randomUUID();
  private readonly store: PgStore;
  private readonly options: LeaseOptions;
  private client: pg.Client;
  /** Rooms owned now, and under which epoch. */
  private readonly held = new Map<string, number>();
  private readonly lostListeners = new Set<() => void>();
  private renewTimer: NodeJS.Timeout | undefined;
  private lost = false;
  /** The lease connection's queries, one at a time in the order asked (a connection runs one query at once). */
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** How many people each owned room has, written with each renewal (for "N people connected"). */
  private connectionsOf: (docId: string) => number = () => 0;

  private constructor(store: PgStore, options: LeaseOptions) {
    this.store = store;
    this.options = options;
    this.client = new pg.Client({ connectionString: options.url, application_name: 'turning-points leases' });
  }

  static async start(store: PgStore, options: LeaseOptions): Promise<RoomLeases> {
    const leases = new RoomLeases(store, options);
    await leases.connect();
    return leases;
  }

  private async connect(): Promise<void> {
    const client = this.client;
    client.on('error', (error) => this.loseAll(client, error.message));
    client.on('end', () => this.loseAll(client, 'the lease connection ended'));
    await client.connect();
    await client.query(
      `INSERT INTO nodes (id, internal_url, secret_check, started_at, renewed_at) VALUES ($1, $2, $3, now(), now())
       ON CONFLICT (id) DO UPDATE SET renewed_at = now()`,
      [this.nodeId, this.options.internalUrl, this.options.secretCheck],
    );
    this.lost = false;
    this.renewTimer = setInterval(() => void this.renew(), RENEW_MS);
    this.renewTimer.unref();
  }

  /** After a loss: a new lease connection, every little while until one works. */
  private reconnect(): void {
    const retry = setTimeout(() => {
      if (this.closed) return;
      this.client = new pg.Client({ connectionString: this.options.url, application_name: 'turning-points leases' });
      this.connect().then(
        () => this.options.log.info('room leases: connected again'),
        () => {
          void this.client.end().catch(() => undefined);
          this.reconnect();
        },
      );
    }, RENEW_MS);
    retry.unref();
  }

  /** Tell the database how many people each owned room has (read at every renewal). */
  countConnections(count: (docId: string) => number): void {
    this.connectionsOf = count;
  }

  /** Be told when this process has lost every room (its lease connection ended): they must close (4500). */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => void this.lostListeners.delete(listener);
  }

  /** The lease connection is gone (and being made again): this process owns no room now. */
  get isLost(): boolean {
    return this.lost;
  }

  /**
   * Own the room, or say who does. A lock whose holder stopped renewing for longer than
   * `expireSeconds` is taken: the holder's lease connection is ended first.
   */
  async claim(docId: string, options: { mayTake?: boolean } = {}): Promise<Claim> {
    const mayTake = options.mayTake ?? true;
    const epoch = this.held.get(docId);
    if (epoch !== undefined) return { owned: true, epoch };
    if (this.lost || this.closed) return { owned: false, busy: true };
    const deadline = Date.now() + CLAIM_WAIT_MS;
    for (;;) {
      if (mayTake && (await this.tryLock(docId))) return this.take(docId);
      const lease = await this.leaseOf(docId);
      if (lease && lease.node_id !== this.nodeId && lease.node_id !== '') {
        if (lease.age_s <= this.options.expireSeconds || !mayTake)
          return { owned: false, ownerUrl: lease.internal_url ?? '', ownerNode: lease.node_id };
        this.options.log.warn({ room: docId, ageSeconds: Math.round(lease.age_s) }, 'a room lease expired: taking it');
        await this.query('SELECT pg_terminate_backend($1)', [lease.backend_pid]);
      }
      if (Date.now() > deadline) return { owned: false, busy: true };
      await sleep(CLAIM_POLL_MS);
    }
  }

  /** Give the room up (its room has closed and its writes are committed). */
  async release(docId: string): Promise<void> {
    const epoch = this.held.get(docId);
    if (epoch === undefined) {
      // A room of a lease lost with the connection: its writes were refused; nothing is held.
      this.store.fence(docId, undefined);
      return;
    }
    this.held.delete(docId);
    this.store.fence(docId, undefined);
    if (this.lost) return;
    // The row stays, with its epoch: the next claim goes on from it, so no old epoch comes back.
    await this.query(`UPDATE room_leases SET node_id = '' WHERE doc_id = $1 AND node_id = $2 AND epoch = $3`, [
      docId,
      this.nodeId,
      epoch,
    ]);
    await this.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [docId]);
  }

  /** Release every room and leave (shutdown, after the rooms have closed). */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.renewTimer);
    if (!this.lost) {
      for (const docId of [...this.held.keys()]) await this.release(docId).catch(() => undefined);
      await this.query('DELETE FROM nodes WHERE id = $1', [this.nodeId]).catch(() => undefined);
    }
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }

  private query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
    const client = this.client;
    const result = this.queue.then(() => client.query<R>(text, values));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async tryLock(docId: string): Promise<boolean> {
    const result = await this.query<{ got: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got', [
      docId,
    ]);
    return result.rows[0]?.got === true;
  }

  private async take(docId: string): Promise<Claim> {
    // The row lock orders this claim after any group still writing under the old epoch (pg-writes.ts).
    const result = await this.query<{ epoch: string }>(
      `INSERT INTO room_leases (doc_id, epoch, node_id, backend_pid, renewed_at)
       VALUES ($1, 1, $2, pg_backend_pid(), now())
       ON CONFLICT (doc_id) DO UPDATE SET epoch = room_leases.epoch + 1, node_id = excluded.node_id,
         backend_pid = excluded.backend_pid, renewed_at = excluded.renewed_at
       RETURNING epoch`,
      [docId, this.nodeId],
    );
    const epoch = Number(result.rows[0]?.epoch);
    this.held.set(docId, epoch);
    this.store.fence(docId, epoch);
    return { owned: true, epoch };
  }

  private async leaseOf(docId: string) {
    const result = await this.query<{
      node_id: string;
      backend_pid: number;
      internal_url: string | null;
      age_s: number;
    }>(
      `SELECT l.node_id, l.backend_pid, n.internal_url, extract(epoch FROM now() - l.renewed_at)::float8 AS age_s
       FROM room_leases l LEFT JOIN nodes n ON n.id = l.node_id WHERE l.doc_id = $1`,
      [docId],
    );
    return result.rows[0];
  }

  private async renew(): Promise<void> {
    if (this.lost || this.closed) return;
    const docIds = [...this.held.keys()];
    try {
      await this.query('UPDATE room_leases SET renewed_at = now() WHERE node_id = $1', [this.nodeId]);
      await this.query('UPDATE nodes SET renewed_at = now() WHERE id = $1', [this.nodeId]);
      if (docIds.length > 0)
        await this.query(
          `UPDATE room_leases l SET connections = c.n FROM unnest($1::text[], $2::integer[]) AS c(doc_id, n)
           WHERE l.doc_id = c.doc_id AND l.node_id = $3`,
          [docIds, docIds.map((docId) => this.connectionsOf(docId)), this.nodeId],
        );
    } catch (error) {
      this.loseAll(this.client, (error as Error).message);
    }
  }

  private loseAll(client: pg.Client, why: string): void {
    if (client !== this.client || this.lost || this.closed) return;
    this.lost = true;
    clearInterval(this.renewTimer);
    this.options.log.error(
      { rooms: this.held.size, err: why },
      'room leases lost: every room this process owned closes',
    );
    this.held.clear();
    void client.end().catch(() => undefined);
    this.reconnect();
    // Fences stay as they were: anything still queued under them is refused by the database.
    for (const listener of [...this.lostListeners]) listener();
  }

  /** How many people are in these rooms wherever they are owned (as of each owner's last renewal). */
  async connectedElsewhere(docIds: readonly string[]): Promise<number> {
    const others = docIds.filter((docId) => !this.held.has(docId));
    if (others.length === 0) return 0;
    const result = await this.store.pool.query<{ n: string | null }>(
      `SELECT sum(connections) AS n FROM room_leases WHERE doc_id = ANY($1) AND node_id <> ''`,
      [others],
    );
    return Number(result.rows[0]?.n ?? 0);
  }
}
