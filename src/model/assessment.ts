/**
 * An assessment: one family rated on every indicator of one version of an indicator set, on one
 * day, at referral, at a review or at closure. Its values are what outcome figures and
 * trajectories are computed from.
 *
 * Who may see it: staff of the family's project, and the family it is about (LIFE used its
 * ratings "with the families to review progress"). Never sent to viewers; evaluators receive only
 * figures across families, with small counts suppressed. The family it belongs to is the
 * server's record that owns it, not a field here, so erasing the family erases its assessments.
 */
import { z } from 'zod/mini';
import { IndicatorSetIdSchema, indicatorSetRef, type IndicatorSet } from './indicator-set.ts';
import { ProfilePointSchema } from './issue-profile.ts';
import { RaterSchema } from './stage.ts';
import { formatPath, issuesFrom, type ValidationIssue } from './validation-issue.ts';

export const AssessmentSchema = z.strictObject({
  /** The set the values refer to; with `indicatorSetVersion`, fixes what each indicator meant. */
  indicatorSetId: IndicatorSetIdSchema,
  indicatorSetVersion: z.int().check(z.gte(1)),
  /** When in the family's time with the programme (the points an issue profile uses). */
  point: ProfilePointSchema,
  /** The day of the assessment, YYYY-MM-DD. Reviews may repeat; point and day tell them apart. */
  assessedOn: z.iso.date('must be a real date written year-month-day, like 2015-08-12'),
  /** Who gave the ratings: family and worker may see things differently, so it is kept. */
  ratedBy: RaterSchema,
  /**
   * Values by indicator id: an ordinal indicator's level number (1 for its first level), or a
   * numeric indicator's amount. An indicator left out was not rated this time.
   */
  values: z.record(z.string(), z.number()),
});
export type Assessment = z.output<typeof AssessmentSchema>;
export type AssessmentInput = z.input<typeof AssessmentSchema>;

const valuePath = (id: string) => formatPath(['values', id]);

/** What is wrong with one value for one indicator, or undefined when it fits. */
function valueProblem(set: IndicatorSet, id: string, value: number): string | undefined {
  const indicator = set.indicators.find((candidate) => candidate.id === id);
  if (!indicator) {
    const known = set.indicators.map((candidate) => `"${candidate.id}"`).join(', ');
    return `${indicatorSetRef(set)} has no indicator "${id}"; its indicators are ${known}`;
  }
  const { measure } = indicator;
  if (measure.kind === 'ordinal') {
    const { levels } = measure;
    if (Number.isInteger(value) && value >= 1 && value <= levels.length) return undefined;
    return (
      `must be a whole level number from 1 ("${levels[0]}") to ${levels.length} ("${levels.at(-1)}"), ` +
      `as "${indicator.label}" has ${levels.length} levels; got ${value}`
    );
  }
  const { min, max, unit } = measure;
  if (min !== undefined && value < min) return `must be at least ${min} ${unit} for "${indicator.label}"; got ${value}`;
  if (max !== undefined && value > max) return `must be at most ${max} ${unit} for "${indicator.label}"; got ${value}`;
  return undefined;
}

/**
 * What is wrong with an assessment as an assessment on this set: another set or version, values
 * for indicators the set does not have, values out of range, or an ordinal value that is not a
 * level number. Each problem names the field at fault. Empty when it fits.
 */
export function assessmentAgainstSet(set: IndicatorSet, assessment: Assessment): ValidationIssue[] {
  const problems: ValidationIssue[] = [];
  if (assessment.indicatorSetId !== set.id || assessment.indicatorSetVersion !== set.version) {
    const made = indicatorSetRef({ id: assessment.indicatorSetId, version: assessment.indicatorSetVersion });
    problems.push({
      path: '$.indicatorSetVersion',
      message: `was made on ${made}, not ${indicatorSetRef(set)}`,
    });
  }
  for (const [id, value] of Object.entries(assessment.values)) {
    const message = valueProblem(set, id, value);
    if (message !== undefined) problems.push({ path: valuePath(id), message });
  }
  return problems;
}

export type AssessmentResult = { ok: true; assessment: Assessment } | { ok: false; issues: ValidationIssue[] };

/** Checks untrusted input (a form, a request body, a CSV row) as an assessment on this set. */
export function parseAssessment(set: IndicatorSet, input: unknown): AssessmentResult {
  const parsed = AssessmentSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: issuesFrom(parsed.error) };
  const issues = assessmentAgainstSet(set, parsed.data);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, assessment: parsed.data };
}
