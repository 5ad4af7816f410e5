/**
 * A TCP balancer standing in for the proxy in front of several server processes: each new
 * connection goes to the next backend in turn that answered its last health check
 * (`GET /healthz`, every 250 ms, 500 ms to answer), as HAProxy or nginx would with checks on.
 * A killed process fails its check at once (connection refused); a frozen one, after the timeout.
 */
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { get } from 'node:http';

const CHECK_EVERY_MS = 250;
const CHECK_TIMEOUT_MS = 500;

export interface Balancer {
  url: string;
  wsUrl: string;
  /** Backends by port; replaced when a process is added or taken away. */
  setBackends(ports: number[]): void;
  close(): Promise<void>;
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get({ host: '127.0.0.1', port, path: '/healthz', timeout: CHECK_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
    request.on('error', () => resolve(false));
  });
}

export async function startBalancer(ports: number[]): Promise<Balancer> {
  let backends = [...ports];
  const up = new Map<number, boolean>(ports.map((port) => [port, true]));
  let next = 0;
  const sockets = new Set<Socket>();
  const checks = setInterval(() => {
    for (const port of backends) void healthy(port).then((ok) => up.set(port, ok));
  }, CHECK_EVERY_MS);
  const server: Server = createServer((client) => {
    const live = backends.filter((port) => up.get(port) !== false);
    if (live.length === 0) return void client.destroy();
    const port = live[next++ % live.length]!;
    const upstream = tcpConnect(port, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    setBackends(ports) {
      backends = [...ports];
      for (const p of ports) if (!up.has(p)) up.set(p, true);
    },
    close: async () => {
      clearInterval(checks);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
