/**
 * Writing and reading records in a Y.Doc, the same way in every kind of document: plain values
 * written only when they change (cheap, idempotent, safe on a shared document), Y.Maps used as
 * sets, records stored without their id (the key is the id), and entries in one order on every
 * peer.
 */
import * as Y from 'yjs';

export type JsonRecord = Record<string, unknown>;

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Set `key` to `value` (or delete it when undefined), only if it changes. */
export function setIfChanged(map: Y.Map<unknown>, key: string, value: unknown): void {
  if (value === undefined) {
    if (map.has(key)) map.delete(key);
  } else if (!sameJson(map.get(key), value)) {
    map.set(key, value);
  }
}

/** Make a Y.Map used as a set hold exactly these keys. */
export function syncSet(parent: Y.Map<unknown>, field: string, keys: readonly string[]): void {
  let set = parent.get(field);
  if (!(set instanceof Y.Map)) {
    set = new Y.Map<boolean>();
    parent.set(field, set);
  }
  const ymap = set as Y.Map<unknown>;
  const wanted = new Set(keys);
  for (const key of [...ymap.keys()]) if (!wanted.has(key)) ymap.delete(key);
  for (const key of wanted) if (ymap.get(key) !== true) ymap.set(key, true);
}

/** A record as stored: without its id, which is the key. */
export function storedRecord(record: { id: string }): JsonRecord {
  const { id: _id, ...rest } = record;
  return rest;
}

/** Sorted entries, so that everything derived from the raw form is deterministic on every peer. */
export function sortedEntries<V>(map: Map<string, V>): [string, V][] {
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
