/**
 * A device arriving from a document's old id (server/SPEC.md MOVE4): the old address's redirect
 * names the old id in the fragment (`#moved-from=<old>`, never sent to a server), which is taken
 * out of the address at once. If this device kept a copy of the old document with changes the
 * server never had (beyond the old document's state vector when it moved), they are carried
 * onto the new document: the device's copy is read, its old ids translated to the new ones (the
 * server answers for the old record ids it is asked about), and merged field by field against
 * the new document as the move made it (three-way-merge.ts); what the device changed is written
 * to the live document the way the editor writes (text fields through the text-diff helper).
 * Then the old copy is deleted.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { readJourney, readToc, writeJourney, writeToc, type TransactionOrigin } from '../../../src/doc/index.ts';
import { JourneySchema, TheoryOfChangeSchema, type Journey, type TheoryOfChange } from '../../../src/model/index.ts';
import {
  journeyKeyName,
  keyNamesOf,
  keysFromFlat,
  recordKeyName,
  translateJourney,
  translateToc,
} from '../../../src/model/rekey.ts';
import { deviceCopyName } from './device-copy.ts';
import { storedPart } from './stored-part.ts';
import { mergeThreeWay } from './three-way-merge.ts';

export type MovableKind = 'journey' | 'toc';

interface Answer {
  baseUpdate: string;
  oldStateVector: string;
  keys: Record<string, string>;
}

const bytes = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/** Whether a state vector holds changes beyond another: something the server never had. */
function beyond(device: Uint8Array, old: Uint8Array): boolean {
  const had = Y.decodeStateVector(old);
  return [...Y.decodeStateVector(device)].some(([client, clock]) => clock > (had.get(client) ?? 0));
}

export interface CarryOver {
  kind: MovableKind;
  /** The new id, this page's document. */
  docId: string;
  from: string;
  /** The live document, once it has synced with the server. */
  live: () => Promise<Y.Doc>;
  origin: TransactionOrigin;
}

/** Carry the old copy's unsaved changes over, then delete it. Resolves to whether anything was carried. */
export async function carryOver(options: CarryOver): Promise<boolean> {
  const old = new Y.Doc();
  const copy = new IndexeddbPersistence(deviceCopyName(options.from), old);
  try {
    await copy.whenSynced;
    if (old.share.size === 0) {
      await copy.clearData();
      return false;
    }
    const answer = await ask(options, old);
    // Not now (offline, or the link ended): the copy stays for the next visit.
    if (answer === 'later') return false;
    if (answer === 'forgotten' || !beyond(Y.encodeStateVector(old), bytes(answer.oldStateVector))) {
      await copy.clearData();
      return false;
    }
    const base = new Y.Doc();
    Y.applyUpdate(base, bytes(answer.baseUpdate));
    const answered = new Map(Object.entries(answer.keys));
    // What this device changed: its copy now against its copy as the server had it.
    const had = storedPart(old, Y.decodeStateVector(bytes(answer.oldStateVector)));
    const live = await options.live();
    if (options.kind === 'journey') {
      const keys = keysFromFlat(options.from, answered);
      const asMoved = (doc: Y.Doc) =>
        translateJourney({ ...readJourney(doc).journey, id: options.from as Journey['id'] }, keys);
      const moved = readJourney(base).journey;
      const onDevice = withoutDeleted(mergeThreeWay(asMoved(had), asMoved(old), moved), deletedOnDevice(old, keys));
      const merged = usableJourney(mergeThreeWay(moved, onDevice, readJourney(live).journey));
      if (merged) writeJourney(live, merged, options.origin);
    } else {
      const cited = (doc: Y.Doc) => {
        const toc = readToc(doc).toc;
        return [...toc.journeyIds, ...evidenceOf(toc).map((e) => e.journeyId)];
      };
      const keysOf = new Map(
        [...new Set([...cited(old), ...cited(had)])].map((id) => [id as string, keysFromFlat(id, answered)]),
      );
      const asMoved = (doc: Y.Doc) => translateToc(readToc(doc).toc, keysOf, options.docId);
      const moved = readToc(base).toc;
      const merged = usableToc(
        mergeThreeWay(moved, mergeThreeWay(asMoved(had), asMoved(old), moved), readToc(live).toc),
      );
      if (merged) writeToc(live, merged, options.origin);
    }
    had.destroy();
    base.destroy();
    await copy.clearData();
    return true;
  } finally {
    old.destroy();
  }
}

/** The server's answer for this copy's old ids, or why there is none: not now, or the move is forgotten. */
async function ask(options: CarryOver, old: Y.Doc): Promise<Answer | 'later' | 'forgotten'> {
  const names =
    options.kind === 'journey'
      ? [
          ...keyNamesOf({ ...readJourney(old).journey, id: options.from as Journey['id'] }),
          ...deletedNames(old, options.from),
        ]
      : tocKeyNames(readToc(old).toc);
  try {
    const response = await fetch(`/${options.kind === 'journey' ? 'journeys' : 'toc'}/${options.docId}/moved`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: options.from, keys: names }),
    });
    if (response.status === 404) return 'forgotten';
    return response.ok ? ((await response.json()) as Answer) : 'later';
  } catch {
    return 'later';
  }
}

/** A journey's collections as its document holds them (src/doc/journey/layout.ts), by the name re-keying uses. */
const COLLECTIONS = ['stages', 'links', 'factors', 'costEvents', 'members'] as const;

/** Records this copy holds as deleted, by their old flat key names: deleted here, or before it last synced. */
function deletedNames(doc: Y.Doc, from: string): string[] {
  return COLLECTIONS.flatMap((collection) =>
    [...(doc.getMap(collection) as unknown as { _map: Map<string, { deleted: boolean }> })._map]
      .filter(([, item]) => item.deleted)
      .map(([id]) => recordKeyName(collection, from, id)),
  );
}

/** New ids of records the copy holds as deleted. Those the moved document still has were deleted on this device, unsaved. */
function deletedOnDevice(doc: Y.Doc, keys: ReturnType<typeof keysFromFlat>): Set<string> {
  const gone = new Set<string>();
  for (const collection of COLLECTIONS)
    for (const [id, item] of (doc.getMap(collection) as unknown as { _map: Map<string, { deleted: boolean }> })._map)
      if (item.deleted) gone.add(keys.records[collection].get(id) ?? id);
  return gone;
}

function withoutDeleted(journey: Journey, gone: ReadonlySet<string>): Journey {
  const keep = <T extends { id: string }>(records: readonly T[]) => records.filter((r) => !gone.has(r.id));
  return {
    ...journey,
    family: { ...journey.family, members: keep(journey.family.members) },
    stages: keep(journey.stages),
    links: keep(journey.links),
    factors: keep(journey.factors),
    costEvents: keep(journey.costEvents),
  };
}

const evidenceOf = (toc: TheoryOfChange) => [...toc.nodes, ...toc.links].flatMap((element) => element.evidence);

function tocKeyNames(toc: TheoryOfChange): string[] {
  const names = new Set<string>(toc.journeyIds.map(journeyKeyName));
  for (const e of evidenceOf(toc)) {
    names.add(journeyKeyName(e.journeyId));
    names.add(recordKeyName('stages', e.journeyId, e.stageId));
    if (e.factorId) names.add(recordKeyName('factors', e.journeyId, e.factorId));
    if (e.costEventId) names.add(recordKeyName('costEvents', e.journeyId, e.costEventId));
  }
  return [...names];
}

/** The merged journey, with references left dangling by others' deletions let go; undefined if it still does not hold. */
function usableJourney(journey: Journey): Journey | undefined {
  const stages = new Set(journey.stages.map((s) => s.id));
  const members = new Set(journey.family.members.map((m) => m.id));
  const parsed = JourneySchema.safeParse({
    ...journey,
    stages: journey.stages.map((s) =>
      s.speakerId !== undefined && !members.has(s.speakerId) ? { ...s, speakerId: undefined } : s,
    ),
    links: journey.links.filter((l) => stages.has(l.from) && stages.has(l.to)),
    factors: journey.factors.filter((f) => stages.has(f.stageId)),
    costEvents: journey.costEvents.filter((c) => stages.has(c.stageId)),
  });
  return parsed.success ? parsed.data : undefined;
}

function usableToc(toc: TheoryOfChange): TheoryOfChange | undefined {
  const nodes = new Set(toc.nodes.map((n) => n.id));
  const parsed = TheoryOfChangeSchema.safeParse({
    ...toc,
    links: toc.links.filter((l) => nodes.has(l.from) && nodes.has(l.to)),
    indicators: toc.indicators.filter((i) => nodes.has(i.nodeId)),
  });
  return parsed.success ? parsed.data : undefined;
}
