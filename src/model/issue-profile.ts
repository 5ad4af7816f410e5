/**
 * A family's issue profile: which of an issue set's headlines and issues applied to the family
 * when a worker assessed it at referral, at a review or at closure.
 *
 * Who may see it: staff of the family's project. A profile is about a family's troubles, so it is
 * never sent to family members at a workshop or to viewers; evaluators receive only counts across
 * families, with small counts suppressed. The family it belongs to is the server's record that
 * owns it, not a field here, so erasing the family erases its profiles.
 */
import { z } from 'zod/mini';
import { answerIds, issueSetRef, IssueSetIdSchema, type IssueSet } from './issue-set.ts';
import { issuesFrom, type ValidationIssue } from './validation-issue.ts';

/** When in the family's time with the programme the profile was assessed. */
export const PROFILE_POINTS = ['referral', 'review', 'closure'] as const;
export const ProfilePointSchema = z.enum(PROFILE_POINTS);
export type ProfilePoint = z.output<typeof ProfilePointSchema>;

/**
 * "unknown" means nobody has said either way (not asked, or not recorded), which is not "no":
 * eligibility treats it as possibly yes (`src/issues/eligibility.ts`).
 */
export const ANSWERS = ['yes', 'no', 'unknown'] as const;
export const AnswerSchema = z.enum(ANSWERS);
export type Answer = z.output<typeof AnswerSchema>;

export const IssueProfileSchema = z.strictObject({
  /** The issue set the answers refer to; with `issueSetVersion`, fixes what each id meant. */
  issueSetId: IssueSetIdSchema,
  issueSetVersion: z.int().check(z.gte(1)),
  point: ProfilePointSchema,
  /**
   * The day of the assessment, YYYY-MM-DD. Reviews may repeat, so a family's profiles are told
   * apart by point and date together.
   */
  assessedOn: z.iso.date('must be a real date written year-month-day, like 2016-12-08'),
  /**
   * Answers by headline or issue id. A headline may be answered directly ("the worker knows the
   * family meets it") as well as through its issues. An id left out reads as "unknown".
   */
  answers: z.record(z.string(), AnswerSchema),
});
export type IssueProfile = z.output<typeof IssueProfileSchema>;

/** The answer for a headline or issue; "unknown" when the profile does not say. */
export function answerOf(profile: Pick<IssueProfile, 'answers'>, id: string): Answer {
  // Own keys only: an issue id such as "constructor" must not find Object.prototype's.
  return Object.hasOwn(profile.answers, id) ? (profile.answers[id] ?? 'unknown') : 'unknown';
}

/**
 * What is wrong with a profile as a profile on this set: another set or version, or answers to
 * headlines or issues the set does not have. Empty when it fits.
 */
export function profileAgainstSet(set: IssueSet, profile: IssueProfile): ValidationIssue[] {
  const problems: ValidationIssue[] = [];
  if (profile.issueSetId !== set.id || profile.issueSetVersion !== set.version) {
    problems.push({
      path: '$.issueSetVersion',
      message: `was answered on ${issueSetRef({ id: profile.issueSetId, version: profile.issueSetVersion })}, not ${issueSetRef(set)}`,
    });
  }
  const known = new Set(answerIds(set));
  for (const id of Object.keys(profile.answers)) {
    if (!known.has(id)) {
      problems.push({
        path: `$.answers[${JSON.stringify(id)}]`,
        message: `${issueSetRef(set)} has no headline or issue "${id}"`,
      });
    }
  }
  return problems;
}

export type ProfileResult = { ok: true; profile: IssueProfile } | { ok: false; issues: ValidationIssue[] };

/** Checks untrusted input (a form, a request body) as a profile on this set. */
export function parseIssueProfile(set: IssueSet, input: unknown): ProfileResult {
  const parsed = IssueProfileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesFrom(parsed.error) };
  const issues = profileAgainstSet(set, parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, profile: parsed.data };
}
