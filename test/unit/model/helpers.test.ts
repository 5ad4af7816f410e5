import { describe, expect, it } from 'vitest';
import {
  allows,
  BUILT_IN_AGENCIES,
  COST_EVENT_TYPES,
  costEventKind,
  findAgency,
  newId,
  StageIdSchema,
  yearOf,
  consentInFile,
  consentInForce,
  type Consent,
} from '../../../src/model/index.ts';

describe('model helpers', () => {
  it('consent allows only scopes that were given, and nothing once withdrawn', () => {
    const given: Consent = { status: 'given', recordedOn: '2016-01-01', scopes: ['mapping', 'share-words'] };
    expect(allows(consentInFile(given), 'share-words')).toBe(true);
    expect(allows(consentInFile(given), 'share-costs')).toBe(false);
    expect(allows(consentInFile({ ...given, status: 'withdrawn' }), 'mapping')).toBe(false);
  });

  it("the consent in force is each scope's latest decision, and nothing counts without mapping", () => {
    const decision = (scope: string, decision: 'given' | 'withdrawn', recordedAt: string) => ({
      id: `${scope}-${recordedAt}`,
      familyId: 'f1',
      scope,
      decision,
      givenBy: 'Dawn, mother',
      method: 'written-form' as const,
      decidedOn: recordedAt.slice(0, 10),
      recordedBy: 'staff:s1',
      recordedAt,
    });
    const history = [
      decision('mapping', 'given', '2016-01-01T10:00:00Z'),
      decision('analysis', 'given', '2016-01-01T10:00:01Z'),
      decision('share-words', 'given', '2016-01-01T10:00:02Z'),
      decision('share-words', 'withdrawn', '2016-03-01T10:00:00Z'),
    ];
    const inForce = consentInForce(history);
    expect([...inForce].sort()).toEqual(['analysis', 'mapping']);
    expect(allows(inForce, 'analysis')).toBe(true);
    expect(allows(inForce, 'share-words')).toBe(false);
    // Withdrawing mapping withdraws everything, whatever else was given.
    const noMapping = consentInForce([...history, decision('mapping', 'withdrawn', '2016-04-01T10:00:00Z')]);
    expect(allows(noMapping, 'analysis')).toBe(false);
  });

  it('finds the year of a dated when, and none for ages and phrases', () => {
    expect(yearOf({ kind: 'date', date: '2014-06-02' })).toBe(2014);
    expect(yearOf({ kind: 'month', month: '2015-09' })).toBe(2015);
    expect(yearOf({ kind: 'year', year: 2013 })).toBe(2013);
    expect(yearOf({ kind: 'phrase', text: 'that winter' })).toBeUndefined();
    expect(yearOf(undefined)).toBeUndefined();
  });

  it('has a built-in agency for each reporting category, found by category id', () => {
    expect(BUILT_IN_AGENCIES.map((a) => a.id)).toEqual(BUILT_IN_AGENCIES.map((a) => a.category));
    expect(findAgency([], 'police')?.name).toBe('Police');
    expect(findAgency([{ id: 'police', name: 'Town Police', category: 'police' } as never], 'police')?.name).toBe(
      'Town Police',
    );
  });

  it('describes every cost event type: label, what its quantity counts, who usually pays', () => {
    for (const type of COST_EVENT_TYPES) {
      const kind = costEventKind(type);
      expect(kind.label.length, type).toBeGreaterThan(0);
      expect(['times', 'weeks', 'years', 'hours']).toContain(kind.counts);
    }
  });

  it('mints ids that are valid and do not repeat', () => {
    const ids = Array.from({ length: 1000 }, () => newId('st'));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids.slice(0, 20)) expect(StageIdSchema.safeParse(id).success).toBe(true);
  });
});
