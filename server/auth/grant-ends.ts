/**
 * Grants that end while people are connected with them: signing out ends a session, and the
 * live rooms close every connection opened under it (server/SPEC.md AUTH8), so a facilitator's
 * map left open on a shared computer stops working at sign-out, not when it next reconnects.
 */
export class GrantEnds {
  private readonly listeners = new Set<(grant: string) => void>();
  /** Where the other processes sharing the database are told (server/storage/pg-notices.ts), if any. */
  private elsewhere: ((grant: string) => void) | undefined;

  /** Say that this grant (a session's `jti`) has ended: here, and to the other processes. */
  end(grant: string): void {
    this.endHere(grant);
    this.elsewhere?.(grant);
  }

  /** A grant ended in another process: close what it opened here. */
  endHere(grant: string): void {
    for (const listener of this.listeners) listener(grant);
  }

  /** Tell the other processes of every grant that ends here. */
  tellOthers(tell: (grant: string) => void): void {
    this.elsewhere = tell;
  }

  /** Be told of every grant that ends; returns a function that stops it. */
  onEnd(listener: (grant: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
