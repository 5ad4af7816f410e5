/**
 * A TCP relay between the browser and the server that a test can cut and restore: a real
 * network outage (open connections die, new ones are refused), unlike the browser's offline
 * emulation, which leaves WebSockets open.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface NetworkCut {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function relay(targetUrl: string): Promise<NetworkCut> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) return client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
