/**
 * People visiting a running server as a browser would, for access tests: a cookie jar that
 * sends each cookie only where its path says (as browsers do), opening an invite link the way a
 * browser follows it, stock y-websocket clients that present cookies instead of a token; and an
 * admin at the server's console, running `npx turning-points …` on its data folder.
 */
import { spawnSync } from 'node:child_process';
import { COMPILE_CACHE_ENV } from '../compile-cache.ts';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { WebSocket, type ClientOptions } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { recordMessages, root, SECRET, type Client, type RunningServer } from './harness.ts';

interface JarCookie {
  name: string;
  value: string;
  path: string;
}

/** The cookies a browser holds for this server, sent by path as RFC 6265 says (`/journeys/a` is not sent to `/journeys/ab`). */
export class CookieJar {
  private readonly cookies: JarCookie[] = [];

  /** Keep what `Set-Cookie` headers set (a deleted cookie, one with an empty value, is dropped). */
  take(response: Response): this {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const [name = '', value = ''] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const path = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const at = this.cookies.findIndex((c) => c.name === name && c.path === path);
      if (at >= 0) this.cookies.splice(at, 1);
      if (value !== '') this.cookies.push({ name, value, path });
    }
    return this;
  }

  /** A cookie set for the whole site (a staff session from `signIn`). */
  add(pair: string): this {
    const [name = '', value = ''] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
    this.cookies.push({ name, value, path: '/' });
    return this;
  }

  /** The `Cookie` header a browser sends to this path, if any. */
  header(pathname: string): string | undefined {
    const sent = this.cookies.filter(
      (c) => pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
    return sent.length > 0 ? sent.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }
}

/**
 * Open an invite link (`/journeys/<id>?invite=<token>`) as a browser follows it: the server's
 * answer (a 303 to the address without the token) and the cookies it set, in a new jar.
 */
export async function openInvite(
  server: Pick<RunningServer, 'url'>,
  page: string,
  token: string,
): Promise<{ status: number; location: string | null; jar: CookieJar }> {
  const response = await fetch(new URL(`${page}?invite=${token}`, server.url), { redirect: 'manual' });
  await response.body?.cancel();
  return { status: response.status, location: response.headers.get('location'), jar: new CookieJar().take(response) };
}

/** The id of the grant a token presents (its first part; the rest is the signature). */
export const grantIdOf = (token: string): string => token.slice(0, token.indexOf('.'));

/** A `ws` WebSocket that sends this Cookie header on its upgrade, for the stock client's WebSocketPolyfill. */
function cookieSocket(cookie: string | undefined, received: Buffer[] = []): typeof globalThis.WebSocket {
  class CookieSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions) {
      super(address, protocols, { ...options, headers: { ...options?.headers, ...(cookie ? { cookie } : {}) } });
      recordMessages(this, received);
    }
  }
  return CookieSocket as unknown as typeof globalThis.WebSocket;
}

/** A stock y-websocket client on a room, presenting a browser's cookies for the room's path. */
export function connectWithCookies(server: Pick<RunningServer, 'wsUrl'>, docId: string, jar: CookieJar): Client {
  const doc = new Y.Doc();
  const received: Buffer[] = [];
  const provider = new WebsocketProvider(server.wsUrl, docId, doc, {
    WebSocketPolyfill: cookieSocket(jar.header(`/collab/${docId}`), received),
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    stored: new Map(),
    controls: undefined,
    controlMessages: 0,
    received,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** What the server answers a room upgrade: `101` when it lets the connection in, else its refusal status. */
export function upgradeStatus(
  server: Pick<RunningServer, 'wsUrl'>,
  docId: string,
  presented: { jar?: CookieJar; token?: string },
): Promise<number> {
  const query = presented.token ? `?token=${presented.token}` : '';
  const cookie = presented.jar?.header(`/collab/${docId}`);
  return upgradeAnswer(`${server.wsUrl}/${docId}${query}`, cookie ? { cookie } : {});
}

/** What a WebSocket upgrade to this address, with these headers, is answered: `101`, or the refusal's status. */
export function upgradeAnswer(url: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve, reject) => {
    socket.on('error', reject);
    socket.once('open', () => {
      resolve(101);
      socket.close();
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
  });
}

/** Read the server's store from the test (SQLite lets a second process read while it runs). */
export function inStore<T>(server: Pick<RunningServer, 'dataDir'>, work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(server.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/**
 * Run `npx turning-points <args>` on the server's data folder while it runs, as an admin at its
 * console does (`staff disable`, `staff remove`, `import --project`…); its output. A failing
 * command fails the test with what it said.
 */
export function turningPoints(server: Pick<RunningServer, 'dataDir'>, ...args: string[]): string {
  const ran = spawnSync(process.execPath, [join(root, 'server/cli.ts'), ...args], {
    env: { PATH: process.env.PATH, DATA_DIR: server.dataDir, SECRET, ...COMPILE_CACHE_ENV },
    encoding: 'utf8',
  });
  if (ran.status !== 0) throw new Error(`turning-points ${args.join(' ')} exited ${ran.status}: ${ran.stderr}`);
  return ran.stdout;
}

/** A form posted as a browser posts it: its fields, the cookie given, and the page's own Origin. */
export function postForm(
  server: Pick<RunningServer, 'url'>,
  path: string,
  fields: Record<string, string>,
  cookie: string,
): Promise<Response> {
  const url = new URL(path, server.url);
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields).toString(),
    headers: { cookie, origin: url.origin, 'content-type': 'application/x-www-form-urlencoded' },
  });
}
