/**
 * A TCP relay between the browser and the server that a test can cut and restore: a real
 * network outage (open connections die, new ones are refused), unlike the browser's offline
 * emulation, which leaves WebSockets open.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface NetworkCut {
  url: string;
  /** Nothing gets through: open connections die, new ones are refused. */
  cut(): void;
  /**
   * Only the live rooms are cut (WebSocket upgrades refused, open ones closed); pages still
   * load, as when a school's network blocks WebSockets, or a reload comes before the room does.
   */
  cutRooms(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * What Chromium reports for what a cut stopped: a room, or a load refused, reset, or accepted by
 * the relay and closed unanswered (ERR_EMPTY_RESPONSE). Anything else a page reports is a fault.
 */
export const causedByTheCut = (problem: string): boolean =>
  /ERR_CONNECTION|ERR_SOCKET_NOT_CONNECTED|ERR_EMPTY_RESPONSE|WebSocket/.test(problem);

export async function relay(targetUrl: string): Promise<NetworkCut> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const rooms = new Set<Socket>();
  let down: 'no' | 'all' | 'rooms' = 'no';
  const server: Server = createServer((client) => {
    if (down === 'all') return client.destroy();
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    // The first bytes say whether this is a room (a WebSocket upgrade) or a page.
    client.once('data', (first: Buffer) => {
      const isRoom = /^upgrade:\s*websocket/im.test(first.toString('latin1'));
      if (down === 'all' || (isRoom && down === 'rooms')) return client.destroy();
      const upstream = connect(Number(target.port), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        if (isRoom) rooms.add(socket);
        socket.on('close', () => {
          sockets.delete(socket);
          rooms.delete(socket);
        });
        socket.on('error', () => socket.destroy());
      }
      upstream.write(first);
      client.pipe(upstream).pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    cut() {
      down = 'all';
      for (const socket of sockets) socket.destroy();
    },
    cutRooms() {
      down = 'rooms';
      for (const socket of rooms) socket.destroy();
    },
    restore() {
      down = 'no';
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
