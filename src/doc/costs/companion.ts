/**
 * A journey's cost events live in a companion document of their own, never in the journey's
 * shared document (server/SPEC.md COSTS1): the server admits staff to it, and participants only
 * when a facilitator has said they may see costs (a server record), so a family's invite never
 * receives the public-service costs of its own life unless someone chose to show them.
 *
 * The companion holds one Y.Map, `costEvents`, laid out exactly as the journey's own map of
 * that name (id → the record as plain JSON without its id), so the journey's record commands
 * write to it unchanged. Its records point at stages, agencies and family members of the
 * journey; `withCostEvents` checks them against the journey they are shown with.
 */
import * as Y from 'yjs';
import { findAgency } from '../../model/agency.ts';
import { CostEventSchema, type CostEvent } from '../../model/cost-event.ts';
import type { Journey } from '../../model/journey.ts';
import { issuesFrom } from '../../model/validation-issue.ts';
import { IMPORT_ORIGIN, type TransactionOrigin } from '../origins.ts';
import { quarantineLog, type QuarantinedRecord } from '../quarantine.ts';
import { sortedEntries, storedRecord, type JsonRecord } from '../records.ts';
import { journeyMaps, plainRecord } from '../journey/layout.ts';

/** What the companion of a journey adds to its id: one fixed suffix, so no record is needed to find it. */
const COSTS_SUFFIX = '-costs';

export const costsDocId = (journeyId: string): string => `${journeyId}${COSTS_SUFFIX}`;

/** The journey a companion document belongs to, or undefined when the id is not a companion's. */
export function journeyOfCostsDoc(docId: string): string | undefined {
  if (!docId.endsWith(COSTS_SUFFIX)) return undefined;
  const journeyId = docId.slice(0, -COSTS_SUFFIX.length);
  return journeyId.length > 0 ? journeyId : undefined;
}

/** What a companion document holds, as its read model stores it. */
export interface JourneyCosts {
  costEvents: CostEvent[];
}

/** The companion's one map; the same name as the journey's, so the record commands work on either. */
export const costEventsMap = (doc: Y.Doc): Y.Map<unknown> => journeyMaps(doc).records.costEvents;

/** Every cost event in a companion document, each validated on its own (a bad one is quarantined). */
export function readCosts(doc: Y.Doc): { model: JourneyCosts; quarantined: QuarantinedRecord[] } {
  const { quarantined, drop } = quarantineLog();
  const entries = sortedEntries(new Map([...costEventsMap(doc).entries()].map(([id, v]) => [id, plainRecord(v)])));
  const costEvents = entries.flatMap(([id, value]) => {
    const parsed = CostEventSchema.safeParse({ ...(value as JsonRecord), id });
    if (parsed.success) return [parsed.data];
    drop('costEvents', id, issuesFrom(parsed.error));
    return [];
  });
  return { model: { costEvents }, quarantined };
}

/**
 * The journey with these cost events in place of any its shared document holds (anyone invited
 * can write there; costs are read from the companion only). Events whose stage or agency the
 * journey no longer has are left out; an age whose family member is gone is dropped.
 */
export function withCostEvents(journey: Journey, costEvents: readonly CostEvent[]): Journey {
  const stages = new Set(journey.stages.map((stage) => stage.id));
  const members = new Set(journey.family.members.map((member) => member.id));
  const kept = costEvents
    .filter((event) => stages.has(event.stageId) && findAgency(journey.agencies, event.agencyId))
    .map((event) => {
      if (event.when?.kind !== 'age' || members.has(event.when.memberId)) return event;
      const { when: _when, ...rest } = event;
      return rest;
    });
  return { ...journey, costEvents: kept };
}

/** A new companion document holding these cost events. */
export function costsDocOf(costEvents: readonly CostEvent[], origin: TransactionOrigin = IMPORT_ORIGIN): Y.Doc {
  const doc = new Y.Doc();
  const map = costEventsMap(doc);
  doc.transact(() => {
    for (const event of costEvents) map.set(event.id, storedRecord(event));
  }, origin);
  return doc;
}

/**
 * Move every cost event out of a journey's shared document into its companion, in one
 * transaction each: the companion gains them, the shared document loses them. Returns how many
 * moved. Once the shared document's log is compacted, no amount is left in it.
 */
export function moveCostEventsOut(journeyDoc: Y.Doc, costsDoc: Y.Doc, origin: TransactionOrigin): number {
  const shared = journeyMaps(journeyDoc).records.costEvents;
  const moving = [...shared.entries()].map(([id, value]) => [id, plainRecord(value)] as const);
  if (moving.length === 0) return 0;
  const companion = costEventsMap(costsDoc);
  costsDoc.transact(() => {
    for (const [id, value] of moving) if (!companion.has(id)) companion.set(id, value);
  }, origin);
  journeyDoc.transact(() => {
    for (const [id] of moving) shared.delete(id);
  }, origin);
  return moving.length;
}
