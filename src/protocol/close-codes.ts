/**
 * Why the server closed a room connection. The stock y-websocket client does not reconnect
 * after codes 4400–4499 (a decision reconnecting cannot fix) and does after anything else.
 * The refusal codes (REFUSE1 in server/SPEC.md) tell the editor to drop its copy of the
 * document and say why: reconnecting would only send the refused change again.
 */
export const CLOSE_CODES = {
  /** The server is shutting down or restarting; reconnect. */
  goingAway: 1001,
  /** A message larger than the limit (set by the WebSocket layer itself). */
  messageTooBig: 1009,
  /** A message that does not decode, or a type we do not accept. */
  badMessage: 4400,
  /** The link (token) this connection came in with ran out of time while connected. */
  linkExpired: 4401,
  /** Access was taken back: the session signed out or was revoked. */
  accessRevoked: 4402,
  /** A read-only connection kept trying to write. */
  readOnly: 4403,
  /** The document was erased while connected. */
  documentErased: 4410,
  /**
   * The document moved to a new id (ids stopped carrying words: server/SPEC.md MOVE5); the room
   * at the old id is gone. Its page moves people to the new one, with their unsaved changes.
   */
  documentMoved: 4411,
  /** A change would take the document past its size quota; the document is unchanged. */
  quotaExceeded: 4413,
  /** More messages than the rate limit allows. */
  tooManyMessages: 4429,
  /** Storage failed; nothing unstored was acknowledged. Reconnect later. */
  storageFailure: 4500,
  /** The connection read too slowly and fell behind the room (REFUSE is not involved); reconnect. */
  fellBehind: 4508,
} as const;

export type CloseReason = keyof typeof CLOSE_CODES;

/** Closes after which the editor must drop its local copy and reload from the server (REFUSE1). */
export const REFUSAL_CLOSES: readonly CloseReason[] = [
  'linkExpired',
  'accessRevoked',
  'documentErased',
  'quotaExceeded',
];
