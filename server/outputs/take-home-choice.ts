/**
 * Who may download a journey's "Safe to take home" print (take-home-pdf.ts): staff of its
 * project always; its family (someone holding a participant or facilitator invite) only once
 * staff have offered it for this journey, a server record, off by default. Only the team knows
 * whether a print found at home is safe for this family. Someone invited to view never may.
 */
import { auditJourneyChange } from '../journey-management.ts';
import type { DocumentStore } from '../storage/document-store.ts';

export async function mayTakeHome(
  store: DocumentStore,
  journeyId: string,
  asker: { role: string; staff?: unknown },
): Promise<boolean> {
  if (asker.staff !== undefined) return true;
  if (asker.role !== 'participant' && asker.role !== 'facilitator') return false;
  return store.journeys.familyMayTakeHome(journeyId);
}

/** Staff offer the print to the family, or take it back; recorded with who chose it, and audited. */
export async function setTakeHomeOffered(
  store: DocumentStore,
  journey: { id: string; projectId: string },
  offered: boolean,
  by: string,
): Promise<void> {
  if (offered) await store.journeys.offerTakeHome(journey.id, by);
  else await store.journeys.withdrawTakeHome(journey.id);
  await auditJourneyChange(store, journey, offered ? 'journey.take-home-offered' : 'journey.take-home-withdrawn', by);
}
