/**
 * A subject-access export: everything the server holds about a family, for the family to read
 * (a printable page) or to take away (JSON). Grants are listed without tokens (the server never
 * keeps one); audit rows are those about the family or any of its journeys.
 */
import type { SensitiveItem } from '../storage/journey-records.ts';
import type { QuarantinedRecord } from '../../src/doc/index.ts';
import type { ConsentDecision } from '../../src/model/consent.ts';
import type { Journey } from '../../src/model/index.ts';
import { loadJourney } from '../journey-library.ts';
import { journeyOfVersion } from '../journey-versions.ts';
import type { AuditRow, GrantRecord } from '../storage/access-records.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';
import type { FamilyType, StoredAssessment, StoredProfile } from '../storage/research-records.ts';

export interface SubjectAccess {
  /** When this export was made (UTC). */
  madeAt: string;
  family: FamilyRecord & { projectName: string };
  /** Every consent decision recorded, oldest first. */
  consent: ConsentDecision[];
  /** Each journey in full as stored now, and any record in it the server could not read. */
  journeys: { journey: Journey; unreadable: QuarantinedRecord[] }[];
  /** Invites made for its journeys: who made them, for whom (a role), when, and whether they still work. */
  grants: GrantRecord[];
  /** Each version kept of its journeys, newest first, with the journey as that version holds it. */
  versions: { docId: string; name: string; madeAt: string; journey: Journey }[];
  /** What was marked sensitive on its journeys, with what was said: kept apart from the map (SEAL1). */
  sensitive: { docId: string; items: SensitiveItem[] }[];
  /** Its issue profiles (which problems, at referral, review and closure), oldest first. */
  profiles: StoredProfile[];
  /** Its assessments against the project's indicators, oldest first. */
  assessments: StoredAssessment[];
  /** The research cohorts it is in, and the family type cluster analysis gave it, with its label. */
  research: { cohorts: string[]; familyType?: FamilyType };
  /** Theories of change chosen to draw on its journeys. */
  cohorts: { tocId: string; title: string; journeyIds: string[] }[];
  /** Who did what with its records: ids, actions and times, never anyone's words. */
  audit: AuditRow[];
}

/**
 * Where each table that names a family or a document goes in the export (a test checks this
 * covers every such table there is): a part of `SubjectAccess`, or why it has nothing to give.
 */
export const EXPORT_COVERAGE = {
  families: 'family',
  document_projects: 'family',
  family_documents: 'journeys',
  documents: 'journeys',
  updates: 'journeys',
  read_models: 'journeys',
  consent_decisions: 'consent',
  grants: 'grants',
  toc_cohorts: 'cohorts',
  audit_log: 'audit',
  // A copy of a journey as it moved to a new id (in `journeys` as it is now), and the old id as a keyed hash.
  moved_documents: 'nothing more: the journey is in journeys; the old address is kept only as a keyed hash',
  // Ids of documents already erased: none of a family that is still held.
  erased_documents: 'nothing: it lists only documents already erased',
  // Whether a team archived a journey, by whom (a staff id) and when: how staff file it, not about the family.
  archived_documents: 'nothing: it says only how staff file a journey',
  versions: 'versions',
  // Whether a journey's participants may see its costs, set by staff: how staff run a journey, not about the family.
  cost_visibility: 'nothing: it says only whether staff let participants see a journey’s costs',
  // Whether staff let the family download their take-home print: how staff run a journey.
  take_home_choices: 'nothing: it says only whether staff let the family download their take-home print',
  sensitive_items: 'sensitive',
  // Which stages a facilitator locked or paused, and the workshop's timer: how staff run a session.
  room_controls: 'nothing: it says only which stages staff locked or paused in a session, and its timer',
  issue_profiles: 'profiles',
  assessments: 'assessments',
  cohort_families: 'research',
  typing_assignments: 'research',
  // Marks a family the demonstration generator made up: about nobody.
  synthetic_families: 'nothing: it marks families the demonstration generator made up, about nobody',
} as const satisfies Record<string, keyof SubjectAccess | `nothing${string}`>;

export async function subjectAccess(store: DocumentStore, family: FamilyRecord): Promise<SubjectAccess> {
  const docIds = await store.families.documentsOf(family.id);
  const about = new Set(docIds);
  const loaded = await Promise.all(docIds.map((id) => loadJourney(store, id)));
  const tocIds = [...new Set((await Promise.all(docIds.map((id) => store.families.tocsCiting(id)))).flat())].sort();
  const cohorts = await Promise.all(
    tocIds.map(async (tocId) => {
      const row = await store.getReadModel(tocId);
      const title = row ? String((JSON.parse(row.json) as { title?: unknown }).title ?? '') : '';
      const chosen = await store.families.cohortOf(tocId);
      return { tocId, title, journeyIds: chosen.filter((id) => about.has(id)) };
    }),
  );
  const audit = (await store.access.allAuditRows()).filter(
    (row) => row.subject === family.id || (row.docId !== undefined && about.has(row.docId)),
  );
  return {
    madeAt: new Date().toISOString(),
    family: { ...family, projectName: (await store.access.getProject(family.projectId))?.name ?? family.projectId },
    consent: await store.families.consentHistory(family.id),
    journeys: loaded.flatMap((entry) => (entry ? [{ journey: entry.journey, unreadable: entry.quarantined }] : [])),
    grants: (await Promise.all(docIds.map((id) => store.access.listGrants(id)))).flat(),
    versions: await versionsOf(store, docIds),
    sensitive: await Promise.all(
      docIds.map(async (docId) => ({ docId, items: await store.journeys.sensitiveItems(docId) })),
    ),
    profiles: await store.research.profilesOf(family.id),
    assessments: await store.research.assessmentsOf(family.id),
    research: await researchOf(store, family),
    cohorts,
    audit,
  };
}

/** Every version kept of these journeys, each with what it holds. */
async function versionsOf(store: DocumentStore, docIds: readonly string[]): Promise<SubjectAccess['versions']> {
  const found = await Promise.all(
    docIds.map(async (docId) => {
      const kept = await Promise.all((await store.versions.list(docId)).map((v) => store.versions.get(docId, v.id)));
      return kept.flatMap((v) => (v ? [{ docId, name: v.name, madeAt: v.madeAt, journey: journeyOfVersion(v) }] : []));
    }),
  );
  return found.flat();
}

/** The research cohorts the family is in (by name) and its family type. */
async function researchOf(store: DocumentStore, family: FamilyRecord): Promise<SubjectAccess['research']> {
  const cohorts = await store.research.cohortsOf([family.projectId]);
  const names: string[] = [];
  for (const cohort of cohorts)
    if ((await store.research.cohortFamilies(cohort.id)).includes(family.id)) names.push(cohort.name);
  const familyType = (await store.research.familyTypes([family.id])).get(family.id);
  return { cohorts: names, ...(familyType ? { familyType } : {}) };
}
