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
import type { ErasureChannel } from './rooms/erasure-channel.ts';
import type { RoomHooks } from './rooms/hooks.ts';
import { RoomRegistry } from './rooms/registry.ts';
import type { Room } from './rooms/room.ts';

const ROOM_PATH = /^\/collab\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};
/** Refused write attempts a viewer gets before the connection is closed. */
const READ_ONLY_STRIKES = 3;

export interface Collab {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly registry: RoomRegistry;
  /** Close every room and connection (shutdown); settles once their last writes are queued and committed. */
  close(): Promise<void>;
}

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
): Collab {
  const record = (entry: AuditEntry) =>
    audit(entry).catch((error: unknown) =>
      log.error({ err: (error as Error).message, action: entry.action }, 'the audit log could not be written'),
    );
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false });
  // AUTH8: connections by the grant (an invite's id, a staff session's id) that can end under them.
  const byGrant = new Map<string, Set<Connection>>();
  const stopListening = grantEnds.onEnd((grant) => {
    const ended = byGrant.get(grant);
    if (!ended) return;
    byGrant.delete(grant);
    for (const connection of ended) connection.close('accessRevoked');
    log.info({ grant, connections: ended.size }, 'access ended: its room connections closed');
  });
  // Who is in which room, for the audit log's leaves; once stopping, leaves are recorded by close().
  const present = new Map<Connection, Pick<AuditEntry, 'actor' | 'docId' | 'projectId'>>();
  let stopped = false;
  // AUTH8: each connection's access, checked again; one check at a time, so a slow store never piles them up.
  const stillAllowed = new Map<Connection, () => Promise<boolean>>();
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
  const registry = new RoomRegistry(hooks, log, sessionEnded, sealsOf);
  const limits: ConnectionLimits = {
    messagesPerSecond: config.messagesPerSecond,
    burst: config.messagesPerSecond * 3,
    readOnlyStrikes: READ_ONLY_STRIKES,
    awareness: { perSecond: config.awarenessPerSecond, bytesPerSecond: config.awarenessBytesPerSecond },
    maxBufferedBytes: config.maxBufferedBytes,
    documentMaxBytes: config.documentMaxBytes,
  };
  const stopErasing = erasures.channel.serve({
    connectedTo: (docIds) => registry.connectedTo(docIds),
    closeErased: (docIds) => registry.closeErased(docIds),
    endErasing: (docIds) => registry.endErasing(docIds),
    change: (docId, change) => registry.change(docId, change),
    seal: (docId, seals) => registry.seal(docId, seals),
  });
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
  const live = new Set<Connection>();
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
    const docId = ROOM_PATH.exec(url.pathname)?.[1];
    if (!docId) return refuse(socket, 404);
    let admission, room;
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
      admission = await authenticate(req, url, docId);
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
      room = await registry.open(docId);
      if (!room) {
        uncount();
        return refuse(socket, 404);
      }
    } catch (error) {
      uncount?.();
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
      join(ws, opened, admitted, docId, release);
      arrived();
    });
  };

  const join = (
    ws: WebSocket,
    room: Room,
    admission: Extract<Admission, { ok: true }>,
    docId: string,
    uncount: () => void,
  ) => {
    const connection = new Connection(ws, room, admission.access, limits, log);
    const { grant, actor, projectId } = admission.access;
    const about = { actor, docId, ...(projectId === undefined ? {} : { projectId }) };
    live.add(connection);
    present.set(connection, about);
    stillAllowed.set(connection, admission.stillAllowed);
    const connections = byGrant.get(grant) ?? new Set<Connection>();
    connections.add(connection);
    byGrant.set(grant, connections);
    ws.once('close', () => {
      uncount();
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
      wss.close();
      await registry.closeAll('goingAway');
    },
  };
}
