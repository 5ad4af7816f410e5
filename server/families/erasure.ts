/**
 * Erasing a family at its request (server/SPEC.md ERASE1): everything it owns goes, in an order
 * that leaves nothing half-done behind. Withdrawing `mapping` consent is erasure too: the consent
 * page sends staff here.
 *
 * 1. The live rooms of its journeys close, telling everyone in them (4410), and drop their
 *    documents without storing them; from now on those rooms refuse everyone.
 * 2. Every theory of change stops citing its journeys, through the document's room (opened for
 *    the change when nobody has it open), so a room never writes back what was removed.
 * 3. One transaction on the storage writer erases the journeys, their logs, read models, grants,
 *    cohort rows, moves, the consent history and the family, remembering the journeys' ids as
 *    erased; it is queued after everything the rooms had queued, and the writer then overwrites
 *    freed pages and empties the write-ahead log (STORE9).
 *
 * A step that fails stops the erasure: the family stays listed and can be erased again (every
 * step can run twice). The audit log records it by ids only.
 */
import * as Y from 'yjs';
import { costsDocId } from '../../src/doc/index.ts';
import { tocMaps } from '../../src/doc/toc/layout.ts';
import type { ErasingRooms } from '../rooms/erasure-channel.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';
import { loadDocument } from '../storage/load-document.ts';
import { loadJourney } from '../journey-library.ts';

/**
 * What erasing a family does to each table that names a family or a document (a test checks this
 * covers every such table there is): `erase` its rows, or `keep-without-content` (ids only).
 */
export const ERASURE_COVERAGE = {
  documents: 'erase',
  updates: 'erase',
  read_models: 'erase',
  document_projects: 'erase',
  grants: 'erase',
  families: 'erase',
  family_documents: 'erase',
  consent_decisions: 'erase',
  toc_cohorts: 'erase',
  moved_documents: 'erase',
  archived_documents: 'erase',
  cost_visibility: 'erase',
  take_home_choices: 'erase',
  sensitive_items: 'erase',
  // With its document (a foreign key that cascades): which stages were locked or paused, ids only.
  room_controls: 'erase',
  versions: 'erase',
  issue_profiles: 'erase',
  assessments: 'erase',
  cohort_families: 'erase',
  // With every typing run the family was part of (derived data), in the same transaction.
  typing_assignments: 'erase',
  synthetic_families: 'erase',
  // Hash-chained: rows say who did what to which id, never what anyone wrote (AUTH11).
  audit_log: 'keep-without-content',
  // The erased ids themselves, so a device still holding a copy is told to wipe it.
  erased_documents: 'keep-without-content',
} as const satisfies Record<string, 'erase' | 'keep-without-content'>;

/** What erasing the family will take, for the confirmation page. */
export interface ErasurePlan {
  journeys: { id: string; title: string }[];
  consentDecisions: number;
  /** Theories of change that cite its journeys or drew on them. */
  tocs: { id: string; title: string }[];
  /** People connected to its journeys now; they are told, and their device copies wiped. */
  connected: number;
}

/** Whether a piece of evidence (its key and record) points at one of these journeys. */
function citesAny(key: string, record: unknown, journeyIds: ReadonlySet<string>): boolean {
  if (journeyIds.has(key.split('/')[0] ?? '')) return true;
  const journeyId = (record as { journeyId?: unknown } | null)?.journeyId;
  return typeof journeyId === 'string' && journeyIds.has(journeyId);
}

/** The evidence maps of every node and link of a theory of change document. */
function evidenceMaps(doc: Y.Doc): Y.Map<unknown>[] {
  const { nodes, links } = tocMaps(doc);
  return [...nodes.values(), ...links.values()].flatMap((element) => {
    const evidence = element instanceof Y.Map ? (element as Y.Map<unknown>).get('evidence') : undefined;
    return evidence instanceof Y.Map ? [evidence as Y.Map<unknown>] : [];
  });
}

/** Whether the theory of change names any of these journeys (evidence, or its own list of them). */
function mentionsAny(doc: Y.Doc, journeyIds: ReadonlySet<string>): boolean {
  const listed = tocMaps(doc).meta.get('journeyIds');
  if (Array.isArray(listed) && listed.some((id) => journeyIds.has(id as string))) return true;
  return evidenceMaps(doc).some((map) => [...map.entries()].some(([key, value]) => citesAny(key, value, journeyIds)));
}

/** Remove every citation of these journeys, and the journeys from the document's own list. */
function forgetJourneys(doc: Y.Doc, journeyIds: ReadonlySet<string>): void {
  for (const map of evidenceMaps(doc))
    for (const [key, value] of [...map.entries()]) if (citesAny(key, value, journeyIds)) map.delete(key);
  const meta = tocMaps(doc).meta;
  const listed = meta.get('journeyIds');
  if (Array.isArray(listed) && listed.some((id) => journeyIds.has(id as string)))
    meta.set(
      'journeyIds',
      listed.filter((id) => !journeyIds.has(id as string)),
    );
}

/** Theories of change whose cohort record includes these journeys, or whose document names them. */
async function tocsNaming(
  store: DocumentStore,
  journeyIds: readonly string[],
): Promise<{ id: string; title: string }[]> {
  const wanted = new Set(journeyIds);
  const inCohort = new Set((await Promise.all(journeyIds.map((id) => store.families.tocsCiting(id)))).flat());
  const found: { id: string; title: string }[] = [];
  for (const row of await store.listReadModels('toc')) {
    const title = String((JSON.parse(row.json) as { title?: unknown }).title ?? '');
    if (inCohort.has(row.docId)) {
      found.push({ id: row.docId, title });
      continue;
    }
    const doc = await loadDocument(store, row.docId, 'toc');
    if (doc && mentionsAny(doc, wanted)) found.push({ id: row.docId, title });
    doc?.destroy();
  }
  return found;
}

export async function planErasure(
  store: DocumentStore,
  rooms: ErasingRooms | undefined,
  family: FamilyRecord,
): Promise<ErasurePlan> {
  const docIds = await store.families.documentsOf(family.id);
  const journeys = await Promise.all(
    docIds.map(async (id) => ({ id, title: (await loadJourney(store, id))?.journey.title ?? '(unreadable journey)' })),
  );
  return {
    journeys,
    consentDecisions: (await store.families.consentHistory(family.id)).length,
    tocs: await tocsNaming(store, docIds),
    connected: (await rooms?.connectedTo(docIds)) ?? 0,
  };
}

export type ErasureOutcome =
  | { ok: true; docIds: string[]; tocsChanged: number }
  | { ok: false; step: 'rooms' | 'theories of change' | 'storage'; message: string };

/** Erase the family and everything it owns (the order and its reasons are at the top of this file). */
export async function eraseFamily(
  store: DocumentStore,
  rooms: ErasingRooms,
  family: FamilyRecord,
  actor: string,
): Promise<ErasureOutcome> {
  const docIds = await store.families.documentsOf(family.id);
  const audit = (outcome: 'ok' | 'failed', detail?: string) =>
    store.access.audit({
      action: 'family.erase',
      outcome,
      actor,
      projectId: family.projectId,
      subject: family.id,
      ...(detail === undefined ? {} : { detail }),
    });
  let step: Extract<ErasureOutcome, { ok: false }>['step'] = 'rooms';
  try {
    // Their costs companions' rooms close with them (COSTS1).
    await rooms.closeErased([...docIds, ...docIds.map(costsDocId)]);
    step = 'theories of change';
    const gone = new Set(docIds);
    let tocsChanged = 0;
    for (const toc of await tocsNaming(store, docIds)) {
      if (await rooms.change(toc.id, (doc) => forgetJourneys(doc, gone))) tocsChanged += 1;
    }
    step = 'storage';
    await store.families.eraseFamily(family.id);
    await audit('ok', `documents:${docIds.length}`);
    return { ok: true, docIds, tocsChanged };
  } catch (error) {
    await audit('failed', step.replaceAll(' ', '-')).catch(() => undefined);
    return { ok: false, step, message: (error as Error).message };
  } finally {
    rooms.endErasing([...docIds, ...docIds.map(costsDocId)]);
  }
}
