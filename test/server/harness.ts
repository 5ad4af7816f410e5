/**
 * Test harness for the server as a real process: start it on a random port with its own data
 * folder, record grants and staff accounts in its store (as the CLI and the admin pages do),
 * sign staff in through the real sign-in form, and connect stock y-websocket clients to its rooms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { DatabaseSync } from 'node:sqlite';
import { hashPassword } from '../../server/auth/passwords.ts';
import { grantToken, newId, type Role } from '../../server/auth/tokens.ts';
import type { StaffRole } from '../../server/storage/access-records.ts';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import {
  decodeStateVector,
  encodeControl,
  MESSAGE_CONTROL,
  MESSAGE_STORED,
  parseControlState,
  readControlJson,
  readStored,
  type ControlCommand,
  type ControlState,
} from '../../src/protocol/index.ts';
import { COMPILE_CACHE_ENV } from '../compile-cache.ts';

export const root = new URL('../../', import.meta.url).pathname;
/** The secret tests give the server, so that the grants they record have tokens it accepts. */
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
      ...COMPILE_CACHE_ENV,
      ...env,
    },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // Behind PUBLIC_URL, the address the process itself listens at follows in brackets.
      const match = /running at (?:\S+ \(this process listens at )?(http:\/\/[^\s)]+)/.exec(output);
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
  /** A stock client on a room with a new invite for this role, destroyed with the file (or by `destroyClients`). */
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
      const client = connect(current(), docId, token(current(), docId, role));
      clients.push(client);
      return client;
    },
    destroyClients,
  };
}

/** The first admin's enrolment link the server printed at start (a store with no admin). */
export async function enrolmentUrl(server: RunningServer): Promise<string> {
  const printed = /Enrol the first admin[^:]*: (\S+)/;
  await waitFor(() => printed.test(server.output()), 5000, 'the enrolment link');
  return printed.exec(server.output())![1]!;
}

export function stopServer(server: RunningServer, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => {
    server.child.on('exit', (code) => resolve(code));
    server.child.kill(signal);
  });
}

/** Run SQL on the server's store from the test process (SQLite lets a second process write; it waits its turn). */
function withDatabase<T>(server: Pick<RunningServer, 'dataDir'>, work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(server.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/**
 * A new grant for this document and role, recorded in the server's store as `turning-points
 * token` records one (an invite; an evaluator token for `evaluator`), and its token.
 */
export function token(server: Pick<RunningServer, 'dataDir'>, doc: string, role: Role, secondsLeft = 3600): string {
  const id = newId();
  const now = Date.now();
  withDatabase(server, (db) =>
    db
      .prepare(
        `INSERT INTO grants (id, kind, doc_id, role, staff_id, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, NULL, 'test', ?, ?)`,
      )
      .run(
        id,
        role === 'evaluator' ? 'evaluator' : 'invite',
        doc,
        role,
        new Date(now).toISOString(),
        new Date(now + secondsLeft * 1000).toISOString(),
      ),
  );
  return grantToken(Buffer.from(SECRET), id);
}

export interface StaffAccount {
  id: string;
  email: string;
  password: string;
  projectId: string;
}

/** The id of a project, by name; the default project (the first) when none is named. */
export function projectId(server: Pick<RunningServer, 'dataDir'>, name?: string): string {
  return withDatabase(server, (db) => {
    const row = (
      name === undefined
        ? db.prepare('SELECT id FROM projects ORDER BY created_at, id LIMIT 1').get()
        : db.prepare('SELECT id FROM projects WHERE name = ?').get(name)
    ) as { id: string } | undefined;
    if (row) return row.id;
    const id = newId();
    db.prepare('INSERT INTO projects (id, name, settings, created_at) VALUES (?, ?, ?, ?)').run(
      id,
      name ?? 'Family journeys',
      JSON.stringify({ consentScopes: [], retentionMonths: 24 }),
      new Date().toISOString(),
    );
    return id;
  });
}

/**
 * A staff account with a password, in a project (the default one unless named) with this role,
 * recorded as an admin's enrolment would leave it. Sign it in with `signIn`.
 */
export async function staffAccount(
  server: Pick<RunningServer, 'dataDir'>,
  role: StaffRole = 'facilitator',
  project?: string,
): Promise<StaffAccount> {
  const id = newId();
  const email = `${role}-${id.toLowerCase()}@example.org`;
  const password = `correct horse battery ${id}`;
  const hash = await hashPassword(password);
  const inProject = projectId(server, project);
  withDatabase(server, (db) => {
    db.prepare('INSERT INTO staff (id, name, email, created_at, password_hash) VALUES (?, ?, ?, ?, ?)').run(
      id,
      `Test ${role} ${id.slice(0, 4)}`,
      email,
      new Date().toISOString(),
      hash,
    );
    db.prepare('INSERT INTO memberships (staff_id, project_id, role) VALUES (?, ?, ?)').run(id, inProject, role);
  });
  return { id, email, password, projectId: inProject };
}

/** Sign in through the real sign-in form; the session cookie (`tp_session=…`) to send. */
export async function signIn(
  server: Pick<RunningServer, 'url'>,
  account: Pick<StaffAccount, 'email' | 'password'>,
): Promise<string> {
  const response = await fetch(new URL('/signin', server.url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin },
    body: new URLSearchParams({ email: account.email, password: account.password }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .find((pair) => pair.startsWith('tp_session='));
  if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status}`);
  return cookie;
}

/** A new staff account of this role, signed in: its session cookie and the account. */
export async function signedInStaff(
  server: Pick<RunningServer, 'dataDir' | 'url'>,
  role: StaffRole = 'facilitator',
  project?: string,
): Promise<{ cookie: string; account: StaffAccount }> {
  const account = await staffAccount(server, role, project);
  return { cookie: await signIn(server, account), account };
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The latest STORED state vector from the server (client id → clock). */
  stored: Map<number, number>;
  /** The latest control state the server sent (with `controls`), and how many it has sent. */
  controls: ControlState | undefined;
  controlMessages: number;
  /** Every message the server sent this client, as it arrived: to show what never reached it. */
  received: Buffer[];
  destroy(): void;
}

/** Keep every message a socket receives, as bytes (a stock client's socket, for what never reached it). */
export function recordMessages(socket: WebSocket, received: Buffer[]): void {
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) =>
    received.push(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)),
  );
}

/** Send a facilitator's command as the editor does: a CONTROL message on the room's socket. */
export function sendControl(client: Client, command: ControlCommand): void {
  client.provider.ws?.send(encodeControl(command));
}

/** With `ack`, STORED messages are asked for; with `controls`, CONTROL messages; with `doc`, that replica is used. */
interface ClientOptions {
  ack?: boolean;
  controls?: boolean;
  doc?: Y.Doc;
}

/**
 * A stock y-websocket client; with `ack`, it also records the server's STORED messages. With
 * `doc`, it works on that document: a device coming back with the replica it kept.
 */
export function connect(
  server: Pick<RunningServer, 'wsUrl'>,
  docId: string,
  accessToken: string,
  options: ClientOptions = {},
): Client {
  return stockClient(server, docId, { token: accessToken }, options);
}

/**
 * A stock y-websocket client for a signed-in staff member: no token in the address, their
 * session cookie (`tp_session=…`, from `signIn`) on the upgrade, as their browser sends it.
 */
export function connectAsStaff(
  server: Pick<RunningServer, 'wsUrl'>,
  docId: string,
  cookie: string,
  options: ClientOptions = {},
): Client {
  return stockClient(server, docId, { cookie }, options);
}

function stockClient(
  server: Pick<RunningServer, 'wsUrl'>,
  docId: string,
  presents: { token: string } | { cookie: string },
  options: ClientOptions,
): Client {
  const doc = options.doc ?? new Y.Doc();
  const params: Record<string, string> = 'token' in presents ? { token: presents.token } : {};
  if (options.ack) params.ack = '1';
  if (options.controls) params.controls = '1';
  const headers = 'cookie' in presents ? { cookie: presents.cookie } : {};
  const received: Buffer[] = [];
  class WithHeaders extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
      recordMessages(this, received);
    }
  }
  const provider = new WebsocketProvider(server.wsUrl, docId, doc, {
    WebSocketPolyfill: WithHeaders as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const client: Client = {
    doc,
    provider,
    stored: new Map(),
    controls: undefined,
    controlMessages: 0,
    received,
    destroy: () => {},
  };
  provider.messageHandlers[MESSAGE_STORED] = (_encoder: unknown, decoder: decoding.Decoder) => {
    client.stored = decodeStateVector(readStored(decoder));
  };
  provider.messageHandlers[MESSAGE_CONTROL] = (_encoder: unknown, decoder: decoding.Decoder) => {
    client.controls = parseControlState(readControlJson(decoder));
    client.controlMessages += 1;
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

/**
 * How the server shows it has dealt with a message: by default a pong to a ping sent after it;
 * a test can name another answer (one the server sends only once it has handled what came before).
 */
export interface Answer {
  /** What to send after the message. */
  ask(socket: WebSocket): void;
  /** Whether a message from the server is the answer; absent: the answer is a pong. */
  isAnswer?: (data: Buffer) => boolean;
  what: string;
  /** How long to wait for it (5 s unless told). */
  withinMs?: number;
}

const PONG: Answer = { ask: (socket) => socket.ping(), what: 'a pong' };

/** Send one message, then ask (a ping, unless told): the answer (or the close) says the server has dealt with it. */
export function exchange(socket: WebSocket, message: Uint8Array | string, answer: Answer = PONG): Promise<Outcome> {
  const within = answer.withinMs ?? 5000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the server answered neither with ${answer.what} nor by closing within ${within / 1000} s`));
    }, within);
    const onPong = () => {
      cleanup();
      resolve({ closed: false });
    };
    const onMessage = (data: Buffer) => {
      if (answer.isAnswer?.(data)) onPong();
    };
    const onClose = (code: number) => {
      cleanup();
      resolve({ closed: true, code });
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off('pong', onPong);
      socket.off('message', onMessage);
      socket.off('close', onClose);
    };
    if (answer.isAnswer) socket.on('message', onMessage);
    else socket.on('pong', onPong);
    socket.on('close', onClose);
    socket.send(message, { binary: typeof message !== 'string' });
    answer.ask(socket);
  });
}

/**
 * The id a journey is stored under, found by its title or its family's pseudonym ("The Holt
 * family"), or a theory of change's, by its title. Ids are random and differ from store to
 * store (finding 3), so tests find documents as a person would: by what they are called.
 */
export function storedId(server: Pick<RunningServer, 'dataDir'>, name: string): string {
  const rows = withDatabase(server, (db) =>
    db.prepare('SELECT r.doc_id, r.json FROM read_models r JOIN documents d ON d.id = r.doc_id').all(),
  ) as { doc_id: string; json: string }[];
  const found = rows.filter(({ json }) => {
    const model = JSON.parse(json) as { title?: string; family?: { pseudonym?: string } };
    return model.title === name || model.family?.pseudonym === name;
  });
  if (found.length !== 1) throw new Error(`${found.length} documents are called "${name}"`);
  return found[0]!.doc_id;
}

/**
 * The id an example journey (`journeys/<file>.json`) is stored under in this server's store: the
 * examples are loaded under random ids, so tests name them by their file and find them by title.
 */
export function exampleId(server: Pick<RunningServer, 'dataDir'>, file: string): string {
  const { title } = JSON.parse(readFileSync(join(root, 'journeys', `${file}.json`), 'utf8')) as { title: string };
  return storedId(server, title);
}

/** The family a journey belongs to (its server record). */
export function familyOf(server: Pick<RunningServer, 'dataDir'>, journeyId: string): string {
  const row = withDatabase(server, (db) =>
    db.prepare('SELECT family_id FROM family_documents WHERE doc_id = ?').get(journeyId),
  ) as { family_id: string } | undefined;
  if (!row) throw new Error(`journey ${journeyId} has no family`);
  return row.family_id;
}
