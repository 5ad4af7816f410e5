/**
 * Once, on a store made while ids carried words (journeys named by title slugs, stages and cost
 * events by phrases from the file): every journey and theory of change with such ids moves to a
 * new random id, built from its current state with every record re-keyed (src/model/rekey.ts).
 * Everything that named it follows (server/storage/sqlite-moves.ts): project, family, cohorts,
 * grants (an invite keeps working, for the new id) and the audit log. The old document is erased.
 *
 * Nothing is lost: a `moved_documents` row per old id, keyed by a keyed hash of it (the words are
 * not kept), holds the new id, each old record's new id (also by keyed hash), the new document as
 * the move made it and the old document's state vector. A device that kept unsaved changes to the
 * old document finds its way to the new one with them (server/SPEC.md MOVE1–MOVE5). The rows are
 * kept until every invite for the old id has ended, and at least MOVED_KEPT_DAYS.
 *
 * Runs before the server listens, so no room has a document open.
 */
import { createHmac } from 'node:crypto';
import * as Y from 'yjs';
import { DOCUMENT_KINDS, fromJourney, fromToc, readJourney, readToc } from '../../src/doc/index.ts';
import type { Evidence, TheoryOfChange } from '../../src/model/index.ts';
import {
  flatKeys,
  hasRandomIds,
  isRandomId,
  journeyKeyName,
  recordKeyName,
  rekeyJourney,
  type RekeyedCollection,
} from '../../src/model/rekey.ts';
import { newDocumentId } from '../document-ids.ts';
import type { DocumentKind, DocumentStore } from '../storage/document-store.ts';
import type { MovedDocument } from '../storage/family-records.ts';
import { loadDocument } from '../storage/load-document.ts';

const STEP = 'random-ids-v1';

/** How long a move is remembered at least, for devices that kept a copy without an invite (staff). */
export const MOVED_KEPT_DAYS = 90;
const DAY_MS = 24 * 3600_000;

/** The keyed hash an old document id is kept as. */
export const movedKey = (secret: Buffer, oldId: string): string =>
  createHmac('sha256', secret).update(`moved-document\n${oldId}`).digest('base64url');

/** The keyed hash an old record's flat key name (src/model/rekey.ts `flatKeys`) is kept as. */
export const movedRecordKey = (secret: Buffer, name: string): string =>
  createHmac('sha256', secret).update(`moved-record\n${name}`).digest('base64url');

/** Where the old document id went, if it moved and the move is still remembered. */
export async function findMove(
  store: DocumentStore,
  secret: Buffer,
  oldId: string,
): Promise<MovedDocument | undefined> {
  // A random id never moved: no lookup, and nothing hashed for ids made since.
  if (isRandomId(oldId)) return undefined;
  return store.families.findMoved(movedKey(secret, oldId));
}

export interface MoveReport {
  journeys: number;
  tocs: number;
  auditRows: number;
}

export async function moveToRandomIds(store: DocumentStore, secret: Buffer): Promise<MoveReport> {
  const report: MoveReport = { journeys: 0, tocs: 0, auditRows: 0 };
  if (await store.families.stepDone(STEP)) return report;
  const moved = new Map<string, string>();
  for (const { docId } of await store.listReadModels('journey')) {
    const newId = await moveJourney(store, secret, docId);
    if (newId) {
      moved.set(docId, newId);
      report.journeys += 1;
    }
  }
  for (const { docId } of await store.listReadModels('toc')) {
    const newId = await moveToc(store, secret, docId);
    if (newId) {
      moved.set(docId, newId);
      report.tocs += 1;
    }
  }
  // The audit log names old ids too, also of documents moved by a run that stopped half-way.
  for (const docId of await store.moves.auditedDocuments()) {
    if (moved.has(docId)) continue;
    const move = await findMove(store, secret, docId);
    if (move) moved.set(docId, move.newId);
  }
  const renamed = await store.moves.renameAuditDocuments([...moved]);
  report.auditRows = renamed.renamed;
  if (renamed.from !== undefined)
    await store.access.audit({
      action: 'ids.move',
      outcome: 'ok',
      actor: 'migration',
      // The chain was re-hashed from `from`: the head kept elsewhere before this is named here.
      detail: `documents:${moved.size};rehashed-from:${renamed.from};head-before:${renamed.before?.seq}:${renamed.before?.hash}`,
    });
  await store.families.markStepDone(STEP);
  return report;
}

/** Until when a move is remembered: past the longest invite for the old id, and MOVED_KEPT_DAYS at least. */
async function keptUntil(store: DocumentStore, docId: string): Promise<string> {
  const invites = (await store.access.listGrants(docId)).filter((grant) => !grant.endedAt);
  const longest = Math.max(Date.now() + MOVED_KEPT_DAYS * DAY_MS, ...invites.map((g) => Date.parse(g.expiresAt)));
  return new Date(longest).toISOString();
}

/** Whether an earlier run moved it already (it stopped before erasing the old one): finish that. */
async function finishedEarlier(store: DocumentStore, secret: Buffer, docId: string): Promise<boolean> {
  if (!(await store.families.findMoved(movedKey(secret, docId)))) return false;
  await store.erase(docId);
  return true;
}

async function moveJourney(store: DocumentStore, secret: Buffer, docId: string): Promise<string | undefined> {
  if (await finishedEarlier(store, secret, docId)) return undefined;
  const doc = await loadDocument(store, docId, 'journey');
  if (!doc) return undefined;
  try {
    const oldStateVector = Y.encodeStateVector(doc);
    // As a room would open it: brought up to the current schema first (a newer one is left alone).
    if (DOCUMENT_KINDS.journey.migrate(doc).outcome === 'newer') return undefined;
    const { journey } = readJourney(doc);
    const stored = { ...journey, id: docId as typeof journey.id };
    if (hasRandomIds(stored)) return undefined;
    const { journey: rekeyed, keys } = rekeyJourney(stored, newDocumentId('journey'));
    const recordKeys = Object.fromEntries(flatKeys(keys).map(([name, id]) => [movedRecordKey(secret, name), id]));
    await move(store, secret, {
      kind: 'journey',
      oldId: docId,
      newId: rekeyed.id,
      built: fromJourney(rekeyed),
      readModel: JSON.stringify(rekeyed),
      recordKeys,
      oldStateVector,
    });
    return rekeyed.id;
  } finally {
    doc.destroy();
  }
}

async function moveToc(store: DocumentStore, secret: Buffer, docId: string): Promise<string | undefined> {
  if (await finishedEarlier(store, secret, docId)) return undefined;
  const doc = await loadDocument(store, docId, 'toc');
  if (!doc) return undefined;
  try {
    const oldStateVector = Y.encodeStateVector(doc);
    if (DOCUMENT_KINDS.toc.migrate(doc).outcome === 'newer') return undefined;
    const toc = { ...readToc(doc).toc, id: docId as TheoryOfChange['id'] };
    const pointers = [...toc.nodes, ...toc.links].flatMap((element) => element.evidence);
    const cited = new Set([...toc.journeyIds, ...pointers.map((e) => e.journeyId)]);
    if (isRandomId(docId) && [...cited].every(isRandomId)) return undefined;
    // Each cited journey's move, found by its keyed hash; its records' new ids likewise.
    const moves = new Map<string, MovedDocument | undefined>();
    for (const journeyId of cited) moves.set(journeyId, await findMove(store, secret, journeyId));
    const recordKeys: Record<string, string> = {};
    const follow = (journeyId: string, collection: RekeyedCollection, id: string): string => {
      const name = recordKeyName(collection, journeyId, id);
      const now = moves.get(journeyId)?.recordKeys[movedRecordKey(secret, name)];
      if (now) recordKeys[movedRecordKey(secret, name)] = now;
      return now ?? id;
    };
    const journeyOf = (journeyId: string): string | undefined => {
      const move = moves.get(journeyId);
      if (move) recordKeys[movedRecordKey(secret, journeyKeyName(journeyId))] = move.newId;
      // A journey that neither moved nor has a random id is gone (erased): nothing to point at.
      return move?.newId ?? (isRandomId(journeyId) ? journeyId : undefined);
    };
    const pointer = (e: Evidence): Evidence[] => {
      const journeyId = journeyOf(e.journeyId);
      if (!journeyId) return [];
      return [
        {
          ...e,
          journeyId: journeyId as Evidence['journeyId'],
          stageId: follow(e.journeyId, 'stages', e.stageId) as Evidence['stageId'],
          ...(e.factorId ? { factorId: follow(e.journeyId, 'factors', e.factorId) as Evidence['factorId'] } : {}),
          ...(e.costEventId
            ? { costEventId: follow(e.journeyId, 'costEvents', e.costEventId) as Evidence['costEventId'] }
            : {}),
        },
      ];
    };
    const newId = newDocumentId('toc');
    const moved: TheoryOfChange = {
      ...toc,
      id: newId as TheoryOfChange['id'],
      journeyIds: toc.journeyIds.flatMap((id) => journeyOf(id) ?? []) as TheoryOfChange['journeyIds'],
      nodes: toc.nodes.map((node) => ({ ...node, evidence: node.evidence.flatMap(pointer) })),
      links: toc.links.map((link) => ({ ...link, evidence: link.evidence.flatMap(pointer) })),
    };
    recordKeys[movedRecordKey(secret, journeyKeyName(docId))] = newId;
    await move(store, secret, {
      kind: 'toc',
      oldId: docId,
      newId,
      built: fromToc(moved),
      readModel: JSON.stringify(moved),
      recordKeys,
      oldStateVector,
    });
    return newId;
  } finally {
    doc.destroy();
  }
}

interface Move {
  kind: DocumentKind;
  oldId: string;
  newId: string;
  /** The new document, built from the old one's state. */
  built: Y.Doc;
  readModel: string;
  recordKeys: Record<string, string>;
  /** The old document's state vector as stored, before anything here changed it. */
  oldStateVector: Uint8Array;
}

async function move(store: DocumentStore, secret: Buffer, m: Move): Promise<void> {
  const { kind, oldId, newId, built, readModel, recordKeys, oldStateVector } = m;
  const update = Y.encodeStateAsUpdate(built);
  built.destroy();
  await store.moves.moveDocument({
    oldId,
    newId,
    kind,
    update,
    readModel,
    moved: {
      oldKey: movedKey(secret, oldId),
      newId,
      recordKeys,
      baseUpdate: update,
      oldStateVector,
      keptUntil: await keptUntil(store, oldId),
    },
  });
  // Its words may sit in its update log and read model: erased through the writer, WAL and all.
  await store.erase(oldId);
}
