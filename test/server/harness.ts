/**
 * Test harness for the server as a real process: start it on a random port with its own data
 * folder, mint tokens with its secret, and connect stock y-websocket clients to its rooms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { issueToken, type Role } from '../../server/auth/tokens.ts';
import { decodeStateVector, MESSAGE_STORED, readStored } from '../../src/protocol/index.ts';

export const root = new URL('../../', import.meta.url).pathname;
/** Tests sign their own tokens with the secret they give the server. */
export const SECRET = 'test-secret-that-is-long-enough-to-sign-with-0123456789';

export interface RunningServer {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  dataDir: string;
  output: () => string;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'tp-server-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface StartOptions {
  /**
   * The largest file the server may write, in KiB (`ulimit -f`): past it the kernel refuses the
   * write (EFBIG), as a full disk refuses one (ENOSPC).
   */
  fileSizeLimitKiB?: number;
  /** A command the server runs under, such as `strace … --` (its arguments, the server's follow). */
  under?: string[];
}

export function startServer(
  dataDir: string,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<RunningServer> {
  const main = join(root, 'server/main.ts');
  const node = [...(options.under ?? []), process.execPath, main];
  const [command, args] =
    options.fileSizeLimitKiB === undefined
      ? [node[0]!, node.slice(1)]
      : ['/bin/sh', ['-c', `ulimit -f ${options.fileSizeLimitKiB} && exec "$0" "$@"`, ...node]];
  const child = spawn(command, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      DATA_DIR: dataDir,
      JOURNEYS_DIR: join(root, 'journeys'),
      SECRET,
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        const url = match[1]!;
        resolve({ child, url, wsUrl: `${url.replace(/^http/, 'ws')}collab`, dataDir, output: () => output });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

export interface FileServer {
  /** The running server (set once `beforeAll` has run). */
  readonly current: RunningServer;
  /** Stop the server (SIGTERM) and start a new one on the same data; the old one's exit code. */
  restart(): Promise<number | null>;
  /** A stock client on a room, destroyed with the file (or by `destroyClients`). */
  client(docId: string, role: Role): Client;
  /** Destroy every client opened so far, before a restart say. */
  destroyClients(): void;
}

/**
 * A server for a whole test file: started before its tests, stopped and its data removed after,
 * with the clients opened through it. `prepare` writes to the data folder before the server
 * first starts (a document the seed would not make, say).
 */
export function useServer(
  env: Record<string, string> = {},
  options: { prepare?: (dataDir: string) => void | Promise<void> } = {},
): FileServer {
  let running: RunningServer | undefined;
  let dataDir: string | undefined;
  const clients: Client[] = [];
  const current = (): RunningServer => {
    if (!running) throw new Error('the server starts in beforeAll');
    return running;
  };
  const destroyClients = () => {
    for (const client of clients.splice(0)) client.destroy();
  };
  beforeAll(async () => {
    dataDir = tempDataDir();
    await options.prepare?.(dataDir);
    running = await startServer(dataDir, env);
  });
  afterAll(async () => {
    destroyClients();
    if (running) await stopServer(running);
    if (dataDir) removeDir(dataDir);
  });
  return {
    get current() {
      return current();
    },
    async restart() {
      const code = await stopServer(current());
      running = await startServer(dataDir!, env);
      return code;
    },
    client(docId, role) {
      const client = connect(current(), docId, token(docId, role));
      clients.push(client);
      return client;
    },
    destroyClients,
  };
}

/** The one-time facilitator sign-in link the server printed at start. */
export async function signinUrl(server: RunningServer): Promise<string> {
  await waitFor(() => /Sign in as a facilitator[^:]*: (\S+)/.test(server.output()), 5000, 'the sign-in link');
  return /Sign in as a facilitator[^:]*: (\S+)/.exec(server.output())![1]!;
}

export function stopServer(server: RunningServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => {
    server.child.on('exit', (code) => resolve(code));
    server.child.kill(signal);
  });
}

export function token(doc: string, role: Role, secondsLeft = 3600): string {
  return issueToken(
    Buffer.from(SECRET),
    { doc, role, exp: Math.floor(Date.now() / 1000) + secondsLeft },
    `t${Math.random().toString(36).slice(2, 12)}`,
  );
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The latest STORED state vector from the server (client id → clock). */
  stored: Map<number, number>;
  destroy(): void;
}

/**
 * A stock y-websocket client; with `ack`, it also records the server's STORED messages. With
 * `doc`, it works on that document: a device coming back with the replica it kept.
 */
export function connect(
  server: Pick<RunningServer, 'wsUrl'>,
  docId: string,
  accessToken: string,
  options: { ack?: boolean; doc?: Y.Doc } = {},
): Client {
  const doc = options.doc ?? new Y.Doc();
  const params: Record<string, string> = { token: accessToken };
  if (options.ack) params.ack = '1';
  const provider = new WebsocketProvider(server.wsUrl, docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const client: Client = { doc, provider, stored: new Map(), destroy: () => {} };
  provider.messageHandlers[MESSAGE_STORED] = (_encoder: unknown, decoder: decoding.Decoder) => {
    client.stored = decodeStateVector(readStored(decoder));
  };
  client.destroy = () => {
    provider.destroy();
    doc.destroy();
  };
  return client;
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function synced(client: Client): Promise<void> {
  return waitFor(() => client.provider.synced, 5000, 'sync');
}

/** A bare `ws` connection to a room, for sending messages a stock client never would. */
export async function rawSocket(
  server: Pick<RunningServer, 'wsUrl'>,
  docId: string,
  accessToken: string,
): Promise<WebSocket> {
  const socket = new WebSocket(`${server.wsUrl}/${docId}?token=${accessToken}`);
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
  return socket;
}

export type Outcome = { closed: false } | { closed: true; code: number };

/** Send one message, then a ping: the pong (or the close) says the server has dealt with it. */
export function exchange(socket: WebSocket, message: Uint8Array | string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error('the server answered neither with a pong nor by closing within 5 s'));
    }, 5000);
    const onPong = () => {
      cleanup();
      resolve({ closed: false });
    };
    const onClose = (code: number) => {
      cleanup();
      resolve({ closed: true, code });
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('pong', onPong);
      socket.off('close', onClose);
    };
    socket.on('pong', onPong);
    socket.on('close', onClose);
    socket.send(message, { binary: typeof message !== 'string' });
    socket.ping();
  });
}
