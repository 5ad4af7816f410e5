/**
 * The consent in force for journeys, from the families' consent records: the one source every
 * view, draft and export asks. Never read from a document, which people invited to it can write.
 */
import { consentInForce, NO_CONSENT, type ConsentOf } from '../../src/model/consent.ts';
import type { DocumentStore } from '../storage/document-store.ts';

export async function consentOfJourneys(store: DocumentStore, journeyIds: readonly string[]): Promise<ConsentOf> {
  const histories = await store.families.consentHistoryOfJourneys([...new Set(journeyIds)]);
  const inForce = new Map([...histories].map(([journeyId, history]) => [journeyId, consentInForce(history)]));
  return (journeyId) => inForce.get(journeyId) ?? NO_CONSENT;
}
