/**
 * What one process needs to serve rooms beside others sharing a PostgreSQL database: its lease
 * connection and registration (room-leases.ts), ownership for the registry (ownership.ts),
 * relay passes (relay-pass.ts), handovers for pages (cluster-rooms.ts), and the notices it acts
 * on: a grant ended elsewhere, a room asked for by another process, new marks of sensitive items.
 */
import { createHmac } from 'node:crypto';
import type { Config } from '../config.ts';
import type { CollabCluster } from '../collab.ts';
import type { GrantEnds } from '../auth/grant-ends.ts';
import type { Logger } from '../logger.ts';
import type { RoomRegistry } from '../rooms/registry.ts';
import type { Seals } from '../../src/doc/index.ts';
import type { PgStore } from '../storage/pg-store.ts';
import { clusterRooms } from './cluster-rooms.ts';
import { ClusterOwnership } from './ownership.ts';
import { RelayPasses, signRelayPass } from './relay-pass.ts';
import { RoomLeases } from './room-leases.ts';

export interface Cluster {
  leases: RoomLeases;
  collab: CollabCluster;
  /** Act on the other processes' notices with this registry (once the collab server exists). */
  serve(registry: RoomRegistry, sealsOf: (docId: string) => Promise<Seals>): void;
  /** Release every room and leave (after the rooms have closed). */
  close(): Promise<void>;
}

/** The address the other processes reach this one at. */
export function internalUrlOf(config: Pick<Config, 'internalUrl' | 'host'>, port: number): string {
  if (config.internalUrl) return config.internalUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A process that cannot be joined as it is configured: the message says which setting and what to do. */
export class JoinRefused extends Error {
  override name = 'JoinRefused';
}

/** Whether anything answers HTTP at this address (any status: a process still starting answers 503). */
async function answers(url: string): Promise<string | undefined> {
  try {
    await fetch(new URL('/healthz', url), { signal: AbortSignal.timeout(3000) });
    return undefined;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? (error as Error).message;
  }
}

/**
 * Before taking rooms: the other processes must be able to reach this one at INTERNAL_URL, and
 * its SECRET must be theirs, or every connection they relay here (and every invite they made)
 * would be refused while this process looked healthy.
 */
async function checkJoinable(store: PgStore, internalUrl: string, secretCheck: string, expireSeconds: number) {
  const unreachable = await answers(internalUrl);
  if (unreachable)
    throw new JoinRefused(
      `INTERNAL_URL ${internalUrl} does not reach this process (${unreachable}): set it to an address the other processes can reach this one at`,
    );
  const others = await store.pool.query<{ secret_check: string }>(
    `SELECT secret_check FROM nodes WHERE renewed_at > now() - make_interval(secs => $1)`,
    [expireSeconds * 3],
  );
  if (others.rows.some((row) => row.secret_check !== secretCheck))
    throw new JoinRefused(
      'SECRET is not the one the other processes running on this database use: give every process the same SECRET',
    );
  // Processes gone for a day (killed, never drained) leave their rows; they name no one.
  await store.pool.query(`DELETE FROM nodes WHERE renewed_at < now() - interval '1 day'`);
}

export async function joinCluster(
  store: PgStore,
  config: Pick<Config, 'databaseUrl' | 'internalUrl' | 'host' | 'leaseExpireSeconds'>,
  port: number,
  secret: Buffer,
  grantEnds: GrantEnds,
  log: Logger,
): Promise<Cluster> {
  const internalUrl = internalUrlOf(config, port);
  const secretCheck = createHmac('sha256', secret).update('turning-points: the same secret').digest('hex');
  await checkJoinable(store, internalUrl, secretCheck, config.leaseExpireSeconds);
  if (!config.internalUrl && (config.host === '0.0.0.0' || config.host === '::'))
    log.warn(
      { internalUrl },
      'INTERNAL_URL is not set: other processes reach this one at a loopback address, which works only on this machine',
    );
  const leases = await RoomLeases.start(store, {
    url: config.databaseUrl ?? '',
    internalUrl,
    secretCheck,
    expireSeconds: config.leaseExpireSeconds,
    log,
  });
  const ownership = new ClusterOwnership(leases);
  const notices = store.notices;
  grantEnds.tellOthers((grant) => void notices.publish({ type: 'grant-ended', grant }).catch(() => undefined));
  let stopListening = notices.listen((notice) => {
    if (notice.type === 'grant-ended') grantEnds.endHere(notice.grant);
  });
  return {
    leases,
    collab: {
      ownership,
      signPass: (docId, access, role) => signRelayPass(secret, docId, access, role),
      passes: new RelayPasses(secret),
      roomsForPages: (local, registry) => clusterRooms(local, registry, leases, notices, log),
    },
    serve(registry, sealsOf) {
      leases.countConnections((docId) => registry.connectedTo([docId]));
      // Every room this process owned is lost with its lease connection: each closes (4500) and
      // its clients reconnect to whichever process owns it next.
      leases.onLost(() => void registry.closeAll('storageFailure'));
      stopListening();
      stopListening = notices.listen((notice) => {
        if (notice.type === 'grant-ended') grantEnds.endHere(notice.grant);
        if (notice.type === 'release-rooms' && notice.node === leases.nodeId) {
          ownership.handOver(notice.docIds);
          void registry.closeRooms(notice.docIds, 'goingAway');
        }
        if (notice.type === 'controls') void registry.controlsStoredElsewhere(notice.docId).catch(() => undefined);
        if (notice.type === 'sealed' && registry.isOpen(notice.docId))
          void sealsOf(notice.docId).then(
            (seals) => registry.seal(notice.docId, seals),
            () => undefined,
          );
      });
    },
    async close() {
      stopListening();
      await leases.close();
    },
  };
}
