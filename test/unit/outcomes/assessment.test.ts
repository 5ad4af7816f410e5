import { describe, expect, it } from 'vitest';
import { issuesFrom } from '../../../src/model/validation-issue.ts';
import { parseAssessment, type AssessmentInput } from '../../../src/model/assessment.ts';
import {
  ILLUSTRATIVE_INDICATOR_SET,
  IndicatorSetSchema,
  indicatorOf,
  type IndicatorSetInput,
  movement,
} from '../../../src/model/indicator-set.ts';

const set = ILLUSTRATIVE_INDICATOR_SET;

const assessment = (values: Record<string, number>, extra: Partial<AssessmentInput> = {}): AssessmentInput => ({
  indicatorSetId: set.id,
  indicatorSetVersion: set.version,
  point: 'referral',
  assessedOn: '2015-04-01',
  ratedBy: 'together',
  values,
  ...extra,
});

const issuesOf = (input: unknown) => {
  const result = parseAssessment(set, input);
  return result.ok ? [] : result.issues;
};

describe('indicator sets', () => {
  it('ship no programme’s indicators: the only set is ours and says it is illustrative', () => {
    expect(set.illustrative).toBe(true);
    expect(set.name).toContain('illustrative');
    expect(indicatorOf(set, 'money')?.measure).toEqual({
      kind: 'ordinal',
      levels: ['Struggling', 'Some days', 'Mostly', 'Managing well'],
    });
    expect(indicatorOf(set, 'unknown')).toBeUndefined();
  });

  it('refuse a repeated indicator, a numeric range the wrong way round, and more than 30 indicators', () => {
    const [first] = set.indicators;
    const result = IndicatorSetSchema.safeParse({
      ...set,
      indicators: [first, first, { ...set.indicators[4], measure: { kind: 'numeric', unit: '%', min: 100, max: 0 } }],
    });
    expect(result.success).toBe(false);
    expect(issuesFrom(result.error!)).toEqual([
      { path: '$.indicators[2].measure.max', message: 'must be more than min' },
      { path: '$.indicators[1].id', message: 'duplicate id "home-routines" (also at indicators.0)' },
    ]);
    const many: IndicatorSetInput = {
      ...set,
      indicators: Array.from({ length: 31 }, (_, i) => ({ ...first!, id: `i-${i}` })),
    };
    expect(IndicatorSetSchema.safeParse(many).success).toBe(false);
  });

  it('know which way is better', () => {
    expect(movement('higher', 2, 3)).toBe(1);
    expect(movement('lower', 2, 3)).toBe(-1);
    expect(movement('lower', 3, 3)).toBe(0);
  });
});

describe('assessments checked against their indicator set', () => {
  it('accept values on the set’s own indicators, leaving some unrated', () => {
    const result = parseAssessment(set, assessment({ money: 2, 'school-attendance': 84.5, 'police-call-outs': 0 }));
    expect(result.ok).toBe(true);
  });

  it('name the field and the reason for an unknown indicator', () => {
    expect(issuesOf(assessment({ 'family-star-area': 3 }))).toEqual([
      {
        path: '$.values["family-star-area"]',
        message:
          'illustrative-example@1 has no indicator "family-star-area"; its indicators are "home-routines", "money", ' +
          '"getting-on", "feeling-safe", "school-attendance", "police-call-outs"',
      },
    ]);
  });

  it('name the field and the reason for an ordinal value that is not a whole level number', () => {
    expect(issuesOf(assessment({ money: 2.5, 'feeling-safe': 5, 'getting-on': 0 }))).toEqual([
      {
        path: '$.values.money',
        message:
          'must be a whole level number from 1 ("Struggling") to 4 ("Managing well"), as "Managing money" has 4 levels; got 2.5',
      },
      {
        path: '$.values["feeling-safe"]',
        message:
          'must be a whole level number from 1 ("Struggling") to 4 ("Managing well"), as "Feeling safe" has 4 levels; got 5',
      },
      {
        path: '$.values["getting-on"]',
        message:
          'must be a whole level number from 1 ("Struggling") to 4 ("Managing well"), as "Getting on with each other" has 4 levels; got 0',
      },
    ]);
  });

  it('name the field and the reason for a numeric value out of range', () => {
    expect(issuesOf(assessment({ 'school-attendance': 120, 'police-call-outs': -1 }))).toEqual([
      { path: '$.values["school-attendance"]', message: 'must be at most 100 % for "School attendance"; got 120' },
      {
        path: '$.values["police-call-outs"]',
        message: 'must be at least 0 call-outs for "Police call-outs in the last six months"; got -1',
      },
    ]);
  });

  it('say when an assessment was made on another version of the set', () => {
    expect(issuesOf(assessment({ money: 1 }, { indicatorSetVersion: 2 }))).toEqual([
      { path: '$.indicatorSetVersion', message: 'was made on illustrative-example@2, not illustrative-example@1' },
    ]);
  });

  it('name the field for a malformed assessment before looking at the set', () => {
    const issues = issuesOf({
      ...assessment({ money: 1 }),
      point: 'halfway',
      assessedOn: '2015-02-30',
      ratedBy: undefined,
    });
    expect(issues.map((issue) => issue.path)).toEqual(['$.point', '$.assessedOn', '$.ratedBy']);
    expect(issues[1]!.message).toBe('must be a real date written year-month-day, like 2015-08-12');
    expect(issues[2]!.message).toBe('Invalid option: expected one of "family"|"worker"|"together"');
  });
});
