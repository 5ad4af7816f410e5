/**
 * Every figure kind reproduces the figures the published accounts report, from case-level data
 * that matches their footnotes (seed-cases.ts).
 */
import { describe, expect, it } from 'vitest';
import { ProgressIndicatorSchema, type IndicatorSet, IndicatorSetSchema } from '../../../src/model/indicator-set.ts';
import { FIGURE_KINDS } from '../../../src/model/outcome-figure.ts';
import {
  casesFromAssessments,
  computeFigure,
  computeFigures,
  FIGURE_BEHAVIOUR,
  progressFigureFor,
  type FamilyAssessment,
} from '../../../src/outcomes/index.ts';
import {
  attendanceCases,
  birminghamCases,
  definition,
  family,
  lifeCallOutCases,
  newhamAsbCases,
  newhamOffendingCases,
  newhamWorkCases,
  pairs,
} from './seed-cases.ts';

describe('the registry of figure kinds', () => {
  it('has behaviour for every kind the model defines, and no other', () => {
    expect(Object.keys(FIGURE_BEHAVIOUR).sort()).toEqual(Object.keys(FIGURE_KINDS).sort());
  });
});

describe('count-change', () => {
  // Family Action, Intensive Family Support, footnote 5: "14 children were on a CPP at referral –
  // this fell to 5 at closure" (reported as "64% of children no longer on a Child Protection Plan").
  it('Family Action: children on a Child Protection Plan, 14 at referral and 5 at closure, are 64% fewer', () => {
    const result = computeFigure(
      definition({
        kind: 'count-change',
        id: 'cpp',
        label: 'Children on a Child Protection Plan',
        measureId: 'cpp-children',
        better: 'lower',
      }),
      birminghamCases(),
    );
    expect(result).toMatchObject({
      value: expect.closeTo(-64.2857, 3),
      percent: -64,
      numerator: 9,
      denominator: 14,
      n: 10,
      counts: 'items',
      improved: true,
    });
    expect(result.sentence).toBe(
      'Children on a Child Protection Plan: 14 at referral, 5 at closure (64% fewer), across 10 families.',
    );
    expect(result.leftOut).toEqual([
      { familyId: 'bt11', reason: 'missing-value', detail: 'no value of "cpp-children" at closure' },
    ]);
    expect(result.leftOutSentence).toBe('Left out: 1 family (a value the figure needs was not recorded).');
  });

  it('Family Action: children in need, 14 at referral and 6 at closure, are 57% fewer', () => {
    const result = computeFigure(
      definition({
        kind: 'count-change',
        id: 'cin',
        label: 'Children in need',
        measureId: 'cin-children',
        better: 'lower',
      }),
      birminghamCases(),
    );
    expect(result).toMatchObject({ percent: -57, numerator: 8, denominator: 14 });
    expect(result.sentence).toContain('14 at referral, 6 at closure (57% fewer)');
  });

  // The LIFE Programme case study (DfE): "a 28% reduction in children with child protection plans".
  it('LIFE: 25 children on plans falling to 18 is a 28% reduction; a rise reads as more, not as an improvement', () => {
    const cpp = definition({
      kind: 'count-change',
      id: 'life-cpp',
      label: 'Children with child protection plans',
      measureId: 'cpp-children',
      better: 'lower',
    });
    const fell = pairs('lc', 'cpp-children', [
      [10, 7],
      [8, 6],
      [7, 5],
    ]);
    expect(computeFigure(cpp, fell)).toMatchObject({ percent: -28, improved: true });
    const rose = pairs('lr', 'cpp-children', [
      [2, 3],
      [2, 2],
    ]);
    const result = computeFigure(cpp, rose);
    expect(result).toMatchObject({ percent: 25, improved: false });
    expect(result.sentence).toContain('4 at referral, 5 at closure (25% more)');
  });
});

describe('share-meeting', () => {
  // Family Action, footnote 6 (Newham Families First): "At referral, 8 children had a proven
  // offence within the last 12 months. At closure, 5 of those children had reduced their
  // offending by at least 33%" ("In 63% of cases (referred for offending) offending was reduced
  // by at least 33%").
  it('Family Action: offending reduced by at least 33% in 5 of 8 cases referred for it is 63%', () => {
    const result = computeFigure(
      definition({
        kind: 'share-meeting',
        id: 'offending',
        label: 'Offending',
        population: 'referred for offending',
        measureId: 'proven-offences',
        better: 'lower',
        threshold: { kind: 'relative-change', percent: 33 },
        filter: [{ measureId: 'proven-offences', at: 'referral', op: 'gt', value: 0 }],
      }),
      newhamOffendingCases(),
    );
    expect(result).toMatchObject({ value: 62.5, percent: 63, numerator: 5, denominator: 8, n: 8, leftOut: [] });
    expect(result.sentence).toBe(
      'Offending: in 63% of cases (5 of 8 families referred for offending), reduced by at least 33% between referral and closure.',
    );
  });

  it('Family Action: anti-social behaviour reduced by 60% in 8 of 12 families is 67%', () => {
    const result = computeFigure(
      definition({
        kind: 'share-meeting',
        id: 'asb',
        label: 'Anti-social behaviour',
        measureId: 'asb-incidents',
        better: 'lower',
        threshold: { kind: 'relative-change', percent: 60 },
      }),
      newhamAsbCases(),
    );
    // Without a filter, the family with no incidents at referral cannot have reduced them: listed.
    expect(result).toMatchObject({ percent: 67, numerator: 8, denominator: 12 });
    expect(result.leftOut).toEqual([{ familyId: 'na13', reason: 'none-at-start', detail: 'none at referral' }]);
  });

  // Family Action, footnote 7: "13 out of 40 families took steps towards employment".
  it('Family Action: 13 of 40 families taking steps towards employment is 33%', () => {
    const result = computeFigure(
      definition({
        kind: 'share-meeting',
        id: 'work',
        label: 'Steps towards employment',
        measureId: 'steps-towards-work',
        better: 'higher',
        threshold: { kind: 'reaches', op: 'gte', value: 1 },
      }),
      newhamWorkCases(),
    );
    expect(result).toMatchObject({ value: 32.5, percent: 33, numerator: 13, denominator: 40 });
    expect(result.sentence).toBe(
      'Steps towards employment: in 33% of cases (13 of 40 families), at least 1 at closure.',
    );
  });

  it('counts a change by an amount in the better direction only', () => {
    const cases = pairs('ch', 'score', [
      [2, 5],
      [2, 3],
      [5, 2],
    ]);
    const result = computeFigure(
      definition({
        kind: 'share-meeting',
        id: 'amount',
        label: 'Score',
        measureId: 'score',
        better: 'higher',
        threshold: { kind: 'change', amount: 2 },
      }),
      cases,
    );
    expect(result).toMatchObject({ numerator: 1, denominator: 3 });
  });
});

describe('median-change', () => {
  // Family Action, footnote 8 (all Intensive Family Support Services, 33 cases): "On median,
  // school attendance increased by 19% (Where education issues was a reason for referral and
  // school attendance was less than 85% at referral)".
  const attendance = (unit: 'percentage-points' | 'relative-percent') =>
    definition({
      kind: 'median-change',
      id: 'attendance',
      label: 'School attendance',
      population: 'where education was a reason for referral and attendance was below 85% at referral',
      measureId: 'attendance',
      better: 'higher',
      unit,
      filter: [
        { measureId: 'education-referral', at: 'referral', op: 'eq', value: 1 },
        { measureId: 'attendance', at: 'referral', op: 'lt', value: 85 },
      ],
    });

  it('Family Action: attendance rose by a median of 19 points over the 33 cases in the filter', () => {
    const result = computeFigure(attendance('percentage-points'), attendanceCases());
    expect(result).toMatchObject({ value: 19, percent: 19, unit: 'percentage-points', n: 33, improved: true });
    expect(result.sentence).toBe(
      'School attendance: on median, increased by 19 percentage points between referral and closure ' +
        '(33 families where education was a reason for referral and attendance was below 85% at referral).',
    );
  });

  it('keeps the unit: the same cases read as a percent of each starting value give another median', () => {
    const result = computeFigure(attendance('relative-percent'), attendanceCases());
    expect(result.unit).toBe('percent');
    expect(result.n).toBe(33);
    expect(result.percent).not.toBe(19);
  });

  it('spells out a filter that has no words of its own', () => {
    const { population: _p, ...rest } = attendance('percentage-points');
    expect(computeFigure(rest, attendanceCases()).sentence).toContain(
      '(33 families where "education-referral" equal to 1 at referral and "attendance" below 85 at referral)',
    );
  });
});

describe('mean-of-family-change', () => {
  // LIFE, Swindon (Ofsted good practice example): "an 80% average reduction in police call outs".
  it('LIFE: the mean of each family’s reduction in police call-outs is 80%; a family with none at referral is left out and listed', () => {
    const cases = lifeCallOutCases();
    const result = computeFigure(
      definition({
        kind: 'mean-of-family-change',
        id: 'call-outs',
        label: 'Police call-outs',
        measureId: 'police-call-outs',
        better: 'lower',
      }),
      cases,
    );
    expect(result).toMatchObject({ value: -80, percent: -80, n: 5, numerator: null, denominator: 5, improved: true });
    expect(result.leftOut).toEqual([{ familyId: 'lf6', reason: 'none-at-start', detail: 'none at the start' }]);
    expect(result.sentence).toBe(
      'Police call-outs: an average reduction of 80% (the mean of each family’s change as a percent of its own ' +
        'value at referral, between referral and closure, across 5 families; families with none at referral ' +
        'cannot be counted).',
    );
    expect(result.leftOutSentence).toContain('1 family (none at the start');
    // The change in the total is another figure: 37 → 8 call-outs is 78% fewer.
    const total = computeFigure(
      definition({
        kind: 'count-change',
        id: 'total',
        label: 'Police call-outs',
        measureId: 'police-call-outs',
        better: 'lower',
      }),
      cases.slice(0, 5),
    );
    expect(total.percent).toBe(-78);
  });
});

describe('progress-k-of-m', () => {
  /** Ten indicators of our own (illustrative), one of which improves by going down. */
  const tenCriteria: IndicatorSet = IndicatorSetSchema.parse({
    id: 'ten-criteria',
    version: 1,
    name: 'Ten criteria (illustrative)',
    illustrative: true,
    indicators: Array.from({ length: 10 }, (_, index) =>
      ProgressIndicatorSchema.parse({
        id: `criterion-${index + 1}`,
        label: `Criterion ${index + 1}`,
        measure: { kind: 'ordinal', levels: ['1', '2', '3', '4', '5'] },
        better: index === 3 ? 'lower' : 'higher',
      }),
    ),
  });

  /**
   * 20 families assessed at referral and closure: on criteria 1–9, 13 progressed (65%); on
   * criterion 10, 12 (60%, which is not over 60%). A 21st family was assessed once.
   */
  function assessments(): FamilyAssessment[] {
    const out: FamilyAssessment[] = [];
    for (let f = 1; f <= 20; f++) {
      const at = (point: 'referral' | 'closure', assessedOn: string, progressed: (index: number) => boolean) => ({
        familyId: `sl${f}`,
        assessment: {
          indicatorSetId: tenCriteria.id,
          indicatorSetVersion: 1,
          point,
          assessedOn,
          ratedBy: 'together' as const,
          values: Object.fromEntries(
            tenCriteria.indicators.map((indicator, index) => {
              const moved = point === 'closure' && progressed(index);
              const step = indicator.better === 'lower' ? -1 : 1;
              return [indicator.id, 3 + (moved ? step : 0)];
            }),
          ),
        },
      });
      out.push(at('referral', '2015-04-01', () => false));
      out.push(at('closure', '2016-03-01', (index) => f <= (index === 9 ? 12 : 13)));
    }
    out.push({
      familyId: 'sl21',
      assessment: {
        indicatorSetId: tenCriteria.id,
        indicatorSetVersion: 1,
        point: 'referral',
        assessedOn: '2016-02-01',
        ratedBy: 'worker',
        values: { 'criterion-1': 2 },
      },
    });
    return out;
  }

  // Supporting Leicestershire Families, LSCSB update (8 December 2016), §4.3: "in nine out of the
  // ten assessed criteria, over 60% of families worked with have made positive progress".
  it('SLF: in 9 of the 10 assessed criteria, over 60% of families made positive progress', () => {
    const { cases, skipped } = casesFromAssessments(tenCriteria, assessments());
    expect(skipped).toEqual([]);
    const result = computeFigure(
      progressFigureFor(tenCriteria, { id: 'slf-progress', label: 'Family progress', over: 60 }),
      cases,
    );
    expect(result).toMatchObject({ value: 9, numerator: 9, denominator: 10, n: 20, counts: 'indicators' });
    expect(result.parts?.map((part) => part.percent)).toEqual([65, 65, 65, 65, 65, 65, 65, 65, 65, 60]);
    expect(result.parts?.at(-1)).toMatchObject({ numerator: 12, denominator: 20, counts: false });
    expect(result.leftOut).toEqual([
      { familyId: 'sl21', reason: 'too-few-assessments', detail: 'fewer than two assessments on every indicator' },
    ]);
    expect(result.sentence).toBe(
      'Family progress: in 9 of the 10 assessed indicators, over 60% of families made positive progress ' +
        '(better at their last assessment than at their first; 20 families assessed at least twice).',
    );
  });

  it('uses only assessments on the set’s own version, and by one rater when asked', () => {
    const other = {
      familyId: 'sl1',
      assessment: { ...assessments()[0]!.assessment, indicatorSetVersion: 2 },
    };
    const { skipped } = casesFromAssessments(tenCriteria, [other]);
    expect(skipped).toEqual([
      { familyId: 'sl1', assessedOn: '2015-04-01', why: 'made on ten-criteria@2, not ten-criteria@1' },
    ]);
    const byWorker = casesFromAssessments(tenCriteria, assessments(), 'worker');
    expect(byWorker.cases.map((c) => c.familyId)).toEqual(['sl21']);
    expect(byWorker.skipped).toHaveLength(40);
  });
});

describe('prevalence and count', () => {
  // Family Action, citing Troubled Families Programme data: "80% had problems related to education".
  it('Family Action: 8 of 10 families with problems related to education at referral is 80%', () => {
    const cases = Array.from({ length: 10 }, (_, index) =>
      family(`pv${index + 1}`, { 'education-problems': { referral: index < 8 ? 1 : 0 } }),
    );
    cases.push(family('pv11', {}));
    const result = computeFigure(
      definition({
        kind: 'prevalence',
        id: 'education',
        label: 'Problems related to education',
        measureId: 'education-problems',
      }),
      cases,
    );
    expect(result).toMatchObject({ percent: 80, numerator: 8, denominator: 10 });
    expect(result.sentence).toBe('Problems related to education: 80% of families at referral (8 of 10 families).');
    expect(result.leftOut.map((left) => left.familyId)).toEqual(['pv11']);
  });

  // LIFE, Swindon: "six eviction orders have been avoided".
  it('LIFE: six eviction orders avoided, counted across families at closure', () => {
    const cases = pairs('ev', 'evictions-avoided', [
      [undefined, 2],
      [undefined, 1],
      [undefined, 0],
      [undefined, 3],
    ]);
    const result = computeFigure(
      definition({ kind: 'count', id: 'evictions', label: 'Eviction orders avoided', measureId: 'evictions-avoided' }),
      cases,
    );
    expect(result).toMatchObject({ value: 6, numerator: 6, denominator: null, percent: null, n: 4 });
    expect(result.sentence).toBe('Eviction orders avoided: 6 at closure, across 4 families.');
  });

  it('says so when there is nobody to count', () => {
    const [result] = computeFigures(
      [definition({ kind: 'prevalence', id: 'none', label: 'Anything', measureId: 'nothing' })],
      [],
    );
    expect(result).toMatchObject({ value: null, percent: null, n: 0 });
    expect(result!.sentence).toBe('Anything: no families to count.');
  });
});
