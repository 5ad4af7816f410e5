/**
 * Grants that end while people are connected with them: signing out ends a session, and the
 * live rooms close every connection opened under it (server/SPEC.md AUTH8), so a facilitator's
 * map left open on a shared computer stops working at sign-out, not when it next reconnects.
 */
export class GrantEnds {
  private readonly listeners = new Set<(grant: string) => void>();

  /** Say that this grant (a session's `jti`) has ended. */
  end(grant: string): void {
    for (const listener of this.listeners) listener(grant);
  }

  /** Be told of every grant that ends; returns a function that stops it. */
  onEnd(listener: (grant: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
