/**
 * Why the server closed a room connection. The stock y-websocket client does not reconnect
 * after codes 4400–4499 (a decision reconnecting cannot fix) and does after anything else.
 */
export const CLOSE_CODES = {
  /** The server is shutting down or restarting; reconnect. */
  goingAway: 1001,
  /** A message larger than the limit (set by the WebSocket layer itself). */
  messageTooBig: 1009,
  /** A message that does not decode, or a type we do not accept. */
  badMessage: 4400,
  /** The token expired while connected. */
  unauthorised: 4401,
  /** A read-only connection kept trying to write. */
  readOnly: 4403,
  /** More messages than the rate limit allows. */
  tooManyMessages: 4429,
  /** Storage failed; nothing unstored was shared. Reconnect later. */
  storageFailure: 4500,
} as const;

export type CloseReason = keyof typeof CLOSE_CODES;
