/** Plain answers the HTTP edge gives itself, before any page runs. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Whether the request says a body follows (a length above zero, or chunks). */
export function hasBody(req: IncomingMessage): boolean {
  return Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

/**
 * Ask Node to close the connection after the answer when a body we will not read follows it:
 * otherwise Node reads (and throws away) the whole body to keep the connection alive.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  if (hasBody(req)) res.setHeader('Connection', 'close');
}

export function answerAndClose(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  closeIfBodyUnread(req, res);
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${text}\n`);
}
