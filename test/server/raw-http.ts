/**
 * HTTP at the level of bytes on a socket, for what fetch will not do: a method it forbids
 * (TRACE), a Host header of our choosing, headers without their body, a request line cut in
 * half, a socket that says nothing.
 */
import { connect, type Socket } from 'node:net';

export interface RawConnection {
  socket: Socket;
  /** Everything the server has sent so far. */
  received: () => string;
  /** When the server closed the connection (ms since it was opened), once it has. */
  closedAfterMs: () => number | undefined;
  /** Resolves once `received` matches, or rejects after `timeoutMs`. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  /** Resolves once the server has closed the connection, or rejects after `timeoutMs`. */
  closed: (timeoutMs?: number) => Promise<number>;
}

export function openRaw(serverUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(serverUrl);
  const socket = connect({ host: hostname, port: Number(port) });
  const opened = Date.now();
  let text = '';
  let closedAt: number | undefined;
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());
  socket.on('data', (chunk: Buffer) => {
    text += chunk.toString('latin1');
    notify();
  });
  // A server that closes while we are still writing resets the connection: that is an answer too.
  socket.on('error', () => undefined);
  socket.on('close', () => {
    closedAt = Date.now() - opened;
    notify();
  });
  const until = (done: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ${what} within ${timeoutMs} ms; received: ${text.slice(0, 300)}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const connection: RawConnection = {
    socket,
    received: () => text,
    closedAfterMs: () => closedAt,
    waitFor: (pattern, timeoutMs = 5000) => until(() => pattern.test(text), timeoutMs, String(pattern)),
    closed: async (timeoutMs = 5000) => {
      await until(() => closedAt !== undefined, timeoutMs, 'close');
      return closedAt!;
    },
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(connection));
    socket.once('error', reject);
  });
}

export interface RawResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** One whole request (headers joined with CRLF, `Connection: close` added), its whole response. */
export async function rawRequest(
  serverUrl: string,
  requestLine: string,
  headers: Record<string, string> = {},
  body = '',
): Promise<RawResponse> {
  const connection = await openRaw(serverUrl);
  const host = new URL(serverUrl).host;
  const lines = Object.entries({ Host: host, Connection: 'close', ...headers }).map(
    ([name, value]) => `${name}: ${value}`,
  );
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  connection.socket.write(`${requestLine}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
  await connection.closed();
  return parseResponse(connection.received());
}

export function parseResponse(text: string): RawResponse {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = new Map(
    headerLines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()] as [string, string];
    }),
  );
  const body = rest.join('\r\n\r\n');
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: headers.get('transfer-encoding') === 'chunked' ? dechunked(body) : body,
  };
}

/** A chunked body's chunks, joined (sizes in hex, each chunk followed by CRLF, a zero size last). */
function dechunked(body: string): string {
  let rest = body;
  let joined = '';
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, lineEnd), 16);
    if (!size) return joined;
    joined += rest.slice(lineEnd + 2, lineEnd + 2 + size);
    rest = rest.slice(lineEnd + 2 + size + 2);
  }
}
