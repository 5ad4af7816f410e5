/**
 * What a lock on some stages protects in a journey document, taken as it stands and put back:
 * each locked stage's fields, the enablers and barriers on it, and the links that touch it.
 *
 * The server takes these before a participant's change and compares after; when they differ it
 * puts them back in a change of its own (server/SPEC.md REFUSE1, way 1), so every replica ends
 * where the server is. Read raw from the Y.Maps, not through `readJourney`, so a room with a
 * lock pays for its locked stages only, whatever the journey's length.
 */
import * as Y from 'yjs';
import { setIfChanged, syncSet } from '../records.ts';
import { replaceText } from '../text-diff.ts';
import { journeyMaps } from './layout.ts';
import { sharedText } from './write.ts';

type FieldSnapshot = { text: string } | { set: string[] } | { plain: unknown };
type MapSnapshot = Record<string, FieldSnapshot>;

export interface LockedParts {
  /** Each locked stage's fields; undefined where there is no such stage. */
  stages: Map<string, MapSnapshot | undefined>;
  /** The enablers and barriers on a locked stage, by id. */
  factors: Map<string, MapSnapshot>;
  /** The links from or to a locked stage, by id, as stored (plain JSON). */
  links: Map<string, unknown>;
}

function snapshotMap(map: Y.Map<unknown>): MapSnapshot {
  const out: MapSnapshot = {};
  map.forEach((value, key) => {
    if (value instanceof Y.Text) out[key] = { text: value.toString() };
    else if (value instanceof Y.Map) out[key] = { set: [...value.keys()].sort() };
    else out[key] = { plain: value };
  });
  return out;
}

/** Put a map back as the snapshot had it, writing only what differs (a new map where it was removed). */
function restoreMap(parent: Y.Map<unknown>, key: string, snapshot: MapSnapshot): void {
  let map = parent.get(key);
  if (!(map instanceof Y.Map)) {
    map = new Y.Map<unknown>();
    parent.set(key, map);
  }
  const target = map as Y.Map<unknown>;
  for (const field of [...target.keys()]) if (!(field in snapshot)) target.delete(field);
  for (const [field, value] of Object.entries(snapshot)) {
    if ('text' in value) replaceText(sharedText(target, field), value.text);
    else if ('set' in value) syncSet(target, field, value.set);
    else setIfChanged(target, field, value.plain);
  }
}

const stageOf = (value: unknown): unknown => (value instanceof Y.Map ? value.get('stageId') : undefined);

const touches = (link: unknown, stageIds: ReadonlySet<string>): boolean =>
  typeof link === 'object' &&
  link !== null &&
  (stageIds.has(String((link as { from?: unknown }).from)) || stageIds.has(String((link as { to?: unknown }).to)));

export function lockedParts(doc: Y.Doc, stageIds: ReadonlySet<string>): LockedParts {
  const maps = journeyMaps(doc);
  const stages = new Map<string, MapSnapshot | undefined>();
  for (const id of stageIds) {
    const stage = maps.stages.get(id);
    stages.set(id, stage instanceof Y.Map ? snapshotMap(stage) : undefined);
  }
  const factors = new Map<string, MapSnapshot>();
  maps.records.factors.forEach((factor, id) => {
    if (factor instanceof Y.Map && stageIds.has(String(stageOf(factor)))) factors.set(id, snapshotMap(factor));
  });
  const links = new Map<string, unknown>();
  maps.records.links.forEach((link, id) => {
    if (touches(link, stageIds)) links.set(id, link);
  });
  return { stages, factors, links };
}

const key = (parts: LockedParts) =>
  JSON.stringify([[...parts.stages], [...parts.factors].sort(), [...parts.links].sort()]);

export function sameParts(a: LockedParts, b: LockedParts): boolean {
  return key(a) === key(b);
}

/**
 * Make the document hold `before` again, given what it holds now (`after`): stages put back
 * (made again where deleted), enablers, barriers and links put back, and those added to a
 * locked stage removed. Call it inside a transaction.
 */
export function restoreLockedParts(doc: Y.Doc, before: LockedParts, after: LockedParts): void {
  const maps = journeyMaps(doc);
  for (const [id, stage] of before.stages) {
    if (stage) restoreMap(maps.stages, id, stage);
    else if (maps.stages.has(id)) maps.stages.delete(id);
  }
  for (const id of after.factors.keys()) if (!before.factors.has(id)) maps.records.factors.delete(id);
  for (const [id, factor] of before.factors) restoreMap(maps.records.factors, id, factor);
  for (const id of after.links.keys()) if (!before.links.has(id)) maps.records.links.delete(id);
  for (const [id, link] of before.links) setIfChanged(maps.records.links, id, link);
}
