/**
 * Where the charts' words go (issue: labels cut at the left edge). Every text element is measured
 * as the charts measure it (text.ts, DejaVu Sans's widths) and must lie within the chart: none
 * starting left of x = 0. Where the chart is wide enough, no label is cut: long ones wrap onto
 * two or three lines, and a level's name in a bar is left out rather than cut inside a word.
 */
import { describe, expect, it } from 'vitest';
import { MONTH_BANDS } from '../../../src/cohort/cohort-view.ts';
import { DEFAULT_PROGRESS_SCALE } from '../../../src/model/index.ts';
import {
  agencyCostsChart,
  issuePrevalenceChart,
  trajectoriesChart,
  typeProfileHeatmap,
  typeSizesChart,
  type TypeProfilesData,
} from '../../../server/outputs/charts/index.ts';
import { fontSizeFor } from '../../../server/outputs/charts/plot.ts';
import { textWidth } from '../../../server/outputs/charts/text.ts';
import { checkChart, expectTextInside, textBoxes, textsOf, wordsOf } from './svg-checks.ts';

/** The labels the cohort page gave the synthetic cohort's types, and its issues: what was cut. */
const TYPES = [
  'Type 1: Mostly: Special educational needs and disabilities (SEND); At risk of financial exclusion; Physical health',
  'Type 2: Mostly: Domestic violence and abuse; Child at risk of entering care; Child in Need',
  'Type 3: Mostly: Concerns about parenting; Anti-social behaviour; Excluded from school',
  'Type 4: Mostly: Poor school attendance; Mental health; Excluded from school',
];
const ISSUES = [
  'Offending',
  'Involved in, or vulnerable to, serious and organised crime',
  'Poor or declining attainment at school',
  'Special educational needs and disabilities (SEND)',
  'Debt',
];
const PROFILES: TypeProfilesData = {
  types: TYPES.map((label, t) => ({ label, families: [123, 95, 54, 28][t] ?? 1 })),
  issues: ISSUES.map((label, i) => ({ label, counts: [10 + i, 20, 30 - i, 5] })),
};
const levels = DEFAULT_PROGRESS_SCALE.levels;
/** Seven bands of months, as the cohort view aligns them, with families at every level. */
const PROGRESS = {
  levels,
  points: MONTH_BANDS.map((band, b) => ({
    label: band.label,
    counts: levels.map((_, l) => (l === b % levels.length ? 6 : l === (b + 1) % levels.length ? 3 : 0)),
  })),
};
const WIDTHS = [820, 960, 1800];

/** Each line drawn within the chart, and the margin as wide as its widest label. */
function laidOut(root: Element) {
  expectTextInside(root);
  return textBoxes(root);
}

describe('labels fit their chart', () => {
  it('the type-size bars: the left margin holds each whole type name, wrapped, none cut', () => {
    for (const width of WIDTHS) {
      const root = checkChart(typeSizesChart(PROFILES, { width }));
      const boxes = laidOut(root);
      const words = wordsOf(root);
      for (const label of TYPES) expect(words, `${label} at ${width}`).toContain(label);
      expect(textsOf(root).join()).not.toContain('…');
      // A name takes three lines at most, and its margin is at least as wide as its widest line.
      const names = boxes.filter((box) => TYPES.includes(box.text.replace(/\n/g, ' ')));
      expect(names).toHaveLength(TYPES.length);
      const fontSize = fontSizeFor(width);
      const bars = [...root.querySelectorAll('g[data-mark="bar"] rect')].map((rect) => Number(rect.getAttribute('x')));
      for (const name of names) {
        expect(name.text.split('\n').length).toBeLessThanOrEqual(3);
        const widest = Math.max(...name.text.split('\n').map((line) => textWidth(line, fontSize)));
        expect(Math.min(...bars)).toBeGreaterThanOrEqual(widest);
      }
    }
  });

  it('the issue × type heat-map: each issue whole in the left margin, each type wrapped above its column', () => {
    for (const width of WIDTHS) {
      const root = checkChart(typeProfileHeatmap(PROFILES, { width }));
      laidOut(root);
      for (const label of ISSUES) expect(wordsOf(root), `${label} at ${width}`).toContain(label);
    }
    // Wide enough, a type's name is drawn whole over its lines above its count.
    const three = {
      types: PROFILES.types.slice(1),
      issues: PROFILES.issues.map((issue) => ({ ...issue, counts: issue.counts.slice(1) })),
    };
    const wide = checkChart(typeProfileHeatmap(three, { width: 1800 }));
    for (const label of TYPES.slice(1))
      expect(wordsOf(wide).some((words) => words.startsWith(`${label} n = `))).toBe(true);
  });

  it('the progress chart: every band and median named whole, a level in a bar whole or not at all', () => {
    for (const width of WIDTHS) {
      const root = checkChart(trajectoriesChart(PROGRESS, { width }));
      laidOut(root);
      const words = wordsOf(root);
      const texts = textsOf(root);
      expect(texts.join(), `at ${width}`).not.toContain('…');
      for (const band of MONTH_BANDS)
        expect(
          words.some((text) => text.startsWith(`${band.label} n = `)),
          band.label,
        ).toBe(true);
      // Each band's median level, named whole above its bar.
      for (const text of words.filter((text) => text.startsWith('Median: ')))
        expect(levels.map((level) => `Median: ${level.label}`)).toContain(text);
      // In a bar: a level's whole name and its share, the share alone, or nothing.
      const inBars = textsOf(root.querySelector('g[data-mark="text"]') ?? root).filter((text) => text !== '');
      for (const text of inBars) {
        const [share, ...name] = text.split('\n').reverse();
        expect(share, text).toMatch(/^(\d+%|<1%)$/);
        if (name.length > 0) expect(levels.map((level) => level.label)).toContain(name.reverse().join(' '));
      }
      // Where there is room, a level is named in its bar.
      expect(inBars.filter((text) => text.includes('\n')).length).toBeGreaterThan(0);
    }
  });

  it('the grouped bars of issues and of costs keep every word within the chart', () => {
    for (const width of [320, ...WIDTHS]) {
      const prevalence = issuePrevalenceChart(
        {
          assessed: { referral: 40, closure: 30 },
          issues: ISSUES.map((label, i) => ({ label, referral: 10 + i, closure: 5 })),
        },
        { width },
      );
      laidOut(checkChart(prevalence));
      const costs = agencyCostsChart(
        {
          groups: ['Before support', 'During support', 'After support'],
          agencies: [
            { label: 'District councils (housing, anti-social behaviour)', amounts: [8953, 0, 141] },
            { label: 'HM Treasury / DWP', amounts: [137092, 15025, 24417] },
          ],
        },
        { width },
      );
      laidOut(checkChart(costs));
    }
  });

  it('a chart too narrow for a name ends it in "…" after a whole word, still within the chart', () => {
    const root = checkChart(typeSizesChart(PROFILES, { width: 320 }));
    laidOut(root);
    const cut = textsOf(root).filter((text) => text.includes('…'));
    expect(cut.length).toBeGreaterThan(0);
    for (const text of cut) {
      const kept = text.replace(/\n/g, ' ').replace('…', '');
      expect(TYPES.some((label) => label.startsWith(kept) && [' ', ';', ':'].includes(label[kept.length] ?? ' '))).toBe(
        true,
      );
    }
  });
});
