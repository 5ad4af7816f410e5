/**
 * Live rooms at /collab/<docId>: every connection is authorised at the HTTP upgrade, before a
 * single byte of the document is sent (server/SPEC.md AUTH rules). Refusals are plain HTTP
 * answers (401, 403, 404); accepted sockets join the document's room.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { ACK_PARAM } from '../src/protocol/index.ts';
import { grantsDocument, verifyToken, WRITING_ROLES } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { Connection, type ConnectionLimits } from './rooms/connection.ts';
import type { RoomHooks } from './rooms/hooks.ts';
import { RoomRegistry } from './rooms/registry.ts';

const ROOM_PATH = /^\/collab\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})$/;
const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };
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

/** Browsers always send Origin; it must be this server's own or one allowed by configuration. */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.host === host || allowed.includes(parsed.origin);
}

export function createCollab(config: Config, secret: Buffer, hooks: RoomHooks, log: Logger): Collab {
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes, perMessageDeflate: false });
  const registry = new RoomRegistry(hooks, log);
  const limits: ConnectionLimits = {
    messagesPerSecond: config.messagesPerSecond,
    burst: config.messagesPerSecond * 3,
    readOnlyStrikes: READ_ONLY_STRIKES,
  };

  return {
    registry,
    handleUpgrade(req, socket, head) {
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://localhost');
      const docId = ROOM_PATH.exec(url.pathname)?.[1];
      if (!docId) return refuse(socket, 404);
      if (!originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)) {
        log.warn({ room: docId, reason: 'origin' }, 'room connection refused');
        return refuse(socket, 403);
      }
      const token = url.searchParams.get('token');
      const verified = token
        ? verifyToken(secret, token, Math.floor(Date.now() / 1000))
        : { ok: false as const, reason: 'missing' };
      if (!verified.ok) {
        log.warn({ room: docId, reason: verified.reason }, 'room connection refused');
        return refuse(socket, 401);
      }
      const { claims } = verified;
      if (!grantsDocument(claims, docId) || claims.role === 'evaluator') {
        log.warn({ room: docId, grant: claims.jti, reason: 'not-this-document' }, 'room connection refused');
        return refuse(socket, 403);
      }
      const room = registry.open(docId);
      if (!room) return refuse(socket, 404);
      wss.handleUpgrade(req, socket, head, (ws) => {
        const access = {
          canWrite: WRITING_ROLES.has(claims.role),
          wantsAck: url.searchParams.get(ACK_PARAM) === '1',
          grant: claims.jti,
          expiresAt: claims.exp,
        };
        // The room may have closed while the handshake finished (last person left): open it again.
        const live = registry.open(docId);
        if (!live) return ws.close(1001, 'goingAway');
        new Connection(ws, live, access, limits, log);
        log.debug({ room: docId, grant: claims.jti, role: claims.role }, 'joined');
      });
    },
    close() {
      registry.closeAll('goingAway');
      wss.close();
    },
  };
}
