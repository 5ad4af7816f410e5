/**
 * Open room connections by grant (one token, such as an invite link) and by room, so that
 * one link or one room cannot hold an unbounded number of sockets (LIMIT5 in server/SPEC.md).
 * Checked at the HTTP upgrade, before any byte of the document is sent.
 */
export interface ConnectionCaps {
  perToken: number;
  perRoom: number;
}

export class ConnectionCounts {
  private readonly byGrant = new Map<string, number>();
  private readonly byRoom = new Map<string, number>();
  private readonly caps: ConnectionCaps;

  constructor(caps: ConnectionCaps) {
    this.caps = caps;
  }

  /** Which cap one more connection would pass, or undefined when it may open. */
  refusal(grant: string, room: string): 'token' | 'room' | undefined {
    if ((this.byGrant.get(grant) ?? 0) >= this.caps.perToken) return 'token';
    if ((this.byRoom.get(room) ?? 0) >= this.caps.perRoom) return 'room';
    return undefined;
  }

  /** Count an accepted connection; call the function returned when it closes. */
  add(grant: string, room: string): () => void {
    increment(this.byGrant, grant, 1);
    increment(this.byRoom, room, 1);
    let counted = true;
    return () => {
      if (!counted) return;
      counted = false;
      increment(this.byGrant, grant, -1);
      increment(this.byRoom, room, -1);
    };
  }
}

function increment(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next > 0) counts.set(key, next);
  else counts.delete(key);
}
