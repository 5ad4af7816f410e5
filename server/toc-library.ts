/**
 * Theories of change in storage: draft one from stored journeys, store it as a live document,
 * read it back, list them. The one place that turns theories of change into stored documents
 * and back, shared by the CLI, the server and pages.
 */
import * as Y from 'yjs';
import { fromToc, readToc, type QuarantinedRecord } from '../src/doc/index.ts';
import type { ConsentOf, Journey, TheoryOfChange } from '../src/model/index.ts';
import { draftToc } from '../src/toc/index.ts';
import { loadJourney } from './journey-library.ts';
import { consentOfJourneys } from './families/consent-lookup.ts';
import { newDocumentId } from './document-ids.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { loadDocument } from './storage/load-document.ts';
import { storedReadModels } from './storage/read-models.ts';

export interface TocSummary {
  id: string;
  title: string;
  journeyCount: number;
  nodeCount: number;
  updatedAt: string;
}

function documentOf(toc: TheoryOfChange) {
  const update = Y.encodeStateAsUpdate(fromToc(toc));
  return { docId: toc.id, kind: 'toc' as const, update, readModel: JSON.stringify(toc) };
}

/** Store a theory of change as a new document. False, writing nothing, if the id is taken and `replace` is not set. */
export async function storeToc(
  store: DocumentStore,
  toc: TheoryOfChange,
  options: { replace?: boolean } = {},
): Promise<boolean> {
  if (options.replace) {
    await store.replace(documentOf(toc));
    return true;
  }
  return store.create(documentOf(toc));
}

/** The theory of change as stored now, validated; quarantined records are reported beside it. */
export async function loadToc(
  store: DocumentStore,
  id: string,
): Promise<{ toc: TheoryOfChange; quarantined: QuarantinedRecord[] } | undefined> {
  const doc = await loadDocument(store, id, 'toc');
  return doc && readToc(doc);
}

export async function listTocs(store: DocumentStore): Promise<TocSummary[]> {
  return (await storedReadModels(store, 'toc')).map(({ model: toc, updatedAt }) => ({
    id: toc.id,
    title: toc.title,
    journeyCount: toc.journeyIds.length,
    nodeCount: toc.nodes.length,
    updatedAt,
  }));
}

/** Who a theory of change draws on: its journeys, their consent, and which family owns each. */
export interface CohortJourneys {
  journeys: Journey[];
  consentOf: ConsentOf;
  /** The family a journey belongs to (the journey's own id when it has none): counts are of families. */
  familyOf: (journeyId: string) => string;
}

/** The family each of these journeys belongs to, from the family records. */
export async function familiesOfJourneys(
  store: DocumentStore,
  journeyIds: readonly string[],
): Promise<(journeyId: string) => string> {
  const owners = new Map(
    await Promise.all(journeyIds.map(async (id) => [id, (await store.families.familyOf(id)) ?? id] as const)),
  );
  return (journeyId) => owners.get(journeyId) ?? journeyId;
}

/**
 * The journeys a theory of change draws on, from its cohort record (never from the document's own
 * `journeyIds`, which people invited to it can write), with the consent in force for each and
 * the family that owns it. An erased journey is simply absent.
 */
export async function journeysOf(store: DocumentStore, tocId: string): Promise<CohortJourneys> {
  const ids = await store.families.cohortOf(tocId);
  const loaded = await Promise.all(ids.map((id) => loadJourney(store, id)));
  return {
    journeys: loaded.flatMap((entry) => (entry ? [entry.journey] : [])),
    consentOf: await consentOfJourneys(store, ids),
    familyOf: await familiesOfJourneys(store, ids),
  };
}

export interface DraftRequest {
  title: string;
  journeyIds: readonly string[];
  /** YYYY-MM-DD; recorded in the draft's provenance. */
  draftedOn: string;
  minFamilies?: number;
}

/** Where staff record the consent of these journeys' families, in words: "the family's page, /families/<id>". */
async function familyPagesOf(store: DocumentStore, journeyIds: readonly string[]): Promise<string> {
  const owners = await Promise.all(journeyIds.map((id) => store.families.familyOf(id)));
  const pages = [...new Set(owners.flatMap((id) => (id === undefined ? [] : [`/families/${id}`])))];
  if (pages.length === 0) return "each family's page";
  if (pages.length === 1) return `the family's page, ${pages[0]}`;
  return `the families' pages, ${pages.slice(0, -1).join(', ')} and ${pages.at(-1)}`;
}

export type Drafted = { ok: true; toc: TheoryOfChange } | { ok: false; field: string; reason: string };

/** Draft a theory of change from stored journeys and store it as a new live document. */
export async function draftAndStoreToc(store: DocumentStore, request: DraftRequest): Promise<Drafted> {
  if (request.journeyIds.length === 0) return { ok: false, field: 'journeyIds', reason: 'choose at least one journey' };
  // Each journey is rebuilt from its update log once: the same reading is checked and drafted from.
  const loaded = await Promise.all(
    request.journeyIds.map(async (id) => ({ id, journey: (await loadJourney(store, id))?.journey })),
  );
  const missing = loaded.filter((entry) => entry.journey === undefined).map((entry) => entry.id);
  if (missing.length > 0)
    return {
      ok: false,
      field: 'journeyIds',
      reason: `there is no journey ${missing.map((id) => `"${id}"`).join(', ')} (it may have been removed); choose from the journeys there are`,
    };
  const journeys = loaded.flatMap((entry) => (entry.journey ? [entry.journey] : []));
  const consentOf = await consentOfJourneys(store, request.journeyIds);
  const toc = draftToc(journeys, {
    id: newDocumentId('toc'),
    consentOf,
    title: request.title,
    draftedOn: request.draftedOn,
    minFamilies: request.minFamilies,
  });
  if (toc.journeyIds.length === 0)
    return {
      ok: false,
      field: 'journeyIds',
      reason: `none of these families agreed to their journey being analysed: record their consent to analysis on ${await familyPagesOf(
        store,
        request.journeyIds,
      )}, or choose a family who agreed`,
    };
  if (!(await storeToc(store, toc)))
    return { ok: false, field: 'title', reason: 'a theory of change was just made with the same address; try again' };
  // The cohort is what was chosen: a journey left out for want of consent joins once it is given.
  await store.families.setCohort(toc.id, request.journeyIds);
  return { ok: true, toc };
}
