/**
 * `GET /healthz` for a load balancer: 200 while this process takes rooms and pages, 503 while it
 * starts, drains (SIGTERM) or has lost its room leases, so traffic goes to the others. Says
 * nothing else: no version, no counts, no names.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const HEALTH_PATH = '/healthz';

export function answerHealth(req: IncomingMessage, res: ServerResponse, state: { ready: boolean }): boolean {
  if ((req.url ?? '').split('?')[0] !== HEALTH_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  res.statusCode = state.ready ? 200 : 503;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(req.method === 'HEAD' ? undefined : state.ready ? 'ok\n' : 'unavailable\n');
  return true;
}
