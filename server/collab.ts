/**
 * Live rooms at /collab/<docId>: every connection is authorised at the HTTP upgrade by the
 * authenticate hook, before a single byte of the document is sent (server/SPEC.md AUTH rules),
 * and counted against the caps per token and per room (LIMIT5). Refusals are plain HTTP
 * answers (401, 403, 404, 429); accepted sockets join the document's room and are pinged at
 * every heartbeat (LIMIT8).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { GrantEnds } from './auth/grant-ends.ts';
import type { Authenticate } from './auth/room-access.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { Connection, type ConnectionLimits } from './rooms/connection.ts';
import { ConnectionCounts } from './rooms/connection-counts.ts';
import type { RoomHooks } from './rooms/hooks.ts';
import { RoomRegistry } from './rooms/registry.ts';

const ROOM_PATH = /^\/collab\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
};
/** Refused write attempts a viewer gets before the connection is closed. */
const READ_ONLY_STRIKES = 3;

export interface Collab {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  readonly registry: RoomRegistry;
  /** Close every room and connection (shutdown). */
  close(): void;
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
): Collab {
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false });
  // AUTH8: connections by the grants that can end under them (their own, their session's).
  const byGrant = new Map<string, Set<Connection>>();
  const stopListening = grantEnds.onEnd((grant) => {
    const ended = byGrant.get(grant);
    if (!ended) return;
    byGrant.delete(grant);
    for (const connection of ended) connection.close('accessRevoked');
    log.info({ grant, connections: ended.size }, 'session ended: its room connections closed');
  });
  const registry = new RoomRegistry(hooks, log);
  const limits: ConnectionLimits = {
    messagesPerSecond: config.messagesPerSecond,
    burst: config.messagesPerSecond * 3,
    readOnlyStrikes: READ_ONLY_STRIKES,
    awareness: { perSecond: config.awarenessPerSecond, bytesPerSecond: config.awarenessBytesPerSecond },
    maxBufferedBytes: config.maxBufferedBytes,
    documentMaxBytes: config.documentMaxBytes,
  };
  const counts = new ConnectionCounts({
    perToken: config.maxConnectionsPerToken,
    perRoom: config.maxConnectionsPerRoom,
  });
  const live = new Set<Connection>();
  const heartbeat = setInterval(() => {
    for (const connection of live) connection.heartbeat();
  }, config.heartbeatSeconds * 1000);

  return {
    registry,
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://localhost');
      const docId = ROOM_PATH.exec(url.pathname)?.[1];
      if (!docId) return refuse(socket, 404);
      const admission = authenticate(req, url, docId);
      if (!admission.ok) {
        log.warn({ room: docId, reason: admission.reason }, 'room connection refused');
        return refuse(socket, admission.status);
      }
      // Checked without opening the room, so a handshake that fails leaves nothing open.
      if (!registry.exists(docId)) return refuse(socket, 404);
      const capPassed = counts.refusal(admission.access.grant, docId);
      if (capPassed) {
        log.warn({ room: docId, grant: admission.access.grant, cap: capPassed }, 'room connection refused: too many');
        return refuse(socket, 429);
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const room = registry.open(docId);
        if (!room) return ws.close(1001, 'goingAway');
        const uncount = counts.add(admission.access.grant, docId);
        const connection = new Connection(ws, room, admission.access, limits, log);
        live.add(connection);
        ws.once('close', () => {
          uncount();
          live.delete(connection);
        });
        const { grant, session } = admission.access;
        for (const key of session ? [grant, session] : [grant]) {
          const connections = byGrant.get(key) ?? new Set<Connection>();
          connections.add(connection);
          byGrant.set(key, connections);
          ws.once('close', () => {
            connections.delete(connection);
            if (connections.size === 0 && byGrant.get(key) === connections) byGrant.delete(key);
          });
        }
        log.debug({ room: docId, grant: admission.access.grant, role: admission.role }, 'joined');
      });
    },
    close() {
      clearInterval(heartbeat);
      stopListening();
      registry.closeAll('goingAway');
      wss.close();
    },
  };
}
