/**
 * Live rooms at /collab/<docId>: every connection is authorised at the HTTP upgrade by the
 * authenticate hook, before a single byte of the document is sent (server/SPEC.md AUTH rules),
 * and counted against the caps per token and per room (LIMIT5). Refusals are plain HTTP
 * answers (401, 403, 404, 429); accepted sockets join the document's room and are pinged at
 * every heartbeat (LIMIT8). Every connection's access is checked again every REAUTHORISE_SECONDS,
 * so one whose person was revoked or taken off the project closes within that time (AUTH8), and
 * joins, leaves and refusals go to the audit log.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Seals } from '../src/doc/index.ts';
import { CLOSE_CODES } from '../src/protocol/index.ts';
import type { GrantEnds } from './auth/grant-ends.ts';
import type { Admission, Authenticate } from './auth/room-access.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { AuditEntry } from './storage/access-records.ts';
import { Connection, type ConnectionLimits } from './rooms/connection.ts';
import { ConnectionCounts } from './rooms/connection-counts.ts';
import type { ErasingRooms, ErasureChannel } from './rooms/erasure-channel.ts';
import type { RoomHooks } from './rooms/hooks.ts';
import { OwnedElsewhere, RoomBusy, RoomRegistry, type RoomOwnership } from './rooms/registry.ts';
import type { Room } from './rooms/room.ts';
import { openRelay, RelayedConnection } from './cluster/relay.ts';
import { RELAY_HEADER, type RelayPasses } from './cluster/relay-pass.ts';

const ROOM_PATH = /^\/collab\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
/** Where another process relays a connection it accepted for a room this one owns (cluster/relay.ts). */
const RELAYED_PATH = /^\/internal\/collab\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};
/** Refused write attempts a viewer gets before the connection is closed. */
const READ_ONLY_STRIKES = 3;

/** When several processes serve rooms (server/cluster/): who owns which room, and the passes relays carry. */
export interface CollabCluster {
  ownership: RoomOwnership;
  /** A pass for the owner of a room this process relays a connection to. */
  signPass(docId: string, access: Admitted['access'], role: string): string;
  /** Passes presented by relaying processes, each taken once. */
  passes: RelayPasses;
  /** What pages get to act on live rooms: this process's rooms, made to reach the others' (cluster/cluster-rooms.ts). */
  roomsForPages(local: ErasingRooms, registry: RoomRegistry): ErasingRooms;
}

type Admitted = Extract<Admission, { ok: true }>;

/** One open connection as the collab server tracks it: its own room's, or relayed to another process. */
interface Held {
  close(reason: 'accessRevoked' | 'goingAway'): void;
  heartbeat(): void;
}

export interface Collab {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly registry: RoomRegistry;
  /** Close every room and connection (shutdown); settles once their last writes are queued and committed. */
  close(): Promise<void>;
}

const headerOf = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

function refuse(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function createCollab(
  config: Config,
  authenticate: Authenticate,
  hooks: RoomHooks,
  log: Logger,
  grantEnds: GrantEnds,
  audit: (entry: AuditEntry) => Promise<void>,
  erasures: { channel: ErasureChannel; isErased: (docId: string) => Promise<boolean> },
  /** The new id of a document that moved from this one (server/families/move-ids.ts), if it did. */
  movedTo: (docId: string) => Promise<string | undefined> = async () => undefined,
  /** A journey's workshop session ended (its room emptied after a change, or "End session"): keep a version. */
  sessionEnded?: (docId: string, by: string) => void,
  /** What is marked sensitive in a journey (server/sensitive-items.ts), read as its room opens. */
  sealsOf?: (docId: string) => Promise<Seals>,
  cluster?: CollabCluster,
): Collab {
  const record = (entry: AuditEntry) =>
    audit(entry).catch((error: unknown) =>
      log.error({ err: (error as Error).message, action: entry.action }, 'the audit log could not be written'),
    );
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false });
  // AUTH8: connections by the grant (an invite's id, a staff session's id) that can end under them.
  const byGrant = new Map<string, Set<Held>>();
  const stopListening = grantEnds.onEnd((grant) => {
    const ended = byGrant.get(grant);
    if (!ended) return;
    byGrant.delete(grant);
    for (const connection of ended) connection.close('accessRevoked');
    log.info({ grant, connections: ended.size }, 'access ended: its room connections closed');
  });
  // Who is in which room, for the audit log's leaves; once stopping, leaves are recorded by close().
  const present = new Map<Held, Pick<AuditEntry, 'actor' | 'docId' | 'projectId'>>();
  let stopped = false;
  // AUTH8: each connection's access, checked again; one check at a time, so a slow store never piles them up.
  const stillAllowed = new Map<Held, () => Promise<boolean>>();
  let rechecking = false;
  const reauthorise = setInterval(() => {
    if (rechecking) return;
    rechecking = true;
    void (async () => {
      for (const [connection, allowed] of stillAllowed) {
        const ok = await allowed().catch(() => true);
        if (!ok) connection.close('accessRevoked');
      }
    })().finally(() => (rechecking = false));
  }, config.reauthoriseSeconds * 1000);
  const registry = new RoomRegistry(hooks, log, sessionEnded, sealsOf, cluster?.ownership);
  const limits: ConnectionLimits = {
    messagesPerSecond: config.messagesPerSecond,
    burst: config.messagesPerSecond * 3,
    readOnlyStrikes: READ_ONLY_STRIKES,
    awareness: { perSecond: config.awarenessPerSecond, bytesPerSecond: config.awarenessBytesPerSecond },
    maxBufferedBytes: config.maxBufferedBytes,
    documentMaxBytes: config.documentMaxBytes,
  };
  const localRooms: ErasingRooms = {
    connectedTo: (docIds) => registry.connectedTo(docIds),
    closeErased: (docIds) => registry.closeErased(docIds),
    endErasing: (docIds) => registry.endErasing(docIds),
    change: (docId, change) => registry.change(docId, change),
    seal: (docId, seals) => registry.seal(docId, seals),
  };
  const stopErasing = erasures.channel.serve(cluster ? cluster.roomsForPages(localRooms, registry) : localRooms);
  /**
   * ERASE2: an erased document's room, or one being erased, refuses everyone with 4410, asked
   * before who they are (their invites went with the document): a device still holding a copy
   * is told to wipe it. The handshake completes only to carry the close code; nothing of any
   * document is sent.
   */
  const refuseErased = async (req: IncomingMessage, socket: Duplex, head: Buffer, docId: string) => {
    if (!(registry.isErasing(docId) || (await erasures.isErased(docId)))) return false;
    void record({ action: 'room.join', outcome: 'refused', actor: 'anonymous', docId, detail: 'erased' });
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.close(CLOSE_CODES.documentErased, 'documentErased');
      setTimeout(() => ws.terminate(), 2000).unref();
    });
    return true;
  };
  const counts = new ConnectionCounts({
    perToken: config.maxConnectionsPerToken,
    perRoom: config.maxConnectionsPerRoom,
  });
  const live = new Set<Held>();
  const heartbeat = setInterval(() => {
    for (const connection of live) connection.heartbeat();
  }, config.heartbeatSeconds * 1000);

  /**
   * Authorise, then open the room, then complete the handshake: no byte of the document is sent
   * before the connection is admitted, and a document storage cannot read is refused (503)
   * without touching any other room.
   */
  const admit = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const relayedId = cluster ? RELAYED_PATH.exec(url.pathname)?.[1] : undefined;
    const docId = relayedId ?? ROOM_PATH.exec(url.pathname)?.[1];
    if (!docId) return refuse(socket, 404);
    let admission: Admission, room;
    let uncount: (() => void) | undefined;
    try {
      if (await refuseErased(req, socket, head, docId)) return;
      // MOVE5: an old id's room is gone. Someone with access to the new one is told so by the close
      // code (nothing logged: the old id may hold words); anyone else is refused as usual.
      const moved = await movedTo(docId);
      if (moved) {
        const allowed = await authenticate(req, url, moved);
        if (!allowed.ok) return refuse(socket, allowed.status);
        wss.handleUpgrade(req, socket, head, (ws) => ws.close(CLOSE_CODES.documentMoved, 'moved'));
        return;
      }
      if (relayedId !== undefined) {
        // A forged, reused or late pass is refused as an unknown visitor would be.
        const pass = cluster?.passes.take(headerOf(req, RELAY_HEADER), docId);
        if (!pass) {
          log.warn({ room: docId }, 'a relayed connection without a good pass was refused');
          return refuse(socket, 401);
        }
        // The relaying process checks access again and records joins; its checks stand for ours.
        admission = { ok: true, access: pass.access, role: pass.role, stillAllowed: async () => true };
      } else admission = await authenticate(req, url, docId);
      if (!admission.ok) {
        log.warn({ room: docId, reason: admission.reason }, 'room connection refused');
        void record({
          action: 'room.join',
          outcome: 'refused',
          actor: admission.actor ?? 'anonymous',
          docId,
          detail: admission.reason,
        });
        return refuse(socket, admission.status);
      }
      // LIMIT5: the place is taken now, before anything waits, so arrivals together cannot pass the cap.
      const capPassed = counts.refusal(admission.access.grant, docId);
      if (capPassed) {
        log.warn({ room: docId, grant: admission.access.grant, cap: capPassed }, 'room connection refused: too many');
        return refuse(socket, 429);
      }
      uncount = counts.add(admission.access.grant, docId);
      try {
        room = await registry.open(docId);
      } catch (error) {
        if (!(error instanceof OwnedElsewhere) || relayedId !== undefined) throw error;
        uncount();
        return relay(req, socket, head, docId, admission, error.ownerUrl);
      }
      if (!room) {
        uncount();
        return refuse(socket, 404);
      }
    } catch (error) {
      uncount?.();
      if (error instanceof RoomBusy || error instanceof OwnedElsewhere) return refuse(socket, 503);
      log.error({ room: docId, err: (error as Error).message }, 'the document could not be read; connection refused');
      return refuse(socket, 503);
    }
    const opened = room;
    const release = uncount;
    // Joined or not (a handshake that failed, a socket gone while the room opened), the
    // connection is no longer on its way in: an empty room it opened must not stay open.
    let settled = false;
    let joined = false;
    const arrived = () => {
      if (settled) return;
      settled = true;
      if (!joined) release();
      registry.arrived(opened);
    };
    socket.once('close', arrived);
    if (socket.destroyed) return arrived();
    const admitted = admission;
    wss.handleUpgrade(req, socket, head, (ws) => {
      joined = true;
      join(ws, opened, admitted, docId, release, relayedId !== undefined);
      arrived();
    });
  };

  /** Another process owns the room: the connection goes to it (cluster/relay.ts), admitted here. */
  const relay = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    docId: string,
    admission: Admitted,
    ownerUrl: string,
  ) => {
    if (!cluster) return refuse(socket, 503);
    let upstream;
    try {
      upstream = await openRelay(ownerUrl, docId, cluster.signPass(docId, admission.access, admission.role), {
        maxPayload: config.maxMessageBytes,
        holdBytes: config.maxBufferedBytes,
      });
    } catch (error) {
      log.warn(
        { room: docId, err: (error as Error).message },
        'the room owner could not be reached; connection refused',
      );
      return refuse(socket, 503);
    }
    const owner = upstream;
    if (socket.destroyed) return void owner.socket.close(1000);
    // A handshake that never completes (the socket gone, a bad header, the server stopping) lets the owner go.
    let accepted = false;
    socket.once('close', () => void (accepted || owner.socket.terminate()));
    wss.handleUpgrade(req, socket, head, (ws) => {
      accepted = true;
      const relayed = new RelayedConnection(ws, owner, config.maxBufferedBytes, log, docId);
      track(ws, relayed, admission, docId);
    });
  };

  const join = (
    ws: WebSocket,
    room: Room,
    admission: Admitted,
    docId: string,
    uncount: () => void,
    relayed: boolean,
  ) => {
    const connection = new Connection(ws, room, admission.access, limits, log);
    ws.once('close', uncount);
    // A relayed connection's join and leave are recorded where it was accepted, with its access checks.
    if (relayed) {
      live.add(connection);
      const connections = byGrant.get(admission.access.grant) ?? new Set<Held>();
      connections.add(connection);
      byGrant.set(admission.access.grant, connections);
      ws.once('close', () => {
        live.delete(connection);
        connections.delete(connection);
        if (connections.size === 0 && byGrant.get(admission.access.grant) === connections)
          byGrant.delete(admission.access.grant);
      });
      return;
    }
    track(ws, connection, admission, docId);
  };

  /** Heartbeat, access checked again, ended grants, and the audit log's join and leave. */
  const track = (ws: WebSocket, connection: Held, admission: Admitted, docId: string) => {
    const { grant, actor, projectId } = admission.access;
    const about = { actor, docId, ...(projectId === undefined ? {} : { projectId }) };
    live.add(connection);
    present.set(connection, about);
    stillAllowed.set(connection, admission.stillAllowed);
    const connections = byGrant.get(grant) ?? new Set<Held>();
    connections.add(connection);
    byGrant.set(grant, connections);
    ws.once('close', () => {
      live.delete(connection);
      present.delete(connection);
      stillAllowed.delete(connection);
      connections.delete(connection);
      if (connections.size === 0 && byGrant.get(grant) === connections) byGrant.delete(grant);
      // At shutdown the leave is recorded before storage closes (close() below), not when the socket goes.
      if (!stopped) void record({ action: 'room.leave', outcome: 'ok', ...about });
    });
    void record({ action: 'room.join', outcome: 'ok', ...about, detail: admission.role });
    log.debug({ room: docId, grant, role: admission.role }, 'joined');
  };

  return {
    registry,
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      void admit(req, socket, head);
    },
    async close() {
      stopped = true;
      for (const about of present.values())
        void record({ action: 'room.leave', outcome: 'ok', ...about, detail: 'server-stopping' });
      clearInterval(heartbeat);
      clearInterval(reauthorise);
      stopListening();
      stopErasing();
      // Relayed connections go too: their clients reconnect to a process that stays.
      for (const held of live) if (held instanceof RelayedConnection) held.close('goingAway');
      wss.close();
      await registry.closeAll('goingAway');
    },
  };
}
