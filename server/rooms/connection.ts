/**
 * One WebSocket in a room: decodes each message, enforces the connection's role, the rate
 * limit and the protocol (server/SPEC.md), and closes with a named code when they are broken.
 * Read-only connections may sync and show presence; their updates are never applied.
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
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  type CloseReason,
} from '../../src/protocol/index.ts';
import type { Logger } from '../logger.ts';
import { integratedStateAsUpdate } from './integrated-state.ts';
import { RateLimit } from './rate-limit.ts';
import type { Access } from '../auth/access.ts';
import type { Member, Room } from './room.ts';

export interface ConnectionLimits {
  messagesPerSecond: number;
  burst: number;
  /** Refused write attempts a read-only connection gets before it is closed. */
  readOnlyStrikes: number;
}

class ProtocolError extends Error {}

/** An update that changes nothing: what a client with nothing new sends in sync step 2. */
function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

export class Connection implements Member {
  readonly wantsAck: boolean;
  private readonly socket: WebSocket;
  private readonly room: Room;
  private readonly access: Access;
  private readonly limits: ConnectionLimits;
  private readonly log: Logger;
  private readonly rate: RateLimit;
  private readonly expiry: NodeJS.Timeout;
  private strikes = 0;
  private closed = false;

  constructor(socket: WebSocket, room: Room, access: Access, limits: ConnectionLimits, log: Logger) {
    this.socket = socket;
    this.room = room;
    this.access = access;
    this.limits = limits;
    this.log = log;
    this.wantsAck = access.wantsAck;
    this.rate = new RateLimit(limits.messagesPerSecond, limits.burst);
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    socket.on('close', () => this.onClosed());
    socket.on('error', () => this.onClosed());
    const msLeft = Math.max(0, access.expiresAt * 1000 - Date.now());
    this.expiry = setTimeout(() => this.close('linkExpired'), Math.min(msLeft, 2 ** 31 - 1));
    room.join(this);
  }

  send(message: Uint8Array): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    this.socket.send(message, (error) => {
      if (error) this.close('goingAway');
    });
  }

  close(reason: CloseReason): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiry);
    if (reason !== 'goingAway' && reason !== 'storageFailure') {
      this.log.info({ room: this.room.docId, grant: this.access.grant, reason }, 'connection closed by the server');
    }
    this.socket.close(CLOSE_CODES[reason], reason);
    this.room.leave(this);
  }

  private onClosed(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiry);
    this.room.leave(this);
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!this.rate.take()) return this.close('tooManyMessages');
    if (!isBinary) return this.close('badMessage');
    this.room.whenReady(() => this.dispatch(data));
  }

  private dispatch(data: Buffer): void {
    if (this.closed) return;
    try {
      this.handle(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
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
        awarenessProtocol.applyAwarenessUpdate(this.room.awareness, decoding.readVarUint8Array(decoder), this);
        return;
      case MESSAGE_QUERY_AWARENESS:
        this.send(this.room.awarenessMessage([...this.room.awareness.getStates().keys()]));
        return;
      default:
        throw new ProtocolError(`message type ${type} is not accepted`);
    }
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
    this.room.applyUpdate(update, this);
  }
}
