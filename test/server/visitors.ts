/**
 * People visiting a running server as a browser would, for access tests: a cookie jar that
 * sends each cookie only where its path says (as browsers do), opening an invite link the way a
 * browser follows it, stock y-websocket clients that present cookies instead of a token, and
 * the few changes to the server's records an admin makes (a document moved to another project,
 * an account disabled, a person taken off a project) written straight to its SQLite store.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { WebSocket, type ClientOptions } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import type { Client, RunningServer } from './harness.ts';

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
function cookieSocket(cookie: string | undefined): typeof globalThis.WebSocket {
  class CookieSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions) {
      super(address, protocols, { ...options, headers: { ...options?.headers, ...(cookie ? { cookie } : {}) } });
    }
  }
  return CookieSocket as unknown as typeof globalThis.WebSocket;
}

/** A stock y-websocket client on a room, presenting a browser's cookies for the room's path. */
export function connectWithCookies(server: Pick<RunningServer, 'wsUrl'>, docId: string, jar: CookieJar): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, docId, doc, {
    WebSocketPolyfill: cookieSocket(jar.header(`/collab/${docId}`)),
    disableBc: true,
    maxBackoffTime: 200,
  });
  return {
    doc,
    provider,
    stored: new Map(),
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
  const socket = new WebSocket(`${server.wsUrl}/${docId}${query}`, { headers: cookie ? { cookie } : {} });
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

/** Change the server's records as an admin would, with SQL on its store (SQLite lets a second process write). */
export function inStore<T>(server: Pick<RunningServer, 'dataDir'>, work: (db: DatabaseSync) => T): T {
  const db = new DatabaseSync(join(server.dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/** Move a document to another project (as importing it into that project would place it). */
export const moveToProject = (server: Pick<RunningServer, 'dataDir'>, docId: string, projectId: string): void =>
  inStore(server, (db) => {
    db.prepare('UPDATE document_projects SET project_id = ? WHERE doc_id = ?').run(projectId, docId);
  });

/** Disable a staff account, as an admin does: it signs in to nothing from now on. */
export const disableStaff = (server: Pick<RunningServer, 'dataDir'>, staffId: string): void =>
  inStore(server, (db) => {
    db.prepare('UPDATE staff SET disabled_at = ? WHERE id = ?').run(new Date().toISOString(), staffId);
  });

/** Take a staff member off a project, as an admin does: its documents are closed to them. */
export const takeOffProject = (server: Pick<RunningServer, 'dataDir'>, staffId: string, projectId: string): void =>
  inStore(server, (db) => {
    db.prepare('DELETE FROM memberships WHERE staff_id = ? AND project_id = ?').run(staffId, projectId);
  });
