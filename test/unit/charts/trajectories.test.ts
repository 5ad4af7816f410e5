import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRESS_SCALE } from '../../../src/model/index.ts';
import {
  MAX_FAMILY_LINES,
  medianLevel,
  trajectoriesChart,
  trajectoryPoints,
  type TrajectoriesData,
  type TrajectoryLevel,
} from '../../../server/outputs/charts/index.ts';
import { INK } from '../../../server/outputs/charts/colours.ts';
import { MALICIOUS, checkChart, tableCells, textsOf } from './svg-checks.ts';

const levels = DEFAULT_PROGRESS_SCALE.levels;
const POINTS = ['Referral', 'Review 1', 'Closure'];
/** Six families' levels at referral, the review and closure (null: not rated then). */
const FAMILIES = [
  [1, 2, 4],
  [1, 1, 3],
  [2, 3, 5],
  [1, 2, null],
  [2, 2, 4],
  [3, 4, 5],
];

describe('trajectoriesChart', () => {
  it('counts each point’s families and finds the median level, never a mean', () => {
    const points = trajectoryPoints(levels, POINTS, FAMILIES);
    expect(points.map((p) => p.counts)).toEqual([
      [3, 2, 1, 0, 0],
      [1, 3, 1, 1, 0],
      [0, 0, 1, 2, 2],
    ]);
    expect(points.map((p) => medianLevel(p.counts))).toEqual([0, 1, 3]);
    expect(medianLevel([1, 0, 1])).toBe(0);
    expect(medianLevel([0, 0, 0])).toBeUndefined();
  });

  it('draws a valid, named chart with every level, point and share in its table', () => {
    const data: TrajectoriesData = { levels, points: trajectoryPoints(levels, POINTS, FAMILIES) };
    const chart = trajectoriesChart(data);
    const root = checkChart(chart);
    expect(chart.table.columns).toEqual(['When', 'Families rated', ...levels.map((l) => l.label), 'Median level']);
    expect(chart.table.rows).toEqual([
      ['Referral', 6, '50% (3)', '33% (2)', '17% (1)', '0% (0)', '0% (0)', 'Stuck'],
      ['Review 1', 6, '17% (1)', '50% (3)', '17% (1)', '17% (1)', '0% (0)', 'Opening up'],
      ['Closure', 5, '0% (0)', '0% (0)', '20% (1)', '40% (2)', '40% (2)', 'Making it work'],
    ]);
    const texts = textsOf(root);
    // Each point with its count, each median named above its bar, and the key naming every level.
    expect(texts).toEqual(expect.arrayContaining(['Referral\nn = 6', 'Closure\nn = 5', 'Median:\nMaking it work']));
    for (const level of levels) expect(texts).toContain(level.label);
    // Segments say their share in words, not by colour alone.
    expect(texts).toEqual(expect.arrayContaining(['Stuck\n50%', 'Independent\n40%']));
    expect(root.getAttribute('aria-description')).toContain('Median level: Stuck at Referral (6 rated)');
  });

  it('draws a line per family when there are few, and none when there are many', () => {
    const few = trajectoriesChart({ levels, points: trajectoryPoints(levels, POINTS, FAMILIES), families: FAMILIES });
    const links = checkChart(few).querySelectorAll('g[data-mark="link"] path');
    // Each family's moves from one point to the next where it was rated at both: 6 + 5.
    expect(links).toHaveLength(11);
    expect(textsOf(checkChart(few))).toContain('One family');

    const many = Array.from({ length: MAX_FAMILY_LINES + 1 }, (_, i) => FAMILIES[i % FAMILIES.length] ?? []);
    const crowd = trajectoriesChart({ levels, points: trajectoryPoints(levels, POINTS, many), families: many });
    expect(checkChart(crowd).querySelectorAll('g[data-mark="link"]')).toHaveLength(0);
    expect(
      checkChart(
        trajectoriesChart(
          { levels, points: trajectoryPoints(levels, POINTS, many), families: many },
          { maxFamilyLines: 40 },
        ),
      ).querySelectorAll('g[data-mark="link"] path').length,
    ).toBeGreaterThan(0);
  });

  it('escapes a level or point a person named with markup', () => {
    const own: TrajectoryLevel[] = [
      { value: 1, label: MALICIOUS, colour: '#b42318' },
      { value: 2, label: 'Fine', colour: '#067647' },
    ];
    const chart = trajectoriesChart({ levels: own, points: [{ label: MALICIOUS, counts: [4, 4] }] });
    const root = checkChart(chart);
    expect(tableCells(chart)).toContain(MALICIOUS);
    expect(textsOf(root).some((text) => text.startsWith('<script>'))).toBe(true);
    expect(root.getAttribute('aria-description')).toContain(MALICIOUS);
  });

  it('outlines a level whose colour is too pale to stand out from white', () => {
    const pale: TrajectoryLevel[] = [
      { value: 1, label: 'Low', colour: '#ffe08a' },
      { value: 2, label: 'High', colour: '#067647' },
    ];
    const root = checkChart(trajectoriesChart({ levels: pale, points: [{ label: 'Now', counts: [3, 1] }] }));
    const low = [...root.querySelectorAll('rect')].find((rect) => rect.getAttribute('fill') === '#ffe08a');
    expect(low?.getAttribute('stroke')).toBe(INK);
  });

  it('sizes for a tablet and for a shared screen', () => {
    const points = trajectoryPoints(levels, POINTS, FAMILIES);
    const tablet = checkChart(trajectoriesChart({ levels, points }, { width: 820 }));
    const screen = checkChart(trajectoriesChart({ levels, points }, { width: 1800 }));
    expect(tablet.getAttribute('width')).toBe('820');
    expect(screen.getAttribute('width')).toBe('1800');
    expect(Number(screen.getAttribute('font-size'))).toBeGreaterThan(Number(tablet.getAttribute('font-size')));
  });

  it('shows a point nobody was rated at as such, and refuses counts that do not fit the scale', () => {
    const chart = trajectoriesChart({ levels, points: [{ label: 'Closure', counts: [0, 0, 0, 0, 0] }] });
    checkChart(chart);
    expect(chart.table.rows[0]).toEqual(['Closure', 0, '–', '–', '–', '–', '–', '–']);
    expect(() => trajectoriesChart({ levels, points: [{ label: 'Closure', counts: [1, 2] }] })).toThrow(RangeError);
    expect(() =>
      trajectoriesChart({ levels, points: trajectoryPoints(levels, POINTS, FAMILIES), families: FAMILIES.slice(1) }),
    ).toThrow(RangeError);
  });
});
