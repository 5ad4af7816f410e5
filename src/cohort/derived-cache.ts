/**
 * What the cohort view derives from stored records, kept in memory so that thousands of records
 * are not read and derived again on every visit:
 *
 * - an **entry** per record (a journey's facts, a family's cases), kept while the record's stamp
 *   is unchanged. The stamp is whatever changes when the record does (a read model's last write,
 *   a family's research stamp); the caller reads the stamps first and the records after, so what
 *   is kept is never older than its stamp;
 * - a **result** per cohort (its view, its figures), computed from entries and kept with them:
 *   reused while the next call's inputs are the same values (`===`) in the same order. A result
 *   is shared between calls, so callers must not change it.
 *
 * Erased records must not live on here: `forget` drops them and every result, and a reading that
 * began before a `forget` keeps nothing, since it may have read what was just erased.
 */
export class DerivedCache<V, R = never> {
  readonly #entries = new Map<string, { stamp: string; value: V }>();
  readonly #results = new Map<string, { inputs: readonly unknown[]; result: R }>();
  #forgets = 0;

  /** The value kept for this key under this stamp, if any. */
  get(key: string, stamp: string): V | undefined {
    const entry = this.#entries.get(key);
    return entry?.stamp === stamp ? entry.value : undefined;
  }

  /** The result kept under this key, if it was computed from these same inputs. */
  result(key: string, inputs: readonly unknown[]): R | undefined {
    const kept = this.#results.get(key);
    if (!kept || kept.inputs.length !== inputs.length) return undefined;
    for (let i = 0; i < inputs.length; i++) if (kept.inputs[i] !== inputs[i]) return undefined;
    return kept.result;
  }

  /**
   * Begin a reading, before its stamps are read: returns how to keep what it derives, which
   * keeps nothing once anything has been forgotten since it began.
   */
  reading(): Reading<V, R> {
    const began = this.#forgets;
    return {
      keep: (key, stamp, value) => {
        if (began === this.#forgets) this.#entries.set(key, { stamp, value });
      },
      keepResult: (key, inputs, result) => {
        if (began === this.#forgets) this.#results.set(key, { inputs, result });
      },
    };
  }

  /** Drop what is kept for a key the reading found no longer stored. */
  drop(key: string): void {
    this.#entries.delete(key);
  }

  /** Drop these erased keys and every result at once, and whatever readings under way would keep. */
  forget(keys: Iterable<string>): void {
    this.#forgets += 1;
    for (const key of keys) this.#entries.delete(key);
    this.#results.clear();
  }

  /** Whether anything is kept for this key, entry or result. */
  holds(key: string): boolean {
    return this.#entries.has(key) || this.#results.has(key);
  }

  /** How many entries and results are kept. */
  get size(): number {
    return this.#entries.size + this.#results.size;
  }
}

export interface Reading<V, R> {
  keep(key: string, stamp: string, value: V): void;
  keepResult(key: string, inputs: readonly unknown[], result: R): void;
}

/** One value per owner (a store), made on first use and gone with the owner. */
export function perOwner<K extends object, V>(make: (owner: K) => V): (owner: K) => V {
  const values = new WeakMap<K, V>();
  return (owner) => {
    let value = values.get(owner);
    if (value === undefined) values.set(owner, (value = make(owner)));
    return value;
  };
}
