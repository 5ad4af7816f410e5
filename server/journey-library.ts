/**
 * Journeys in storage: import a validated journey as a new document, read one back, list them,
 * and load the examples on first start. The one place that turns journeys into stored
 * documents and back, shared by the CLI, the server and pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import {
  costsDocId,
  costsDocOf,
  fromJourney,
  readCosts,
  readJourney,
  withCostEvents,
  type QuarantinedRecord,
} from '../src/doc/index.ts';
import type { CostEvent } from '../src/model/index.ts';
import { parseJourneyText } from '../src/migrations/journey-file.ts';
import { CURRENT_SCHEMA_VERSION, JourneySchema, newId, type Journey } from '../src/model/index.ts';
import { rekeyJourney } from '../src/model/rekey.ts';
import type { ValidationIssue } from '../src/model/validation-issue.ts';
import { newDocumentId } from './document-ids.ts';
import { createFamily, recordDecisions } from './families/family-library.ts';
import type { FamilyRecord } from './storage/family-records.ts';
import { JOURNEY_TEMPLATES, type JourneyTemplate } from './journey-templates.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { loadDocument } from './storage/load-document.ts';
import { storedReadModel, storedReadModels } from './storage/read-models.ts';

export interface JourneySummary {
  id: string;
  title: string;
  family: string;
  stageCount: number;
  updatedAt: string;
}

/** The journey's shared document: everything but its cost events, which go to its companion (COSTS1). */
function documentOf(journey: Journey) {
  const shared = { ...journey, costEvents: [] };
  const update = Y.encodeStateAsUpdate(fromJourney(shared));
  return { docId: journey.id, kind: 'journey' as const, update, readModel: JSON.stringify(shared) };
}

/** The companion document holding a journey's cost events (src/doc/costs/companion.ts). */
export function costsDocumentOf(journeyId: string, costEvents: readonly CostEvent[]) {
  const update = Y.encodeStateAsUpdate(costsDocOf(costEvents));
  return {
    docId: costsDocId(journeyId),
    kind: 'costs' as const,
    update,
    readModel: JSON.stringify({ costEvents }),
  };
}

/**
 * Store a journey as a new document under the id it has, and its cost events as its companion.
 * Returns false, writing nothing, if the id is taken.
 */
export async function storeJourney(store: DocumentStore, journey: Journey): Promise<boolean> {
  // Asked for together, so one group commits both; a taken journey id is refused before its companion is stored.
  const [created] = await Promise.all([
    store.create(documentOf(journey)),
    store.create(costsDocumentOf(journey.id, journey.costEvents)),
  ]);
  return created;
}

/** A journey's cost events as its companion holds them now (none when it has no companion). */
export async function loadCostEvents(store: DocumentStore, journeyId: string): Promise<CostEvent[]> {
  const doc = await loadDocument(store, costsDocId(journeyId), 'costs');
  return doc ? readCosts(doc).model.costEvents : [];
}

/**
 * The journey as stored now, validated, with its cost events from its companion; quarantined
 * records are reported beside it. For staff and the server's own reports: a page that shows a
 * participant anything must not show what this returns without asking `costsAdmission`.
 */
export async function loadJourney(
  store: DocumentStore,
  id: string,
): Promise<{ journey: Journey; quarantined: QuarantinedRecord[] } | undefined> {
  const doc = await loadDocument(store, id, 'journey');
  if (!doc) return undefined;
  const { journey, quarantined } = readJourney(doc);
  return { journey: withCostEvents(journey, await loadCostEvents(store, id)), quarantined };
}

/**
 * The journey's stored read model, with its cost events from its companion's: what the rooms
 * last read from the documents as they changed, without rebuilding either. For a page that
 * draws it at once and then follows the live document (the map); a page that shows what is
 * stored now uses `loadJourney`.
 */
export async function storedJourney(store: DocumentStore, id: string): Promise<Journey | undefined> {
  const [journey, costs] = await Promise.all([
    storedReadModel(store, 'journey', id),
    storedReadModel(store, 'costs', costsDocId(id)),
  ]);
  return journey && withCostEvents(journey, costs?.costEvents ?? []);
}

/** Every stored journey's read model, with its cost events from its companion's read model. */
export async function journeysWithCosts(store: DocumentStore): Promise<{ model: Journey; updatedAt: string }[]> {
  const [journeys, companions] = await Promise.all([
    storedReadModels(store, 'journey'),
    storedReadModels(store, 'costs'),
  ]);
  // A read model is stored under its document's id (storedReadModels puts it back as `id`).
  const costsOf = new Map(companions.map(({ model }) => [(model as { id?: string }).id, model.costEvents]));
  return journeys.map(({ model, updatedAt }) => ({
    model: withCostEvents(model, costsOf.get(costsDocId(model.id)) ?? []),
    updatedAt,
  }));
}

export async function listJourneys(store: DocumentStore): Promise<JourneySummary[]> {
  return (await storedReadModels(store, 'journey')).map(({ model: j, updatedAt }) => ({
    id: j.id,
    title: j.title,
    family: j.family.pseudonym,
    stageCount: j.stages.length,
    updatedAt,
  }));
}

export interface NewJourney {
  title: string;
  familyPseudonym: string;
  template?: JourneyTemplate;
}

/**
 * Start a journey from a template on the default scale, under a random id. The caller attaches it
 * to its family, whose consent records say what may be done with it.
 */
export async function createJourney(store: DocumentStore, input: NewJourney): Promise<Journey> {
  const journey = JourneySchema.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: newDocumentId('journey'),
    title: input.title,
    family: { pseudonym: input.familyPseudonym },
    stages: JOURNEY_TEMPLATES[input.template ?? 'blank'].stages.map((title, i) => ({
      id: newId('st'),
      title,
      order: i + 1,
    })),
  });
  if (!(await storeJourney(store, journey))) throw new Error(`journey id ${journey.id} is taken`);
  return journey;
}

export interface SeedReport {
  /** The new (random) ids of the examples loaded. */
  added: string[];
  /** Titles of examples not loaded because this store had them loaded once already (perhaps since deleted). */
  skipped: string[];
  invalid: { file: string; issues: ValidationIssue[] }[];
}

const EXAMPLES_STEP = 'examples-loaded-v1';

/**
 * Load the example journeys into a new store, once: each joins a family of its own in the
 * project given, with the consent its file states (the examples are synthetic; `examples` recorded
 * it). A store that had them once never gets them again, even if they were erased since.
 */
export async function seedJourneys(store: DocumentStore, dir: string, projectId: string): Promise<SeedReport> {
  const report: SeedReport = { added: [], skipped: [], invalid: [] };
  let files: string[];
  try {
    files = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch {
    return report;
  }
  const journeys: Journey[] = [];
  for (const file of files) {
    const result = parseJourneyText(readFileSync(join(dir, file), 'utf8'));
    if (result.ok) journeys.push(result.journey);
    else report.invalid.push({ file, issues: result.issues });
  }
  if (await store.families.stepDone(EXAMPLES_STEP)) {
    report.skipped.push(...journeys.map((journey) => journey.title));
    return report;
  }
  // Under random ids: the files' ids are words (`s07-chloe-and-the-older-man`) and are never stored.
  const rekeyed = journeys.map((journey) => rekeyJourney(journey, newDocumentId('journey')).journey);
  // Asked for together, they are committed as one group: one flush at start-up, not one each.
  await Promise.all(rekeyed.map((journey) => storeJourney(store, journey)));
  for (const journey of rekeyed) {
    await store.access.placeDocument(journey.id, projectId);
    await fileFamily(store, journey, { projectId, by: 'examples' });
    report.added.push(journey.id);
  }
  await store.families.markStepDone(EXAMPLES_STEP);
  return report;
}

/**
 * A family for a journey read from a file, with the consent the file states when someone vouches
 * for it (`by`: the staff member who recorded it, or `examples`); without, mapping only, recorded
 * as given by the person importing it.
 */
export async function fileFamily(
  store: DocumentStore,
  journey: Journey,
  options: { projectId: string; by: string; vouched?: boolean },
): Promise<FamilyRecord> {
  const family = await createFamily(store, {
    projectId: options.projectId,
    pseudonym: journey.family.pseudonym,
    createdBy: options.by,
  });
  await store.families.attachDocument(journey.id, family.id);
  const filed = journey.consent;
  const trusted = options.by === 'examples' || options.vouched === true;
  const scopes = trusted && filed?.status === 'given' ? filed.scopes : ['mapping'];
  await recordDecisions(
    store,
    family,
    scopes.map((scope) => ({
      scope,
      decision: 'given' as const,
      givenBy: 'The family',
      method: trusted ? ('journey-file' as const) : ('verbal-in-person' as const),
      decidedOn: (trusted ? filed?.recordedOn : undefined) ?? new Date().toISOString().slice(0, 10),
      recordedBy: options.by,
    })),
  );
  return family;
}

/**
 * A journey read from a file, added as a new journey: under random ids (a file's ids may be
 * words, and are never stored), in the project given, in a family of its own (see `fileFamily`).
 * An import never overwrites a stored journey, which a room may have open. Returns the journey
 * as stored, with its new id.
 */
export async function importJourney(
  store: DocumentStore,
  filed: Journey,
  options: { projectId: string; by: string; vouched?: boolean },
): Promise<Journey> {
  const { journey } = rekeyJourney(filed, newDocumentId('journey'));
  if (!(await storeJourney(store, journey))) throw new Error('a new random journey id was taken');
  await store.access.placeDocument(journey.id, options.projectId);
  await fileFamily(store, journey, options);
  return journey;
}
