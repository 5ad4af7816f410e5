import { describe, expect, it } from 'vitest';
import { PHASE_TWO_ISSUE_SET } from '../../../src/issues/index.ts';
import { parseIssueProfile } from '../../../src/model/issue-profile.ts';
import { answerIds, IssueSetSchema, type IssueSetInput } from '../../../src/model/issue-set.ts';
import { issuesFrom } from '../../../src/model/validation-issue.ts';

const small = (): IssueSetInput => ({
  id: 'small',
  version: 1,
  name: 'Small',
  headlines: [
    { id: 'school', label: 'Children not in school', shortLabel: 'school' },
    { id: 'work', label: 'Adults out of work', shortLabel: 'work' },
  ],
  issues: [
    { id: 'exclusion', label: 'Excluded', headline: 'school' },
    { id: 'send', label: 'SEND', beside: 'school' },
    { id: 'out-of-work', label: 'Out of work', headline: 'work' },
  ],
  eligibility: { minHeadlines: 2 },
});

const problems = (input: unknown) => {
  const result = IssueSetSchema.safeParse(input);
  return result.success ? [] : issuesFrom(result.error);
};

describe('an issue set', () => {
  it('may be configured with headlines, issues under and beside them, and sources left out', () => {
    const set = IssueSetSchema.parse(small());
    expect(set.issues[0]?.sources).toEqual([]);
    expect(answerIds(set)).toEqual(['school', 'exclusion', 'send', 'work', 'out-of-work']);
  });

  it('names the field at fault: repeated ids, one id for a headline and an issue, a missing headline', () => {
    const input = small();
    input.headlines.push({ id: 'school', label: 'Again', shortLabel: 'again' });
    input.issues.push({ id: 'work', label: 'Clash', headline: 'work' });
    input.issues.push({ id: 'eviction', label: 'Eviction', beside: 'housing' });
    expect(problems(input)).toEqual([
      { path: '$.headlines[2].id', message: 'duplicate id "school" (also at headlines.0)' },
      { path: '$.issues[3].id', message: `"work" is already a headline's id; headlines and issues need different ids` },
      { path: '$.issues[4].beside', message: 'no headline "housing" in this set; its headlines are "school", "work"' },
    ]);
  });

  it('needs exactly one of headline and beside, ids fit for CSV columns, and no more headlines asked for than it has', () => {
    const input = small();
    input.issues[0] = { id: 'exclusion', label: 'Excluded', headline: 'school', beside: 'school' };
    input.issues[1] = { id: 'Poor Attendance', label: 'Attendance' };
    input.eligibility.minHeadlines = 3;
    expect(problems(input).map((p) => p.path)).toEqual([
      '$.issues[1].id',
      '$.issues[0]',
      '$.issues[1]',
      '$.eligibility.minHeadlines',
    ]);
    expect(problems(input)[3]?.message).toBe('asks for 3 headlines, but the set has only 2');
  });
});

describe('an issue profile', () => {
  const set = PHASE_TWO_ISSUE_SET;
  const base = { issueSetId: 'tf-phase-two', issueSetVersion: 1, point: 'referral', assessedOn: '2016-12-08' };

  it('answers headlines and issues of its set', () => {
    const result = parseIssueProfile(set, { ...base, answers: { school: 'yes', 'domestic-abuse': 'no' } });
    expect(result.ok).toBe(true);
  });

  it('is refused on another version, with an answer the set does not have, or a date that is no day', () => {
    const other = parseIssueProfile(set, { ...base, issueSetVersion: 2, answers: { housing: 'yes' } });
    expect(other).toEqual({
      ok: false,
      issues: [
        { path: '$.issueSetVersion', message: 'was answered on tf-phase-two@2, not tf-phase-two@1' },
        { path: '$.answers["housing"]', message: 'tf-phase-two@1 has no headline or issue "housing"' },
      ],
    });
    const badDate = parseIssueProfile(set, { ...base, assessedOn: '2023-02-29', point: 'end', answers: { asb: 'Y' } });
    expect(badDate.ok ? [] : badDate.issues.map((issue) => issue.path)).toEqual([
      '$.point',
      '$.assessedOn',
      '$.answers.asb',
    ]);
  });
});
