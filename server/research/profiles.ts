/**
 * A family's issue profiles as staff record them on the family's profile page: a checklist of
 * the project's issues, grouped by headline problem, for one point (referral, review, closure)
 * and date. A ticked issue was present; an unticked one was not, unless the form says unticked
 * ones are not known. Checked against the set, then kept as a server record beside the family
 * (never in a journey document), and audited by the family's id only.
 */
import type { Eligibility } from '../../src/issues/index.ts';
import {
  answerIds,
  newId,
  parseIssueProfile,
  type Answer,
  type CaseRecord,
  type CaseSeries,
  type IssueProfile,
  type IssueSet,
  type IssueSetId,
} from '../../src/model/index.ts';
import { done, type Outcome, type Problem } from '../admin/outcome.ts';
import type { DocumentStore } from '../storage/document-store.ts';
import type { FamilyRecord } from '../storage/family-records.ts';
import type { StoredProfile } from '../storage/research-records.ts';

/** What the profile form posts: `point`, `date`, `unticked` ('no' or 'unknown') and each ticked id as `issue`. */
export interface ProfileForm {
  point: string;
  date: string;
  unticked: string;
  ticked: readonly string[];
}

/** The field a validation issue's path names, as the form calls it. */
const FORM_FIELD: Record<string, string> = { point: 'point', assessedOn: 'date', answers: 'issues' };

export function profileFromForm(
  set: IssueSet,
  form: ProfileForm,
): Outcome<Omit<StoredProfile, 'id' | 'familyId' | 'recordedBy' | 'recordedAt'>> {
  const problems: Problem[] = [];
  if (form.unticked !== 'no' && form.unticked !== 'unknown')
    problems.push({ field: 'unticked', message: 'say whether unticked issues were not present or are not known' });
  const ids = new Set(answerIds(set));
  const strange = form.ticked.filter((id) => !ids.has(id));
  if (strange.length > 0)
    problems.push({
      field: 'issues',
      message: 'the form named an issue this project does not ask about: load the page again',
    });
  const ticked = new Set(form.ticked);
  const rest: Answer = form.unticked === 'unknown' ? 'unknown' : 'no';
  const answers = Object.fromEntries([...ids].map((id): [string, Answer] => [id, ticked.has(id) ? 'yes' : rest]));
  const parsed = parseIssueProfile(set, {
    issueSetId: set.id,
    issueSetVersion: set.version,
    point: form.point,
    assessedOn: form.date,
    answers,
  });
  if (!parsed.ok)
    for (const issue of parsed.issues) {
      const field = FORM_FIELD[issue.path.replace(/^\$\.?/, '').split(/[.[]/)[0] ?? ''] ?? '';
      if (!problems.some((p) => p.field === field)) problems.push({ field, message: issue.message });
    }
  if (problems.length > 0 || !parsed.ok) return { ok: false, status: 400, problems };
  return done({ ...parsed.profile, source: 'form' as const });
}

/** Keep a profile for the family (one for the same point and date is replaced), audited. */
export async function recordProfile(
  store: DocumentStore,
  family: FamilyRecord,
  profile: Omit<StoredProfile, 'id' | 'familyId' | 'recordedBy' | 'recordedAt'>,
  by: string,
): Promise<void> {
  await store.research.putProfiles([
    { ...profile, id: newId('pf'), familyId: family.id, recordedBy: by, recordedAt: new Date().toISOString() },
  ]);
  await store.access.audit({
    action: 'family.profile-recorded',
    outcome: 'ok',
    actor: by,
    projectId: family.projectId,
    subject: family.id,
  });
}

export async function removeProfile(store: DocumentStore, family: FamilyRecord, profileId: string, by: string) {
  await store.research.deleteProfile(family.id, profileId);
  await store.access.audit({
    action: 'family.profile-removed',
    outcome: 'ok',
    actor: by,
    projectId: family.projectId,
    subject: family.id,
  });
}

/** A stored profile as the model reads it (it was checked against its set when it was kept). */
export function asIssueProfile(stored: StoredProfile): IssueProfile {
  return {
    issueSetId: stored.issueSetId as IssueSetId,
    issueSetVersion: stored.issueSetVersion,
    point: stored.point,
    assessedOn: stored.assessedOn,
    answers: stored.answers,
  };
}

/**
 * A profile answered on any version of this set, read on this version: an issue keeps its id only
 * while it means the same (the issue set page says so), so answers carry over by id; an issue new
 * in this version is not known, and one it dropped is left out. Undefined for another set's.
 */
export function onSet(set: IssueSet, stored: StoredProfile): IssueProfile | undefined {
  if (stored.issueSetId !== set.id) return undefined;
  const asked = new Set(answerIds(set));
  return {
    ...asIssueProfile(stored),
    issueSetVersion: set.version,
    answers: Object.fromEntries(Object.entries(stored.answers).filter(([id]) => asked.has(id))),
  };
}

/** Each family's latest referral profile answered on this set (any of its versions: `onSet`). */
export function latestReferralProfiles(set: IssueSet, profiles: readonly StoredProfile[]): Map<string, StoredProfile> {
  const latest = new Map<string, StoredProfile>();
  for (const p of profiles)
    if (p.point === 'referral' && p.issueSetId === set.id) {
      const before = latest.get(p.familyId);
      if (!before || before.assessedOn <= p.assessedOn) latest.set(p.familyId, p);
    }
  return latest;
}

/**
 * A family's headline problems as measures (1 when met, 0 when not, at referral, reviews and
 * closure), each profile judged once (`judged`): none when it has no profile on this set.
 */
export function profileCase(
  set: IssueSet,
  familyId: string,
  profiles: readonly StoredProfile[],
  judged: ReadonlyMap<StoredProfile, Eligibility>,
): CaseRecord | undefined {
  const measures = new Map<string, CaseSeries & { referralOn?: string; closureOn?: string }>();
  let onSet = false;
  for (const stored of profiles) {
    const judgement = judged.get(stored);
    if (!judgement) continue;
    onSet = true;
    const { met, unknown } = judgement;
    for (const headline of set.headlines) {
      if (unknown.some((h) => h.id === headline.id)) continue;
      const value = met.some((h) => h.id === headline.id) ? 1 : 0;
      const series = measures.get(headline.id) ?? { reviews: [] };
      measures.set(headline.id, series);
      if (stored.point === 'review') series.reviews.push({ on: stored.assessedOn, value });
      else if (
        stored.point === 'referral' &&
        (series.referralOn === undefined || stored.assessedOn < series.referralOn)
      ) {
        series.referral = value;
        series.referralOn = stored.assessedOn;
      } else if (
        stored.point === 'closure' &&
        (series.closureOn === undefined || stored.assessedOn > series.closureOn)
      ) {
        series.closure = value;
        series.closureOn = stored.assessedOn;
      }
    }
  }
  if (!onSet) return undefined;
  return {
    familyId,
    measures: Object.fromEntries(
      [...measures].map(([id, { referralOn: _r, closureOn: _c, ...series }]) => [id, series]),
    ),
  };
}
