/**
 * The built-in Phase Two issue set. Its passages were checked word for word against the seed
 * documents when written; those documents are not in the repository, so here only the structure
 * is checked.
 */
import { describe, expect, it } from 'vitest';
import {
  PHASE_TWO_ELIGIBILITY_SOURCE,
  PHASE_TWO_ISSUE_SET,
  SEED_DOCUMENTS,
  citeDocument,
} from '../../../src/issues/index.ts';
import { answerIds, IssueSetSchema } from '../../../src/model/issue-set.ts';

const set = PHASE_TWO_ISSUE_SET;

describe('the Phase Two issue set', () => {
  it('is tf-phase-two version 1, asking for two of six headlines', () => {
    expect([set.id, set.version]).toEqual(['tf-phase-two', 1]);
    expect(set.headlines.map((h) => h.id)).toEqual([
      'crime-asb',
      'school',
      'children-need-help',
      'work-money',
      'violence-abuse',
      'health',
    ]);
    expect(set.eligibility.minHeadlines).toBe(2);
    expect(PHASE_TWO_ELIGIBILITY_SOURCE.passage).toContain('at least two of the following six problems');
  });

  it('lists the 21 issues the seed documents name, in the order the synthetic generator uses, and no more', () => {
    expect(set.issues.map((issue) => issue.id)).toEqual([
      'offending',
      'asb',
      'risk-of-justice-system',
      'serious-organised-crime',
      'poor-attendance',
      'exclusion',
      'poor-attainment',
      'send',
      'child-in-need',
      'child-protection-plan',
      'risk-of-care',
      'child-sexual-exploitation',
      'parenting-concerns',
      'adult-out-of-work',
      'financial-exclusion',
      'young-person-worklessness',
      'eviction-risk',
      'domestic-abuse',
      'mental-health',
      'physical-health',
      'substance-misuse',
    ]);
  });

  it('keeps needs and risks under no headline beside one, each with a note saying why', () => {
    const beside = set.issues.filter((issue) => issue.beside !== undefined);
    expect(beside.map((issue) => [issue.id, issue.beside])).toEqual([
      ['poor-attainment', 'school'],
      ['send', 'school'],
      ['parenting-concerns', 'children-need-help'],
      ['eviction-risk', 'work-money'],
    ]);
    for (const issue of beside) expect(issue.note, issue.id).toBeTruthy();
  });

  it('cites at least one source for every headline and issue, each a known document with a passage', () => {
    for (const item of [...set.headlines, ...set.issues]) {
      expect(item.sources.length, item.id).toBeGreaterThanOrEqual(1);
      for (const source of item.sources) {
        expect(Object.keys(SEED_DOCUMENTS), item.id).toContain(source.document);
        expect(source.passage.trim(), item.id).toBe(source.passage);
        expect(source.at, item.id).toBeTruthy();
      }
    }
    // A headline's label is the document's own words.
    for (const headline of set.headlines) expect(headline.sources[0]?.passage).toBe(headline.label);
  });

  it('has unique ids across headlines and issues, and validates as any project set must', () => {
    const ids = answerIds(set);
    expect(new Set(ids).size).toBe(set.headlines.length + set.issues.length);
    expect(IssueSetSchema.safeParse(JSON.parse(JSON.stringify(set))).success).toBe(true);
  });

  it('reads a citation as publisher, title and date', () => {
    expect(citeDocument('lscsb-slf-update-2016')).toBe(
      'Leicestershire Safer Communities Strategy Board (Service Manager, Supporting Leicestershire Families), LSCSB Update: Supporting Leicestershire Families (8 December 2016)',
    );
    expect(citeDocument('no-such-document')).toBe('no-such-document');
  });
});
