/**
 * Journeys a staff member chooses, exported as a REFI-QDA project (`.qdpx`) for the team's own
 * researchers to code in NVivo, ATLAS.ti, MAXQDA or QualCoder (src/qdpx/): one case per family
 * with its variables (family type, Phase Two eligibility, consent in force), and each journey's
 * stages and enablers and barriers as text, coded.
 *
 * Like every export, a journey counts only when its family's consent allows `analysis`; the rest
 * are left out and said so, never loaded. What goes in is each journey as stored now, with
 * what a facilitator marked sensitive taken out twice over: the stored document holds only stubs
 * (server/sensitive-items.ts), and the marks are applied again here from the server's record, so
 * no word of the record (`sensitiveItems`) can reach the file whatever the document holds. Costs,
 * staff ids and the server's notes never go in: the builder has no place for them, and cost
 * events are dropped before it is called. Audited per project with the number of journeys.
 */
import { eligibilityOf } from '../../src/issues/index.ts';
import { allows, type ConsentDecision, type ConsentOf, type Journey } from '../../src/model/index.ts';
import {
  qdpxPackage,
  qdpxProjectFromJourneys,
  CASE_VARIABLE_NAMES,
  type FamilyToExport,
} from '../../src/qdpx/index.ts';
import { projectsOf } from '../auth/document-access.ts';
import type { StaffIdentity } from '../auth/staff-sessions.ts';
import { consentOfJourneys } from '../families/consent-lookup.ts';
import { loadJourney } from '../journey-library.ts';
import { withoutSensitive } from '../sensitive-items.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { SensitiveItem } from '../storage/journey-records.ts';
import type { LeftOutReason } from '../toc-cohort.ts';
import { issueSetFor } from './issue-sets.ts';
import { asIssueProfile } from './profiles.ts';

/** Phase Two eligibility from the family's latest issue profile; `not-known` without one, or when it cannot say. */
export type PhaseTwoStanding = 'eligible' | 'not-eligible' | 'not-known';

/** Why a journey cannot be exported, by journey id; journeys that can are not in the map. */
export type LeftOutOf = ReadonlyMap<string, LeftOutReason>;

export type QdpxExport =
  | {
      ok: true;
      file: Uint8Array;
      /** `turning-points-<YYYY-MM-DD>.qdpx`. */
      fileName: string;
      families: number;
      journeys: number;
      /** Chosen journeys left out for consent, with why. */
      leftOut: LeftOutOf;
    }
  /** A journey chosen is in a project the staff member does not work in (or in none). */
  | { ok: false; status: 403 }
  /** Nothing to export: `problem` says what to do, for the form's `journeys` field. */
  | { ok: false; status: 400; problem: string; leftOut: LeftOutOf };

export const QDPX_ACTION = 'research.qdpx-export';

const NOT_STORED = 'a journey chosen is not stored any more (it was erased or deleted): choose again from the list';

/** Whether the latest decision about analysis, or about mapping, withdrew it (as toc-cohort.ts says it). */
function withdrew(history: readonly ConsentDecision[]): boolean {
  const latest = (scope: string) =>
    history
      .filter((decision) => decision.scope === scope)
      .sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : 1))
      .at(-1);
  return ['analysis', 'mapping'].some((scope) => latest(scope)?.decision === 'withdrawn');
}

/** The consent in force for these journeys, and those whose family's consent does not allow analysis, with why. */
async function consentStanding(
  store: DocumentStore,
  journeyIds: readonly string[],
): Promise<{ consentOf: ConsentOf; leftOut: LeftOutOf }> {
  const consentOf = await consentOfJourneys(store, journeyIds);
  const excluded = journeyIds.filter((id) => !allows(consentOf(id), 'analysis'));
  const histories = await store.families.consentHistoryOfJourneys(excluded);
  const leftOut = new Map(
    excluded.map((id): [string, LeftOutReason] => [
      id,
      withdrew(histories.get(id) ?? []) ? 'withdrawn' : 'no-analysis',
    ]),
  );
  return { consentOf, leftOut };
}

/** The journeys among these whose family's consent does not allow analysis, and why. */
export async function leftOutForConsent(store: DocumentStore, journeyIds: readonly string[]): Promise<LeftOutOf> {
  return (await consentStanding(store, journeyIds)).leftOut;
}

/**
 * The journey without anything marked sensitive, whatever the stored document holds: no stage
 * marked whole (nor its enablers, barriers and links), no words of a stage whose words are
 * marked, and no cost events at all (never exported).
 */
export function withoutMarked(journey: Journey, marks: readonly SensitiveItem[]): Journey {
  const words = new Set(marks.filter((mark) => mark.kind === 'words').map((mark) => mark.id));
  const kept = withoutSensitive(journey, marks);
  return {
    ...kept,
    stages: kept.stages.map((stage) => (words.has(stage.id) ? { ...stage, words: '' } : stage)),
    costEvents: [],
  };
}

/**
 * Phase Two eligibility as cohorts count it: on the family's latest referral profile (eligibility
 * is decided at referral), on the issue set it was answered on.
 */
export async function phaseTwoStanding(
  store: DocumentStore,
  family: { id: string; projectId: string },
): Promise<PhaseTwoStanding> {
  // Oldest first, by the day assessed (then when recorded): the last referral is the latest.
  const latest = (await store.research.profilesOf(family.id)).filter((p) => p.point === 'referral').at(-1);
  if (!latest) return 'not-known';
  const set = await issueSetFor(store, family.projectId, latest);
  if (!set) return 'not-known';
  const { status } = eligibilityOf(set, asIssueProfile(latest));
  return status === 'eligible' ? 'eligible' : status === 'not-eligible' ? 'not-eligible' : 'not-known';
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

interface Chosen {
  journey: Journey;
  familyId: string;
  projectId: string;
}

/**
 * The `.qdpx` of the journeys chosen, for this staff member: refused (403) when any is outside
 * their projects; 400 when none is chosen, one is no longer stored, or consent allows none.
 */
export async function exportQdpx(
  store: DocumentStore,
  staff: StaffIdentity,
  chosen: readonly string[],
  now: Date = new Date(),
): Promise<QdpxExport> {
  const ids = [...new Set(chosen)];
  const none: LeftOutOf = new Map();
  if (ids.length === 0) return { ok: false, status: 400, problem: 'choose at least one journey', leftOut: none };
  const actor = `staff:${staff.staff.id}`;
  const ours = projectsOf(staff);
  const projects = await Promise.all(ids.map((id) => store.access.projectOf(id)));
  const gone = await Promise.all(ids.map(async (id, i) => projects[i] === undefined && !(await store.has(id))));
  if (gone.some(Boolean)) return { ok: false, status: 400, problem: NOT_STORED, leftOut: none };
  const foreign = projects.findIndex((projectId) => projectId === undefined || !ours.has(projectId));
  if (foreign >= 0) {
    const projectId = projects[foreign];
    await store.access.audit({
      action: QDPX_ACTION,
      outcome: 'refused',
      actor,
      ...(projectId === undefined ? {} : { projectId }),
      detail: 'other-project',
    });
    return { ok: false, status: 403 };
  }

  const { consentOf, leftOut } = await consentStanding(store, ids);
  const allowed = ids.filter((id) => !leftOut.has(id));
  if (allowed.length === 0) {
    for (const projectId of new Set(projects as string[]))
      await store.access.audit({ action: QDPX_ACTION, outcome: 'refused', actor, projectId, detail: 'no-analysis' });
    return {
      ok: false,
      status: 400,
      problem:
        ids.length === 1
          ? 'the family of the journey chosen has not agreed to analysis: choose another, or record their consent first'
          : 'the families of the journeys chosen have not agreed to analysis: choose others, or record their consent first',
      leftOut,
    };
  }

  const projectOf = new Map(ids.map((id, i) => [id, projects[i] as string]));
  const loaded: Chosen[] = [];
  for (const id of allowed) {
    const [stored, familyId, marks] = await Promise.all([
      loadJourney(store, id),
      store.families.familyOf(id),
      store.journeys.sensitiveItems(id),
    ]);
    // Consent rests on the family record, so a journey allowed has one; erased since the check, it is gone.
    if (!stored || familyId === undefined) return { ok: false, status: 400, problem: NOT_STORED, leftOut };
    loaded.push({ journey: withoutMarked(stored.journey, marks), familyId, projectId: projectOf.get(id) ?? '' });
  }

  const familyIds = [...new Set(loaded.map((each) => each.familyId))];
  const types = await store.research.familyTypes(familyIds);
  const families: (FamilyToExport & { standing: PhaseTwoStanding })[] = [];
  for (const familyId of familyIds) {
    const record = await store.families.getFamily(familyId);
    const journeys = loaded.filter((each) => each.familyId === familyId).map((each) => each.journey);
    const first = journeys[0];
    if (!record || !first) continue;
    const standing = await phaseTwoStanding(store, record);
    const label = types.get(familyId)?.label;
    families.push({
      pseudonym: record.pseudonym,
      ...(label ? { familyType: label } : {}),
      phaseTwoEligible: standing === 'eligible',
      standing,
      consent: consentOf(first.id),
      journeys: journeys.toSorted((a, b) => a.title.localeCompare(b.title, 'en-GB')),
    });
  }
  families.sort((a, b) => a.pseudonym.localeCompare(b.pseudonym, 'en-GB'));

  const projectNames = await Promise.all(
    [...new Set(loaded.map((each) => each.projectId))].map(async (id) => (await store.access.getProject(id))?.name),
  );
  const journeyCount = loaded.length;
  const project = qdpxProjectFromJourneys(families, {
    projectName: `${projectNames.filter(Boolean).join(', ') || 'Turning Points'}: journeys exported ${dayOf(now)}`,
    exportedBy: { id: staff.staff.id, name: staff.staff.name },
    exportedAt: now,
    description:
      `${plural(journeyCount, 'journey', 'journeys')} of ${plural(families.length, 'family', 'families')}, ` +
      'each family’s words as they told them, exported for analysis with their consent.' +
      (leftOut.size > 0
        ? ` ${plural(leftOut.size, 'journey chosen was', 'journeys chosen were')} left out: no consent to analysis.`
        : '') +
      ' What a facilitator marked sensitive, costs and staff records are not in it.',
  });
  // A family whose eligibility is not known has no value, rather than "not eligible" (FamilyToExport
  // takes a boolean): the analysis software reads a missing value as not known.
  const eligibleVariable = project.variables.find((v) => v.name === CASE_VARIABLE_NAMES.phaseTwoEligible)?.guid;
  const cases = project.cases.map((entry, i) =>
    families[i]?.standing === 'not-known'
      ? { ...entry, values: entry.values.filter((value) => value.variable !== eligibleVariable) }
      : entry,
  );
  const file = qdpxPackage({ ...project, cases });

  const perProject = new Map<string, number>();
  for (const each of loaded) perProject.set(each.projectId, (perProject.get(each.projectId) ?? 0) + 1);
  for (const [projectId, count] of perProject) {
    const familiesHere = new Set(loaded.filter((each) => each.projectId === projectId).map((each) => each.familyId));
    await store.access.audit({
      action: QDPX_ACTION,
      outcome: 'ok',
      actor,
      projectId,
      detail: `journeys:${count};families:${familiesHere.size}`,
    });
  }
  return {
    ok: true,
    file,
    fileName: `turning-points-${dayOf(now)}.qdpx`,
    families: families.length,
    journeys: journeyCount,
    leftOut,
  };
}
