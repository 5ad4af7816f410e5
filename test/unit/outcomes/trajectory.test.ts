import { describe, expect, it } from 'vitest';
import { ILLUSTRATIVE_INDICATOR_SET } from '../../../src/model/indicator-set.ts';
import {
  cohortLevels,
  familyTrajectories,
  monthsFrom,
  observationsOf,
  type FamilyAssessment,
} from '../../../src/outcomes/index.ts';
import { family } from './seed-cases.ts';

describe('months relative to the start of support', () => {
  it('counts completed months, negative before the start', () => {
    expect(monthsFrom('2015-03-15', '2015-03-15')).toBe(0);
    expect(monthsFrom('2015-03-15', '2015-04-14')).toBe(0);
    expect(monthsFrom('2015-03-15', '2015-04-15')).toBe(1);
    expect(monthsFrom('2015-03-15', '2016-03-15')).toBe(12);
    expect(monthsFrom('2015-03-15', '2015-03-10')).toBe(-1);
    expect(monthsFrom('2015-03-15', '2015-02-15')).toBe(-1);
    expect(monthsFrom('2015-03-15', '2015-02-14')).toBe(-2);
    expect(monthsFrom('2015-01-31', '2015-02-28')).toBe(0);
  });

  it('counts whole months where a stage is dated only by its month', () => {
    expect(monthsFrom('2015-03-15', '2014-12')).toBe(-3);
    expect(monthsFrom('2015-03', '2015-09-01')).toBe(6);
    expect(() => monthsFrom('2015', '2015-09-01')).toThrow(RangeError);
  });
});

describe('family trajectories', () => {
  it('places each family’s values by month from its own start, in time order, and lists families with no start', () => {
    const set = ILLUSTRATIVE_INDICATOR_SET;
    const rated = (familyId: string, assessedOn: string, money: number): FamilyAssessment => ({
      familyId,
      assessment: {
        indicatorSetId: set.id,
        indicatorSetVersion: set.version,
        point: 'review',
        assessedOn,
        ratedBy: 'family',
        values: { money },
      },
    });
    const observations = observationsOf(
      [
        rated('a', '2015-09-20', 3),
        rated('a', '2015-03-01', 1),
        rated('b', '2016-01-10', 2),
        rated('c', '2016-01-10', 2),
        { ...rated('a', '2015-05-01', 9), assessment: { ...rated('a', '2015-05-01', 9).assessment, values: {} } },
      ],
      'money',
    );
    const starts: Record<string, string> = { a: '2015-03-10', b: '2015-12-01' };
    const { trajectories, noStart } = familyTrajectories(observations, (id) => starts[id]);
    expect(trajectories).toEqual([
      {
        familyId: 'a',
        points: [
          { month: -1, on: '2015-03-01', value: 1 },
          { month: 6, on: '2015-09-20', value: 3 },
        ],
      },
      { familyId: 'b', points: [{ month: 1, on: '2016-01-10', value: 2 }] },
    ]);
    expect(noStart).toEqual(['c']);
  });
});

describe('a cohort on an ordinal measure', () => {
  // Five families on a four-level measure; the latest review is the one that counts.
  const cases = [
    family('f1', { level: { referral: 1, reviews: [{ on: '2015-06-01', value: 2 }], closure: 3 } }),
    family('f2', {
      level: {
        referral: 1,
        reviews: [
          { on: '2015-09-01', value: 3 },
          { on: '2015-06-01', value: 1 },
        ],
        closure: 4,
      },
    }),
    family('f3', { level: { referral: 2, closure: 2 } }),
    family('f4', { level: { referral: 3, closure: 2 } }),
    family('f5', { level: { referral: 2, closure: 7 } }),
  ];

  it('gives the share of families at each level and the median level at referral, review and closure', () => {
    const { points, notLevels } = cohortLevels(cases, { measureId: 'level', levels: 4 });
    expect(points.map((p) => [p.point, p.families, p.levels.map((l) => l.families), p.median])).toEqual([
      ['referral', 5, [2, 2, 1, 0], 2],
      ['review', 2, [0, 1, 1, 0], 2.5],
      ['closure', 4, [0, 2, 1, 1], 2.5],
    ]);
    expect(points[0]!.levels.map((l) => l.percent)).toEqual([40, 40, 20, 0]);
    expect(notLevels).toEqual(['f5']);
  });

  it('reports movement between levels, first to last, and its median: never a mean level', () => {
    const { movement } = cohortLevels(cases, { measureId: 'level', levels: 4 });
    expect(movement).toEqual({
      families: 4,
      byLevels: [
        { levels: -1, families: 1 },
        { levels: 0, families: 1 },
        { levels: 2, families: 1 },
        { levels: 3, families: 1 },
      ],
      better: 2,
      same: 1,
      worse: 1,
      median: 1,
    });
    expect(cohortLevels(cases, { measureId: 'level', levels: 4, better: 'lower' }).movement).toMatchObject({
      better: 1,
      worse: 2,
    });
  });
});
