/**
 * The server's records of families and what they agreed to: a family (a pseudonym in a project)
 * owns its journeys and its consent history; a theory of change's cohort (the journeys chosen to
 * draft it from) is a record too. None of this lives in a shared document, where anyone invited
 * could rewrite it: it changes only through staff endpoints, and every write goes through the
 * store's one ordered write queue. Later records about a family (profiles, assessments, versions)
 * attach to it here, and erasing the family erases them (`eraseFamily`).
 *
 * Ids are random and carry no content. A family's pseudonym and who gave consent are family text:
 * shown to the family's project staff, never logged, erased with the family.
 */
import type { ConsentDecision } from '../../src/model/consent.ts';

export interface FamilyRecord {
  id: string;
  projectId: string;
  /** How the family is named on screen ("The Marsh family"); chosen with the family. */
  pseudonym: string;
  createdAt: string;
  /** `staff:<id>`, `cli` or `migration`. */
  createdBy: string;
}

/**
 * Where an old document id went when ids stopped carrying words: the old id is kept only as a
 * keyed hash (HMAC under the server's secret), so the words in it are not kept, until every
 * invite for it has run out.
 */
export interface MovedDocument {
  /** HMAC of the old document id. */
  oldKey: string;
  newId: string;
  /** HMAC of each old record id (stage, factor, cost event, link, member) → its new id. */
  recordKeys: Record<string, string>;
  /** The new document as the move made it: the base a device's unsaved changes are carried onto. */
  baseUpdate: Uint8Array;
  /** The old document's state vector at the move: a device copy beyond it has unsaved changes. */
  oldStateVector: Uint8Array;
  keptUntil: string;
}

/** What erasing a family removed, for the audit row and the rooms to close: ids only. */
export interface Erased {
  familyId: string;
  docIds: string[];
}

export interface FamilyRecords {
  addFamily(family: FamilyRecord): Promise<void>;
  renameFamily(id: string, pseudonym: string): Promise<void>;
  getFamily(id: string): Promise<FamilyRecord | undefined>;
  /** Families of these projects (every family when undefined), by pseudonym; never synthetic ones. */
  listFamilies(projectIds?: readonly string[]): Promise<FamilyRecord[]>;

  /** Say which family a journey belongs to. */
  attachDocument(docId: string, familyId: string): Promise<void>;
  familyOf(docId: string): Promise<string | undefined>;
  /** The family's documents (its journeys), oldest first. */
  documentsOf(familyId: string): Promise<string[]>;
  /** Each of these families' documents, oldest first (a family without any has none listed): `documentsOf` for many at once. */
  documentsOfFamilies(familyIds: readonly string[]): Promise<Map<string, string[]>>;

  /** Append a decision to the family's consent history (never changed or removed but by erasure). */
  recordConsent(decision: ConsentDecision): Promise<void>;
  /** The family's consent history, oldest first. */
  consentHistory(familyId: string): Promise<ConsentDecision[]>;
  /**
   * How many decisions each of these families' consent history holds (a family without any has
   * none listed): a history only ever grows, so the same count is the same history.
   */
  consentCounts(familyIds: readonly string[]): Promise<Map<string, number>>;
  /** Each of these families' consent histories, oldest first (a family without any has none listed): `consentHistory` for many at once. */
  consentHistories(familyIds: readonly string[]): Promise<Map<string, ConsentDecision[]>>;
  /** Every decision about these journeys' families, oldest first, keyed by journey id. */
  consentHistoryOfJourneys(journeyIds: readonly string[]): Promise<Map<string, ConsentDecision[]>>;

  /** Set the journeys a theory of change was drafted from (as chosen, before consent is applied). */
  setCohort(tocId: string, journeyIds: readonly string[]): Promise<void>;
  /** The chosen journeys still stored (an erased one is gone from it), by id. */
  cohortOf(tocId: string): Promise<string[]>;
  /** The theories of change whose cohort includes this journey. */
  tocsCiting(journeyId: string): Promise<string[]>;

  putMoved(moved: MovedDocument): Promise<void>;
  findMoved(oldKey: string): Promise<MovedDocument | undefined>;
  /** Forget moves kept until before `now`; how many were forgotten. */
  pruneMoved(now: string): Promise<number>;

  /**
   * Erase the family and everything it owns in one transaction: its documents with their update
   * logs and read models, grants for them, cohort rows, moves, consent history and the family
   * itself; the documents' ids are remembered as erased (so a device still holding a copy is told
   * to wipe it). The writer overwrites freed pages and empties the write-ahead log after it.
   */
  eraseFamily(familyId: string): Promise<Erased>;
  /** Whether this document id was erased. */
  isErased(docId: string): Promise<boolean>;

  /** One-time server steps (a data migration that needs more than SQL) that have run. */
  stepDone(name: string): Promise<boolean>;
  markStepDone(name: string): Promise<void>;
}
