/**
 * A relayed connection passes on everything the room's owner says, from its first frame. The
 * owner speaks first (its sync step 1): if that frame came in the same read as its handshake
 * answer, it used to be dropped before the client's side was accepted, and a client that had
 * changes the owner lacked was told "synced" without ever being asked for them.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { openRelay, RelayedConnection, type OwnerSocket } from '../../../server/cluster/relay.ts';
import { createLogger } from '../../../server/logger.ts';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const FIRST_FRAME = Buffer.from([0, 0, 1, 0]);
const LIMITS = { maxPayload: 1 << 20, holdBytes: 1 << 20 };

/** An unmasked binary frame, as a server sends it. */
const binaryFrame = (payload: Buffer) => Buffer.concat([Buffer.from([0x82, payload.length]), payload]);

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const listening = async (server: Server | WebSocketServer): Promise<number> => {
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return (server.address() as AddressInfo).port;
};

/** An owner that answers the handshake and sends its first frame in one write: one read on the other side. */
async function eagerOwner(): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (request: Buffer) => {
      const key = /sec-websocket-key:\s*(\S+)/i.exec(request.toString('latin1'))?.[1] ?? '';
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      const answer = `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`;
      socket.write(Buffer.concat([Buffer.from(answer, 'latin1'), binaryFrame(FIRST_FRAME)]));
    });
  });
  server.listen(0, '127.0.0.1');
  const port = await listening(server);
  closers.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${port}/`;
}

/** A client accepted here and relayed to the owner, as the process that accepts it does. */
async function clientThrough(owner: OwnerSocket): Promise<WebSocket> {
  const accepting = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  closers.push(() => new Promise<void>((resolve) => accepting.close(() => resolve())));
  const port = await listening(accepting);
  const log = createLogger({ logLevel: 'silent' });
  accepting.on('connection', (ws) => new RelayedConnection(ws, owner, 1 << 20, log, 'j_0000000000000000'));
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  closers.push(() => client.terminate());
  return client;
}

describe('a relayed connection', () => {
  it('passes on the frame the owner sent with its handshake answer', async () => {
    const ownerUrl = await eagerOwner();
    const owner = await openRelay(ownerUrl, 'j_0000000000000000', 'a pass', LIMITS);
    // The frame has been read by now, before the client's side exists, as under load.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const client = await clientThrough(owner);
    const first = await new Promise<Buffer>((resolve) => client.once('message', (data: Buffer) => resolve(data)));
    expect([...first]).toEqual([...FIRST_FRAME]);
  });

  it('closes the client with the code the owner closed with before the client was accepted', async () => {
    const gone = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    closers.push(() => new Promise<void>((resolve) => gone.close(() => resolve())));
    const ownerPort = await listening(gone);
    gone.on('connection', (ws) => ws.close(4410));
    const owner = await openRelay(`http://127.0.0.1:${ownerPort}/`, 'j_0000000000000000', 'a pass', LIMITS);
    await new Promise<void>((resolve) => owner.socket.once('close', () => resolve()));

    const client = await clientThrough(owner);
    const code = await new Promise<number>((resolve) => client.once('close', (closed: number) => resolve(closed)));
    expect(code).toBe(4410);
  });
});
