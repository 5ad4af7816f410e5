/**
 * Phase Two eligibility. Property tests print fast-check's seed and path when they fail; pass
 * them back as `{ seed, path }` in the `fc.assert` options to replay the failing case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countEligibility,
  describeEligibility,
  eligibilityOf,
  headlineStatus,
  PHASE_TWO_ISSUE_SET,
} from '../../../src/issues/index.ts';
import { ANSWERS, type Answer, type IssueProfile } from '../../../src/model/issue-profile.ts';
import { answerIds } from '../../../src/model/issue-set.ts';

const set = PHASE_TWO_ISSUE_SET;
const ids = answerIds(set);

const profile = (answers: Record<string, Answer>): IssueProfile => ({
  issueSetId: set.id,
  issueSetVersion: set.version,
  point: 'referral',
  assessedOn: '2016-12-08',
  answers,
});

/** Every headline ruled out by a direct "no", but for the answers given. */
const allNo = Object.fromEntries(set.headlines.map((h) => [h.id, 'no' as const]));

describe('Phase Two eligibility', () => {
  it.each([
    ['no headline met', { ...allNo }, 'not-eligible', []],
    ['one headline met', { ...allNo, offending: 'yes' }, 'not-eligible', ['crime-asb']],
    [
      'two headlines met',
      { ...allNo, offending: 'yes', 'poor-attendance': 'yes' },
      'eligible',
      ['crime-asb', 'school'],
    ],
    [
      'two issues under one headline count once',
      { ...allNo, offending: 'yes', asb: 'yes' },
      'not-eligible',
      ['crime-asb'],
    ],
    [
      'an issue beside a headline does not count',
      { ...allNo, offending: 'yes', send: 'yes' },
      'not-eligible',
      ['crime-asb'],
    ],
    [
      'a headline may be ticked directly',
      { ...allNo, health: 'yes', 'violence-abuse': 'yes' },
      'eligible',
      ['violence-abuse', 'health'],
    ],
    [
      'an issue "yes" wins over the headline\'s "no"',
      { ...allNo, asb: 'yes', 'mental-health': 'yes' },
      'eligible',
      ['crime-asb', 'health'],
    ],
    ['nothing known', {}, 'not-enough-known', []],
    ['one met, the rest not known', { asb: 'yes' }, 'not-enough-known', ['crime-asb']],
    [
      'one met, one not known, the rest ruled out',
      { ...allNo, asb: 'yes', school: 'unknown' },
      'not-enough-known',
      ['crime-asb'],
    ],
  ] as const)('%s', (_name, answers, status, met) => {
    const result = eligibilityOf(set, profile(answers));
    expect(result.status).toBe(status);
    expect(result.met.map((h) => h.id)).toEqual(met);
  });

  it('rules a headline out when every issue under it is "no", even if the headline itself is not answered', () => {
    const answers = { 'domestic-abuse': 'no', 'mental-health': 'no', 'physical-health': 'no' } as const;
    expect(headlineStatus(set, profile(answers), 'violence-abuse')).toBe('not-met');
    expect(headlineStatus(set, profile(answers), 'health')).toBe('unknown');
    expect(headlineStatus(set, profile({ ...answers, 'substance-misuse': 'no' }), 'health')).toBe('not-met');
    expect(headlineStatus(set, profile({}), 'no-such-headline')).toBeUndefined();
  });

  it('says which headlines a family meets, in words', () => {
    const eligible = eligibilityOf(set, profile({ 'poor-attendance': 'yes', offending: 'yes' }));
    expect(describeEligibility(eligible)).toBe('Eligible: crime or anti-social behaviour; school attendance');
    expect(describeEligibility(eligibilityOf(set, profile({ ...allNo, 'mental-health': 'yes' })))).toBe(
      'Not eligible: 1 of the 2 headlines needed (health)',
    );
    expect(
      describeEligibility(eligibilityOf(set, profile({ ...allNo, school: 'unknown', 'work-money': 'unknown' }))),
    ).toBe('Not enough known: 0 of the 2 headlines needed; not known: school attendance; work and money');
  });

  it('refuses a profile answered on another version of the set', () => {
    expect(() => eligibilityOf(set, { ...profile({}), issueSetVersion: 2 })).toThrow(
      'a profile answered on tf-phase-two@2 was checked against tf-phase-two@1',
    );
  });

  it('works each set out on its own, however many profiles are judged on the one before', () => {
    const answers = { ...allNo, 'mental-health': 'yes', offending: 'yes' } as const;
    expect(eligibilityOf(set, profile(answers)).status).toBe('eligible');
    // Another set (a project's own version) in which mental health no longer counts under health.
    const narrower = { ...set, issues: set.issues.filter((issue) => issue.id !== 'mental-health') };
    expect(eligibilityOf(narrower, profile(answers)).met.map((h) => h.id)).toEqual(['crime-asb']);
    expect(eligibilityOf(set, profile(answers)).met.map((h) => h.id)).toEqual(['crime-asb', 'health']);
  });

  it('counts a cohort: eligible, not eligible and not enough known', () => {
    const cohort = [
      profile({ offending: 'yes', 'poor-attendance': 'yes' }),
      profile({ ...allNo }),
      profile({}),
      profile({ ...allNo, 'child-in-need': 'yes', 'adult-out-of-work': 'yes' }),
    ];
    expect(countEligibility(set, cohort)).toEqual({ eligible: 2, notEligible: 1, notEnoughKnown: 1, total: 4 });
  });
});

const answersArb = fc.dictionary(fc.constantFrom(...ids), fc.constantFrom(...ANSWERS), { maxKeys: ids.length });

describe('Phase Two eligibility, for any answers', () => {
  it('turning an answer to "yes" never makes an eligible family ineligible, nor loses a headline', () => {
    fc.assert(
      fc.property(answersArb, fc.constantFrom(...ids), (answers, id) => {
        const before = eligibilityOf(set, profile(answers));
        const after = eligibilityOf(set, profile({ ...answers, [id]: 'yes' }));
        if (before.status === 'eligible') expect(after.status).toBe('eligible');
        for (const headline of before.met) expect(after.met).toContain(headline);
      }),
      { numRuns: 200 },
    );
  });

  it('"unknown" never makes a family eligible: answering it "no" cannot change eligible to anything else', () => {
    fc.assert(
      fc.property(answersArb, fc.constantFrom(...ids), (answers, id) => {
        if (answers[id] === 'yes') return;
        const asNo = eligibilityOf(set, profile({ ...answers, [id]: 'no' }));
        const asUnknown = eligibilityOf(set, profile({ ...answers, [id]: 'unknown' }));
        expect(asNo.status === 'eligible').toBe(asUnknown.status === 'eligible');
      }),
      { numRuns: 300 },
    );
  });

  it('judges each headline as its rule says, read plainly', () => {
    // The rule at the top of eligibility.ts, written out the long way.
    const plainly = (answers: Record<string, Answer>, headlineId: string) => {
      const answer = (id: string) => (Object.hasOwn(answers, id) ? answers[id] : 'unknown');
      const under = set.issues.filter((issue) => issue.headline === headlineId).map((issue) => answer(issue.id));
      if (answer(headlineId) === 'yes' || under.includes('yes')) return 'met';
      if (answer(headlineId) === 'no') return 'not-met';
      if (under.length > 0 && under.every((a) => a === 'no')) return 'not-met';
      return 'unknown';
    };
    fc.assert(
      fc.property(answersArb, (answers) => {
        for (const headline of set.headlines)
          expect(headlineStatus(set, profile(answers), headline.id)).toBe(plainly(answers, headline.id));
      }),
      { numRuns: 300 },
    );
  });

  it('counts a cohort as the sum of its families', () => {
    fc.assert(
      fc.property(fc.array(answersArb, { maxLength: 30 }), (cohort) => {
        const profiles = cohort.map(profile);
        const statuses = profiles.map((p) => eligibilityOf(set, p).status);
        const counts = countEligibility(set, profiles);
        expect(counts).toEqual({
          eligible: statuses.filter((s) => s === 'eligible').length,
          notEligible: statuses.filter((s) => s === 'not-eligible').length,
          notEnoughKnown: statuses.filter((s) => s === 'not-enough-known').length,
          total: profiles.length,
        });
      }),
      { numRuns: 200 },
    );
  });
});
