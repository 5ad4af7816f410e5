/**
 * One WebSocket in a room: decodes each message, enforces the connection's role, the rate
 * limits, the document's size quota and the protocol (server/SPEC.md), and closes with a named
 * code when they are broken. Read-only connections may sync and show presence; their updates
 * are never applied. It also drops a peer that stops answering pings, and closes one that does
 * not read what it is sent (LIMIT6, LIMIT8).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  CLOSE_CODES,
  MESSAGE_AWARENESS,
  MESSAGE_CONTROL,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  parseControlCommand,
  readControlJson,
  type CloseReason,
} from '../../src/protocol/index.ts';
import type { Logger } from '../logger.ts';
import { integratedStateAsUpdate } from './integrated-state.ts';
import { AwarenessThrottle, type AwarenessRates } from './awareness-throttle.ts';
import { RateLimit } from './rate-limit.ts';
import type { Access } from '../auth/access.ts';
import type { Member, Room } from './room.ts';

export interface ConnectionLimits {
  messagesPerSecond: number;
  burst: number;
  /** Refused write attempts a read-only connection gets before it is closed. */
  readOnlyStrikes: number;
  /** Awareness messages and bytes applied per second on average (LIMIT4). */
  awareness: AwarenessRates;
  /** Bytes sent but not yet taken by the peer beyond which it has fallen behind (LIMIT6). */
  maxBufferedBytes: number;
  /** The largest a document may grow to (LIMIT7). */
  documentMaxBytes: number;
}

/**
 * How long a connection the server closes has to answer the close before its socket is
 * destroyed: a peer that reads nothing never would (LIMIT6), and meanwhile everything queued
 * for it stays in memory.
 */
const CLOSE_GRACE_MS = 2000;

class ProtocolError extends Error {}

/** An update that changes nothing: what a client with nothing new sends in sync step 2. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export class Connection implements Member {
  readonly wantsAck: boolean;
  readonly wantsControls: boolean;
  readonly canControl: boolean;
  readonly actor: string;
  private readonly socket: WebSocket;
  private readonly room: Room;
  private readonly access: Access;
  private readonly limits: ConnectionLimits;
  private readonly log: Logger;
  private readonly rate: RateLimit;
  private readonly awareness: AwarenessThrottle;
  private readonly expiry: NodeJS.Timeout;
  private strikes = 0;
  private closed = false;
  /** Set when the peer fell behind: nothing more is queued for it while it is being closed. */
  private behind = false;
  /** Whether the peer answered the last heartbeat ping (LIMIT8). */
  private answeredPing = true;

  constructor(socket: WebSocket, room: Room, access: Access, limits: ConnectionLimits, log: Logger) {
    this.socket = socket;
    this.room = room;
    this.access = access;
    this.limits = limits;
    this.log = log;
    this.wantsAck = access.wantsAck;
    this.wantsControls = access.wantsControls;
    this.canControl = access.canControl;
    this.actor = access.actor;
    this.rate = new RateLimit(limits.messagesPerSecond, limits.burst);
    this.awareness = new AwarenessThrottle(
      limits.awareness,
      room.awareness,
      (update) => this.guard(() => awarenessProtocol.applyAwarenessUpdate(room.awareness, update, this)),
      (on) => (on ? socket.resume() : socket.pause()),
    );
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    socket.on('pong', () => (this.answeredPing = true));
    socket.on('close', () => this.onClosed());
    socket.on('error', () => this.onClosed());
    const msLeft = Math.max(0, access.expiresAt * 1000 - Date.now());
    this.expiry = setTimeout(() => this.close('linkExpired'), Math.min(msLeft, 2 ** 31 - 1));
    room.join(this);
  }

  send(message: Uint8Array): void {
    if (this.closed || this.behind || this.socket.readyState !== this.socket.OPEN) return;
    // A reader that does not keep up is closed, not fed: all it has not read stays in memory
    // here. One large message (a whole document) never trips this on its own; a backlog does.
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.behind = true;
      // Closed outside whatever room loop is sending, which its leaving would change.
      setImmediate(() => this.close('fellBehind'));
      return;
    }
    this.socket.send(message, (error) => {
      if (error) this.close('goingAway');
    });
  }

  /**
   * Called at every heartbeat: a peer that has not answered the previous ping is gone, or
   * stuck part-way through sending a frame (pongs cannot overtake it), and is dropped.
   */
  heartbeat(): void {
    if (this.closed) return;
    if (!this.answeredPing) {
      this.log.info({ room: this.room.docId, grant: this.access.grant }, 'connection dropped: no answer to ping');
      this.socket.terminate();
      this.onClosed();
      return;
    }
    this.answeredPing = false;
    this.socket.ping();
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiry);
    this.awareness.stop();
    if (reason !== 'goingAway' && reason !== 'storageFailure') {
      this.log.info({ room: this.room.docId, grant: this.access.grant, reason }, 'connection closed by the server');
    }
    this.socket.close(CLOSE_CODES[reason], reason);
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
    this.room.leave(this);
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiry);
    this.awareness.stop();
    this.room.leave(this);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!this.rate.take()) return this.close('tooManyMessages');
    if (!isBinary) return this.close('badMessage');
    // While the room rebuilds its document from storage, messages wait their turn (SYNC2).
    this.room.whenReady(() =>
      this.guard(() => this.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))),
    );
  }

  /** Run message handling; anything it throws closes this connection alone (SYNC2, SYNC4, LIMIT3). */
  private guard(work: () => void): void {
    if (this.closed) return;
    try {
      work();
    } catch (error) {
      if (!(error instanceof ProtocolError)) {
        this.log.warn(
          { room: this.room.docId, grant: this.access.grant, err: (error as Error).message },
          'a message could not be decoded or applied',
        );
      }
      this.close('badMessage');
    }
  }

  private handle(message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC:
        return this.handleSync(decoder);
      case MESSAGE_AWARENESS:
        this.awareness.offer(decoding.readVarUint8Array(decoder));
        return;
      case MESSAGE_CONTROL:
        return this.handleControl(decoder);
      case MESSAGE_QUERY_AWARENESS:
        this.send(this.room.awarenessMessage([...this.room.awareness.getStates().keys()]));
        return;
      default:
        throw new ProtocolError(`message type ${type} is not accepted`);
    }
  }

  /**
   * CONTROL1: a facilitator's command changes the room's controls; from anyone else it changes
   * nothing, and counts as a write attempt a read-only connection is not allowed. A message that
   * is no command at all is a protocol error, whoever sends it.
   */
  private handleControl(decoder: decoding.Decoder): void {
    const command = parseControlCommand(readControlJson(decoder));
    if (!command) throw new ProtocolError('not a control command');
    if (this.room.applyControl(command, this)) return;
    this.log.info(
      { room: this.room.docId, grant: this.access.grant },
      'a control command was ignored: not from a facilitator, or not to a journey',
    );
    if (!this.access.canWrite && ++this.strikes >= this.limits.readOnlyStrikes) this.close('readOnly');
  }

  private handleSync(decoder: decoding.Decoder): void {
    const syncType = decoding.readVarUint(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      const reply = encoding.createEncoder();
      encoding.writeVarUint(reply, MESSAGE_SYNC);
      encoding.writeVarUint(reply, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(reply, integratedStateAsUpdate(this.room.doc, stateVector));
      this.send(encoding.toUint8Array(reply));
      return;
    }
    if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
      throw new ProtocolError(`sync message type ${syncType} is not accepted`);
    }
    const update = decoding.readVarUint8Array(decoder);
    // Decoding the whole update first means a malformed one is refused before it touches the document.
    if (isEmptyUpdate(update)) return;
    if (!this.access.canWrite) {
      this.strikes += 1;
      if (this.strikes >= this.limits.readOnlyStrikes) this.close('readOnly');
      return;
    }
    // REFUSE1: the writer's client would send the refused change again at every reconnect,
    // so it is told why and closed with a code after which it does not reconnect.
    if (!this.room.applyUpdate(update, this, this.limits.documentMaxBytes)) this.close('quotaExceeded');
  }
}
