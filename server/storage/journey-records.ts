/**
 * The server's records about journeys as a team manages them: which are archived. Archiving is
 * a server record, never a document field, so nobody invited to a map can archive or restore it;
 * it changes only through a staff endpoint, and every write goes through the store's one
 * ordered write queue. An archived journey is kept whole: it is only left out of lists and reports
 * until someone shows it or chooses it.
 *
 * Whether a journey's participants may see its costs is a record here too (server/SPEC.md
 * COSTS3): off unless a facilitator turned it on, and never a document field. So is whether its
 * family may download their "Safe to take home" print (server/outputs/take-home-pdf.ts): staff
 * choose it per journey, since only they know whether a print at home is safe for this family.
 *
 * And what a facilitator marked as sensitive (server/SPEC.md SEAL1): a stage or its words, whose
 * content is held here instead of in the shared document, or a cost event.
 */
import type { SealedContent } from '../../src/doc/index.ts';

export type SensitiveKind = 'stage' | 'words' | 'cost-event';

export interface SensitiveItem {
  /** A stage's id, or a cost event's. */
  id: string;
  kind: SensitiveKind;
  /** What was taken out of the document for a stage or its words; none for a cost event. */
  content?: SealedContent;
  markedAt: string;
  markedBy: string;
}

export interface JourneyRecords {
  /** Archive a journey, recording when and by whom (`staff:<id>`); archiving it again keeps the first record. */
  archive(docId: string, by: string): Promise<void>;
  /** Bring an archived journey back (a journey not archived is left as it is). */
  unarchive(docId: string): Promise<void>;
  /** Every archived journey's id. */
  archivedIds(): Promise<Set<string>>;
  /** Let the journey's participants see its costs, recording when and by whom (`staff:<id>`). */
  showCostsToParticipants(docId: string, by: string): Promise<void>;
  /** Keep the journey's costs from its participants again (the default). */
  hideCostsFromParticipants(docId: string): Promise<void>;
  /** Whether the journey's participants may see its costs now. */
  participantsSeeCosts(docId: string): Promise<boolean>;
  /** Let the journey's family (its participant and facilitator invites) download their take-home print. */
  offerTakeHome(docId: string, by: string): Promise<void>;
  /** Take the print back from the family (the default): only staff can download it. */
  withdrawTakeHome(docId: string): Promise<void>;
  /** Whether the journey's family may download their take-home print now. */
  familyMayTakeHome(docId: string): Promise<boolean>;
  /** Mark an item of the journey as sensitive, with what it kept out of the document (a mark again replaces it). */
  markSensitive(docId: string, item: Omit<SensitiveItem, 'markedAt'>): Promise<void>;
  /** Take the mark off (an item not marked is left as it is). */
  unmarkSensitive(docId: string, itemId: string): Promise<void>;
  /** Every item of the journey marked sensitive, oldest mark first. */
  sensitiveItems(docId: string): Promise<SensitiveItem[]>;
}
