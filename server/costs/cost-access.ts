/**
 * Who sees a journey's costs (server/SPEC.md COSTS2): staff of its project always; someone
 * holding a participant invite only while a facilitator has let the journey's participants see
 * them (a server record, off by default); a viewer never. The same answer serves the costs
 * companion's room, the map page and the costs page.
 */
import { auditJourneyChange } from '../journey-management.ts';
import type { DocumentStore } from '../storage/document-store.ts';

export interface CostsAsker {
  role: string;
  /** Present when a signed-in staff member asks. */
  staff?: unknown;
}

export async function seesCosts(store: DocumentStore, journeyId: string, asker: CostsAsker): Promise<boolean> {
  if (asker.staff !== undefined) return true;
  if (asker.role !== 'participant') return false;
  return store.journeys.participantsSeeCosts(journeyId);
}

/**
 * A facilitator's choice for one journey: its participants see its costs, or not (COSTS3).
 * Recorded with who chose it and audited. Participants' open connections to the costs companion
 * close at the next access check once hidden (COSTS4).
 */
export async function setCostsShown(
  store: DocumentStore,
  journey: { id: string; projectId: string },
  shown: boolean,
  by: string,
): Promise<void> {
  if (shown) await store.journeys.showCostsToParticipants(journey.id, by);
  else await store.journeys.hideCostsFromParticipants(journey.id);
  await auditJourneyChange(store, journey, shown ? 'journey.costs-shown' : 'journey.costs-hidden', by);
}
