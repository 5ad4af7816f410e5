/**
 * Writes committed in order, in groups, one group in flight (server/SPEC.md STORE1). Whatever
 * is asked for while a group commits becomes the next group, so a busy store commits many
 * writes per flush and an idle one commits each at once. Storage-neutral: the SQLite writer
 * thread and a PostgreSQL transaction both commit a group the same way.
 */

/** A write, and the document it belongs to (if any): a failed write poisons its document's queue. */
export interface QueuedWrite {
  docId?: string;
}

export type WriteOutcome = { ok: true; value: unknown } | { ok: false; error: Error };

/** Commit a group in one transaction: one outcome per write, or a rejection when the whole group failed. */
export type CommitGroup<W> = (writes: W[]) => Promise<WriteOutcome[]>;

interface Waiting<W> {
  write: W;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class WriteQueue<W extends QueuedWrite> {
  private readonly commit: CommitGroup<W>;
  private waiting: Waiting<W>[] = [];
  private inFlight = false;
  private scheduled = false;
  private idle: (() => void)[] = [];
  /** Groups committed and writes in them, for benchmarks and the log. */
  readonly totals = { groups: 0, writes: 0 };

  constructor(commit: CommitGroup<W>) {
    this.commit = commit;
  }

  /** Queue a write; settles with its result once the group holding it has committed. */
  enqueue<T>(write: W): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ write, resolve: resolve as (value: unknown) => void, reject });
      if (this.inFlight || this.scheduled) return;
      // Everything asked for in this turn of the event loop goes into one group.
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.send();
      });
    });
  }

  /** Settles once nothing is queued or in flight. */
  drained(): Promise<void> {
    if (!this.inFlight && !this.scheduled && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private send(): void {
    if (this.inFlight) return;
    if (this.waiting.length === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    const group = this.waiting;
    this.waiting = [];
    this.inFlight = true;
    this.commit(group.map((w) => w.write)).then(
      (outcomes) => {
        this.totals.groups += 1;
        this.totals.writes += group.length;
        const failed = new Map<string, Error>();
        group.forEach((waiting, index) => {
          const outcome = outcomes[index] ?? {
            ok: false,
            error: new Error('the writer gave no outcome for this write'),
          };
          if (outcome.ok) return waiting.resolve(outcome.value);
          waiting.reject(outcome.error);
          if (waiting.write.docId !== undefined) failed.set(waiting.write.docId, outcome.error);
        });
        this.poison(failed);
        this.settled();
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error : new Error(String(error));
        const failed = new Map<string, Error>();
        for (const waiting of group) {
          waiting.reject(reason);
          if (waiting.write.docId !== undefined) failed.set(waiting.write.docId, reason);
        }
        this.poison(failed);
        this.settled();
      },
    );
  }

  private settled(): void {
    this.inFlight = false;
    this.send();
  }

  /**
   * Writes queued behind a failed one for the same document fail with it: storing them would
   * leave a log holding a change without the one it was built on.
   */
  private poison(failed: Map<string, Error>): void {
    if (failed.size === 0) return;
    this.waiting = this.waiting.filter((waiting) => {
      const error = waiting.write.docId === undefined ? undefined : failed.get(waiting.write.docId);
      if (error) waiting.reject(error);
      return !error;
    });
  }
}
