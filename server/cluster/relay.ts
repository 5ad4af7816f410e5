/**
 * A connection this process accepted for a room another process owns: its frames go to the
 * owner and back byte for byte, so the owner's room enforces everything (limits, roles, acks,
 * awareness) as for a connection of its own. This side keeps what belongs to whoever accepted
 * the socket: the heartbeat, access checked again (AUTH8), and the audit log's join and leave.
 *
 * When the owner goes (killed, drained) or stops answering pings (frozen), the client is closed
 * with `goingAway` and reconnects; the room is then owned here or elsewhere, and the client
 * sends what the new owner lacks.
 */
import WebSocket from 'ws';
import { CLOSE_CODES, type CloseReason } from '../../src/protocol/index.ts';
import type { Logger } from '../logger.ts';
import { RELAY_HEADER } from './relay-pass.ts';

/** How long to wait for the owner to accept, and between pings to it. */
const CONNECT_TIMEOUT_MS = 2000;
const OWNER_PING_MS = 1000;
/** Pings the owner may leave unanswered before it is taken for gone. */
const OWNER_MISSED_PINGS = 3;

/**
 * The owner's side of a relayed connection, open. The owner speaks first (its sync step 1,
 * awareness) and those frames may arrive in the same read as its handshake answer, before the
 * client's side is accepted here: they are held in `early` until the relay starts, never dropped.
 * Without its step 1 a reconnecting client never sends what the owner lacks.
 */
export interface OwnerSocket {
  socket: WebSocket;
  early: Array<{ data: Buffer; isBinary: boolean }>;
  stopHolding: () => void;
  /** The code the owner closed with, when it did before the relay started. */
  closedWith: () => number | undefined;
}

/**
 * Open the relay to the owner; rejects with the owner's status when it refuses. Holds at most
 * `holdBytes` of the owner's frames until the relay starts: past that, the owner is let go.
 */
export function openRelay(
  ownerUrl: string,
  docId: string,
  pass: string,
  { maxPayload, holdBytes }: { maxPayload: number; holdBytes: number },
): Promise<OwnerSocket> {
  const target = new URL(`/internal/collab/${docId}`, ownerUrl);
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  const upstream = new WebSocket(target, {
    headers: { [RELAY_HEADER]: pass },
    perMessageDeflate: false,
    maxPayload,
    handshakeTimeout: CONNECT_TIMEOUT_MS,
  });
  const early: OwnerSocket['early'] = [];
  let held = 0;
  const hold = (data: Buffer, isBinary: boolean) => {
    early.push({ data, isBinary });
    held += data.length;
    if (held > holdBytes) upstream.terminate();
  };
  upstream.on('message', hold);
  const stopHolding = () => void upstream.off('message', hold);
  let closedWith: number | undefined;
  upstream.once('close', (code: number) => (closedWith = code));
  return new Promise((resolve, reject) => {
    upstream.once('open', () => resolve({ socket: upstream, early, stopHolding, closedWith: () => closedWith }));
    upstream.once('unexpected-response', (_request, response) => {
      upstream.terminate();
      reject(new Error(`the room's owner answered ${response.statusCode}`));
    });
    upstream.once('error', (error) => reject(error));
  });
}

/** Any valid close code the owner sent goes on to the client; anything else becomes `goingAway`. */
const passOn = (code: number) => (code >= 4000 && code <= 4999) || [1000, 1001, 1009, 1011, 1012, 1013].includes(code);

export class RelayedConnection {
  private readonly client: WebSocket;
  private readonly upstream: WebSocket;
  private readonly maxBufferedBytes: number;
  private answeredPing = true;
  private ownerMissed = 0;
  private readonly ownerPing: NodeJS.Timeout;
  private closed = false;

  constructor(client: WebSocket, owner: OwnerSocket, maxBufferedBytes: number, log: Logger, docId: string) {
    const upstream = owner.socket;
    this.client = client;
    this.upstream = upstream;
    this.maxBufferedBytes = maxBufferedBytes;
    client.binaryType = 'nodebuffer';
    client.on('message', (data: Buffer, isBinary: boolean) => {
      if (upstream.readyState === upstream.OPEN) upstream.send(data, { binary: isBinary });
    });
    const toClient = (data: Buffer, isBinary: boolean) => {
      if (client.readyState !== client.OPEN) return;
      if (client.bufferedAmount > this.maxBufferedBytes) return this.close('fellBehind');
      client.send(data, { binary: isBinary });
    };
    owner.stopHolding();
    upstream.on('message', toClient);
    client.on('pong', () => (this.answeredPing = true));
    upstream.on('pong', () => (this.ownerMissed = 0));
    client.on('close', () => this.end(1000));
    client.on('error', () => this.end(1000));
    upstream.on('close', (code) => {
      if (!this.closed) log.info({ room: docId, code }, 'the room owner closed a relayed connection');
      this.finish(passOn(code) ? code : CLOSE_CODES.goingAway);
    });
    upstream.on('error', () => this.finish(CLOSE_CODES.goingAway));
    this.ownerPing = setInterval(() => {
      if (++this.ownerMissed > OWNER_MISSED_PINGS) {
        log.warn({ room: docId }, 'the room owner stopped answering: relayed connection closed');
        upstream.terminate();
        return this.finish(CLOSE_CODES.goingAway);
      }
      upstream.ping();
    }, OWNER_PING_MS);
    // What the owner said before this side was accepted goes first; an owner already gone is passed on.
    for (const { data, isBinary } of owner.early.splice(0)) toClient(data, isBinary);
    // Still closing, its close event comes to the listener above; closed, its code is passed on now.
    const code = owner.closedWith();
    if (upstream.readyState === upstream.CLOSED)
      this.finish(code !== undefined && passOn(code) ? code : CLOSE_CODES.goingAway);
  }

  close(reason: CloseReason): void {
    this.finish(CLOSE_CODES[reason]);
  }

  /** As a room connection's heartbeat (LIMIT8): a client that did not answer the last ping is dropped. */
  heartbeat(): void {
    if (this.closed) return;
    if (!this.answeredPing) {
      this.client.terminate();
      return this.end(1000);
    }
    this.answeredPing = false;
    this.client.ping();
  }

  /** The client went: the owner is told with a normal close. */
  private end(code: number): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ownerPing);
    if (this.upstream.readyState === this.upstream.OPEN || this.upstream.readyState === this.upstream.CONNECTING)
      this.upstream.close(code);
  }

  /** The owner went, or this side closes: the client is told with the code. */
  private finish(code: number): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ownerPing);
    if (this.upstream.readyState === this.upstream.OPEN) this.upstream.close(1000);
    this.client.close(code);
    setTimeout(() => this.client.terminate(), 2000).unref();
  }
}
