/**
 * What a connection to a room may do, decided once at the upgrade (the authenticate hook,
 * room-access.ts), enforced by the room for as long as it is open, and checked again every
 * little while (a revoked person, a person taken off the project).
 */
export interface Access {
  canWrite: boolean;
  /** A facilitator's: may change the room's controls, and what is locked (CONTROL1). */
  canControl: boolean;
  wantsAck: boolean;
  /** Asked for the controls' state (CONTROL messages) with `?controls=1`. */
  wantsControls: boolean;
  /** What can end under the connection: the invite's grant id, or the staff session's id (never a token). */
  grant: string;
  /** Who is connected, for the audit log: `staff:<id>` or `grant:<id>`. */
  actor: string;
  /** The document's project, for the audit log. */
  projectId?: string;
  /** When the grant or session expires, seconds since the epoch. */
  expiresAt: number;
}
