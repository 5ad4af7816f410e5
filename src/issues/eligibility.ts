/**
 * Phase Two eligibility: "each family must have at least two of the following six problems".
 *
 * A headline is
 * - **met** when it is answered "yes" directly or any issue *under* it is "yes" (a "yes" wins over
 *   a "no" to the headline itself, since the issue is the more specific answer);
 * - **not met** when, with nothing under it "yes", the headline is answered "no", or every issue
 *   under it is "no" (the set's issues are how a project says what a headline covers; a worker who
 *   knows of something else under it answers the headline);
 * - **not known** otherwise.
 * Issues *beside* a headline never count.
 *
 * A family is eligible when at least `minHeadlines` headlines are met; not eligible when even
 * every headline not known being met would leave it short; otherwise not enough is known to say.
 * So "unknown" is neither "yes" nor "no": it can only move a family from "not eligible" to "not
 * enough known", never to "eligible".
 */
import { answerOf, type IssueProfile } from '../model/issue-profile.ts';
import { issueSetRef, type Headline, type IssueSet } from '../model/issue-set.ts';

export type HeadlineStatus = 'met' | 'not-met' | 'unknown';
export type EligibilityStatus = 'eligible' | 'not-eligible' | 'not-enough-known';

export interface Eligibility {
  status: EligibilityStatus;
  /** Headlines met, in the set's order: what "Eligible: …" lists. */
  met: Headline[];
  /** Headlines neither met nor ruled out. */
  unknown: Headline[];
  /** How many headlines the set asks for. */
  needed: number;
}

export interface EligibilityCounts {
  eligible: number;
  notEligible: number;
  notEnoughKnown: number;
  total: number;
}

/** Each headline with the issues that count towards it, worked out once per set. */
type Index = readonly { headline: Headline; issues: readonly string[] }[];

/** Sets are immutable once parsed: a cohort judges thousands of profiles on one set, so its index is kept with it. */
const indexes = new WeakMap<IssueSet, Index>();

function indexOf(set: IssueSet): Index {
  let index = indexes.get(set);
  if (!index) {
    index = set.headlines.map((headline) => ({
      headline,
      issues: set.issues.filter((issue) => issue.headline === headline.id).map((issue) => issue.id),
    }));
    indexes.set(set, index);
  }
  return index;
}

function statusOf(entry: Index[number], profile: IssueProfile): HeadlineStatus {
  const direct = answerOf(profile, entry.headline.id);
  if (direct === 'yes') return 'met';
  // One pass, nothing allocated: a "yes" under the headline wins; otherwise every issue must be "no".
  let everyNo = entry.issues.length > 0;
  for (const id of entry.issues) {
    const answer = answerOf(profile, id);
    if (answer === 'yes') return 'met';
    if (answer !== 'no') everyNo = false;
  }
  return direct === 'no' || everyNo ? 'not-met' : 'unknown';
}

function assertSameSet(set: IssueSet, profile: IssueProfile): void {
  if (profile.issueSetId !== set.id || profile.issueSetVersion !== set.version) {
    const ref = issueSetRef({ id: profile.issueSetId, version: profile.issueSetVersion });
    throw new Error(
      `a profile answered on ${ref} was checked against ${issueSetRef(set)}; use the set it was answered on`,
    );
  }
}

function judge(set: IssueSet, index: Index, profile: IssueProfile): Eligibility {
  assertSameSet(set, profile);
  const met: Headline[] = [];
  const unknown: Headline[] = [];
  for (const entry of index) {
    const status = statusOf(entry, profile);
    if (status === 'met') met.push(entry.headline);
    else if (status === 'unknown') unknown.push(entry.headline);
  }
  const needed = set.eligibility.minHeadlines;
  const status: EligibilityStatus =
    met.length >= needed ? 'eligible' : met.length + unknown.length < needed ? 'not-eligible' : 'not-enough-known';
  return { status, met, unknown, needed };
}

/** Whether one headline is met, not met or not known for this profile (for a checklist view). */
export function headlineStatus(set: IssueSet, profile: IssueProfile, headlineId: string): HeadlineStatus | undefined {
  assertSameSet(set, profile);
  const entry = indexOf(set).find((e) => e.headline.id === headlineId);
  return entry && statusOf(entry, profile);
}

/** The family's eligibility at the point the profile was assessed. Throws if the profile is on another set or version. */
export function eligibilityOf(set: IssueSet, profile: IssueProfile): Eligibility {
  return judge(set, indexOf(set), profile);
}

/** Eligibility across a cohort, one profile per family. Throws if any profile is on another set or version. */
export function countEligibility(set: IssueSet, profiles: Iterable<IssueProfile>): EligibilityCounts {
  const index = indexOf(set);
  const counts: EligibilityCounts = { eligible: 0, notEligible: 0, notEnoughKnown: 0, total: 0 };
  for (const profile of profiles) {
    const { status } = judge(set, index, profile);
    counts.total++;
    if (status === 'eligible') counts.eligible++;
    else if (status === 'not-eligible') counts.notEligible++;
    else counts.notEnoughKnown++;
  }
  return counts;
}

const list = (headlines: Headline[]) => headlines.map((h) => h.shortLabel).join('; ');

/**
 * One line for a family's page: "Eligible: crime or anti-social behaviour; school attendance",
 * "Not eligible: 1 of the 2 headlines needed (health)", "Not enough known: 1 of the 2 headlines
 * needed (health); not known: school attendance; work and money".
 */
export function describeEligibility(result: Eligibility): string {
  if (result.status === 'eligible') return `Eligible: ${list(result.met)}`;
  const some = `${result.met.length} of the ${result.needed} headlines needed${result.met.length > 0 ? ` (${list(result.met)})` : ''}`;
  if (result.status === 'not-eligible') return `Not eligible: ${some}`;
  return `Not enough known: ${some}; not known: ${list(result.unknown)}`;
}
