/**
 * What a connection to a room may do, decided once at the upgrade from its token (the
 * authenticate hook, room-access.ts) and enforced by the room for as long as it is open.
 */
export interface Access {
  canWrite: boolean;
  wantsAck: boolean;
  /** The grant's id (never the token): lets logs follow a connection. */
  grant: string;
  /** The signed-in session the token was minted for (AUTH8): its end closes the connection. */
  session?: string;
  /** When the token expires, seconds since the epoch. */
  expiresAt: number;
}
