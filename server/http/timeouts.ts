/**
 * How long an HTTP client may take, so a connection that stalls (half a request line, a body
 * that never finishes, nothing at all) does not hold a socket forever. Live rooms are not
 * affected: once a connection is upgraded to a WebSocket, these no longer apply to it.
 */
import type { Server, ServerOptions } from 'node:http';
import type { Config } from '../config.ts';

/** How long an idle kept-alive connection waits for its next request (Node's own default). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often Node checks the header and request timeouts; they can be overshot by this much. */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

type Timeouts = Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs'>;

export function serverTimeouts(config: Timeouts): ServerOptions {
  return {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
  };
}

/** A socket on which nothing at all moves for this long is closed, whatever it is waiting for. */
export function closeSilentSockets(server: Server, config: Timeouts): void {
  server.setTimeout(config.requestTimeoutMs, (socket) => socket.destroy());
}
