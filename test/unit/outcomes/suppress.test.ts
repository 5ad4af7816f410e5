/**
 * Evaluator suppression: worked examples, then properties over random tables and figures. As in
 * test/convergence, fast-check prints the seed and path of a failing run; pass them back as
 * `{ seed, path }` in the property's options to replay it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FigureDefinitionInput } from '../../../src/model/outcome-figure.ts';
import {
  computeFigure,
  isSmall,
  suppressCount,
  suppressFigure,
  suppressTable,
  type FigureResult,
  type ShownTable,
} from '../../../src/outcomes/index.ts';
import { definition, family, newhamOffendingCases } from './seed-cases.ts';

const offending = definition({
  kind: 'share-meeting',
  id: 'offending',
  label: 'Offending',
  measureId: 'proven-offences',
  better: 'lower',
  threshold: { kind: 'relative-change', percent: 33 },
  filter: [{ measureId: 'proven-offences', at: 'referral', op: 'gt', value: 0 }],
});

describe('suppressing counts for evaluators', () => {
  it('turns a count of 1..N−1 families into "suppressed", and shows 0 and N', () => {
    expect([0, 1, 2, 3, 10].map((count) => suppressCount(count, 3))).toEqual([0, 'suppressed', 'suppressed', 3, 10]);
    expect(suppressCount(1, 1)).toBe(1);
  });

  it('shows 5 of 8 (63%) at N = 3: numerator 5, denominator 8 and complement 3 are none of them small', () => {
    const shown = suppressFigure(computeFigure(offending, newhamOffendingCases()), 3);
    expect(shown).toMatchObject({ percent: 63, numerator: 5, denominator: 8, n: 8, withheld: false });
    expect(shown.sentence).toContain('in 63% of cases (5 of 8 families where "proven-offences" above 0 at referral)');
  });

  it('withholds the share when the complement is small: 5 of 8 at N = 4 leaves 3 who did not', () => {
    const shown = suppressFigure(computeFigure(offending, newhamOffendingCases()), 4);
    expect(shown).toMatchObject({
      value: 'suppressed',
      percent: 'suppressed',
      numerator: 'suppressed',
      denominator: 8,
      n: 8,
      withheld: true,
    });
    expect(shown.sentence).toBe('Offending: withheld, as it would tell of fewer than 4 families.');
  });

  it('withholds everything of a figure drawn from 1..N−1 families, and never lists a family', () => {
    const cases = newhamOffendingCases().slice(0, 2);
    const shown = suppressFigure(computeFigure(offending, cases), 3);
    expect(shown).toMatchObject({ n: 'suppressed', denominator: 'suppressed', value: 'suppressed' });
    expect(JSON.stringify(shown)).not.toContain('"no1"');
  });

  it('counts left-out families by reason, suppressed like any table', () => {
    const cases = [...newhamOffendingCases(), family('x1', {}), family('x2', {})];
    const shown = suppressFigure(computeFigure(offending, cases), 3);
    expect(shown.leftOut).toEqual({
      total: 'suppressed',
      groups: [{ key: 'missing-value', count: 'suppressed', percent: 'suppressed' }],
    });
    expect(shown.leftOutSentence).toBe(
      'Left out: some families (number withheld) (a value the figure needs was not recorded).',
    );
  });

  it('hides an indicator whose base is small, and the number of indicators that would give it away', () => {
    const result: FigureResult = {
      id: 'progress',
      kind: 'progress-k-of-m',
      label: 'Progress',
      unit: 'indicators',
      value: 2,
      percent: null,
      numerator: 2,
      denominator: 2,
      counts: 'indicators',
      n: 20,
      leftOut: [],
      improved: null,
      sentence: '…',
      leftOutSentence: '',
      parts: [
        { measureId: 'a', label: 'A', numerator: 13, denominator: 20, value: 65, percent: 65, counts: true },
        { measureId: 'b', label: 'B', numerator: 2, denominator: 2, value: 100, percent: 100, counts: true },
      ],
    };
    const shown = suppressFigure(result, 3);
    expect(shown.parts?.[0]).toMatchObject({ numerator: 13, denominator: 20, percent: 65, counts: true });
    expect(shown.parts?.[1]).toMatchObject({
      numerator: 'suppressed',
      denominator: 'suppressed',
      counts: 'suppressed',
    });
    expect(shown).toMatchObject({ value: 'suppressed', numerator: 'suppressed', denominator: 2, withheld: true });
  });
});

describe('complementary suppression in tables', () => {
  it('suppresses the next smallest group too, so a small group cannot be had by subtraction', () => {
    const shown = suppressTable(
      {
        total: 14,
        groups: [
          { key: 'a', count: 1 },
          { key: 'b', count: 3 },
          { key: 'c', count: 10 },
        ],
      },
      3,
    );
    expect(shown.groups.map((group) => group.count)).toEqual(['suppressed', 'suppressed', 10]);
    expect(shown.total).toBe(14);
    expect(shown.groups[2]!.percent).toBe(71);
  });

  it('goes on until the suppressed groups are no small group themselves', () => {
    const groups = [1, 1, 0, 9, 20].map((count, index) => ({ key: `g${index}`, count }));
    const shown = suppressTable({ total: 31, groups }, 3);
    expect(shown.groups.map((group) => group.count)).toEqual(['suppressed', 'suppressed', 0, 'suppressed', 20]);
  });

  it('refuses groups that do not add up to the total', () => {
    expect(() => suppressTable({ total: 5, groups: [{ key: 'a', count: 4 }] }, 3)).toThrow(
      'groups add up to 4, not to the total 5',
    );
  });
});

const tableArb = fc.record({
  minFamilies: fc.integer({ min: 1, max: 10 }),
  counts: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 7 }),
});

const table = (counts: readonly number[]) => ({
  total: counts.reduce((a, b) => a + b, 0),
  groups: counts.map((count, index) => ({ key: `g${index}`, count })),
});

const hiddenIndexes = (shown: ShownTable) =>
  shown.groups.flatMap((group, index) => (group.count === 'suppressed' ? [index] : []));

describe('suppression properties', () => {
  it('no count an evaluator sees is in 1..N−1, and no suppressed cell is derivable by subtraction', () => {
    fc.assert(
      fc.property(tableArb, ({ minFamilies, counts }) => {
        const shown = suppressTable(table(counts), minFamilies);
        for (const value of [shown.total, ...shown.groups.map((group) => group.count)]) {
          if (value !== 'suppressed') expect(isSmall(value, minFamilies)).toBe(false);
        }
        shown.groups.forEach((group) => {
          if (group.count === 'suppressed') expect(group.percent).toBe('suppressed');
        });
        if (shown.total === 'suppressed') return;
        const hidden = hiddenIndexes(shown);
        if (hidden.length === 0) return;
        // Subtraction gives the suppressed cells' sum, and no more: each suppressed cell is known to
        // be at least 1, so it could be anything from 1 to the sum less 1 for each other one.
        const shownSum = shown.groups.reduce((sum, group) => sum + (group.count === 'suppressed' ? 0 : group.count), 0);
        const derived = shown.total - shownSum;
        const largestPossible = derived - (hidden.length - 1);
        expect(largestPossible).toBeGreaterThan(1);
        expect(hidden.length).toBeGreaterThanOrEqual(2);
        // Nor are the suppressed cells together a small group.
        expect(isSmall(derived, minFamilies)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('no figure shown to an evaluator tells of 1..N−1 families', () => {
    const seriesArb = fc.record({
      referral: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
      closure: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined }),
    });
    const definitions: FigureDefinitionInput[] = [
      { ...offending, filter: [] },
      { kind: 'count-change', id: 'total', label: 'Total', measureId: 'proven-offences', better: 'lower' },
      { kind: 'prevalence', id: 'has', label: 'Has', measureId: 'proven-offences' },
      { kind: 'mean-of-family-change', id: 'mean', label: 'Mean', measureId: 'proven-offences', better: 'lower' },
      { kind: 'count', id: 'count', label: 'Count', measureId: 'proven-offences' },
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(seriesArb, { maxLength: 14 }),
        fc.constantFrom(...definitions),
        (minFamilies, series, input) => {
          const cases = series.map((values, index) => family(`f${index}`, { 'proven-offences': values }));
          const shown = suppressFigure(computeFigure(definition(input), cases), minFamilies);
          const small = (value: unknown) => typeof value === 'number' && isSmall(value, minFamilies);
          expect(small(shown.n)).toBe(false);
          expect(small(shown.numerator)).toBe(false);
          expect(small(shown.denominator)).toBe(false);
          if (typeof shown.numerator === 'number' && typeof shown.denominator === 'number') {
            expect(small(shown.denominator - shown.numerator)).toBe(false);
          }
          if (shown.percent !== 'suppressed' && shown.percent !== null && shown.kind !== 'count') {
            expect(shown.denominator).not.toBe('suppressed');
          }
          for (const group of shown.leftOut.groups) expect(small(group.count)).toBe(false);
          expect(small(shown.leftOut.total)).toBe(false);
        },
      ),
      { numRuns: 400 },
    );
  });
});
