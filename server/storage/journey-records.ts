/**
 * The server's records about journeys as a team manages them: which are archived. Archiving is
 * a server record, never a document field, so nobody invited to a map can archive or restore it;
 * it changes only through a staff endpoint, and every write goes through the store's one
 * ordered write queue. An archived journey is kept whole: it is only left out of lists and reports
 * until someone shows it or chooses it.
 *
 * Whether a journey's participants may see its costs is a record here too (server/SPEC.md
 * COSTS3): off unless a facilitator turned it on, and never a document field.
 */

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
}
