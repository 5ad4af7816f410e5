import { readFileSync } from 'node:fs';
import * as Plot from '@observablehq/plot';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROGRESS_SCALE } from '../../../src/model/index.ts';
import {
  INK,
  PAPER,
  SERIES_COLOURS,
  contrast,
  heatColour,
  luminance,
  outlineFor,
  textOn,
} from '../../../server/outputs/charts/colours.ts';
import { CHART_CLASS, cellText } from '../../../server/outputs/charts/index.ts';
import {
  chartWidth,
  fontSizeFor,
  percentText,
  renderPlot,
  shareText,
  wrapText,
} from '../../../server/outputs/charts/plot.ts';
import { MALICIOUS, assertWellFormed, parseSvg, textsOf, xmlAttribute } from './svg-checks.ts';

const bars = (labels: string[]) =>
  renderPlot(
    {
      marks: [
        Plot.barY(labels, { x: (d: string) => d, y: () => 1 }),
        Plot.text(labels, { x: (d: string) => d, y: () => 1, text: (d: string) => d }),
      ],
    },
    { label: `Chart of ${labels.join(', ')}`, description: `About ${labels.join(', ')}`, fontSize: 15 },
  );

describe('renderPlot', () => {
  it('takes out Plot’s style element and names the chart for screen readers', () => {
    const svg = bars(['a', 'b']);
    assertWellFormed(svg);
    const root = parseSvg(svg);
    expect(svg).not.toMatch(/<style|\sstyle=/);
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('aria-label')).toBe('Chart of a, b');
    expect(root.firstElementChild?.localName).toBe('desc');
    expect(root.getAttribute('font-size')).toBe('15');
    expect(root.getAttribute('class')).toBe('tp-chart');
  });

  it('writes what people typed as text, in elements and in attributes', () => {
    const label = `${MALICIOUS} & "quotes" 'apostrophes' </text>`;
    const svg = bars([label]);
    assertWellFormed(svg);
    expect(svg).not.toContain('<script');
    const root = parseSvg(svg);
    expect(root.querySelectorAll('script')).toHaveLength(0);
    expect(root.getAttribute('aria-label')).toBe(`Chart of ${label}`);
    expect(xmlAttribute(svg, 'aria-label')).toBe(`Chart of ${label}`);
    expect(root.querySelector('desc')?.textContent).toBe(`About ${label}`);
    expect(textsOf(root)).toContain(label);
  });

  it('drops characters XML cannot hold, so a pasted control character cannot break the chart', () => {
    const svg = bars(['bell\u0007 and half a pair \ud83d here', 'emoji 👪 kept']);
    assertWellFormed(svg);
    expect(textsOf(parseSvg(svg))).toEqual(
      expect.arrayContaining(['bell and half a pair \ufffd here', 'emoji 👪 kept']),
    );
  });

  it('uses a fresh document each time: two renders are the same', () => {
    expect(bars(['x'])).toBe(bars(['x']));
  });

  it('has the rules of Plot’s style element in the site’s stylesheet, under the charts’ class', () => {
    const css = readFileSync(new URL('../../../site/styles/charts.css', import.meta.url), 'utf8');
    expect(CHART_CLASS).toBe('tp-chart');
    expect(css).toContain(`:where(.${CHART_CLASS}) {`);
    expect(css).toMatch(/max-width: 100%;[\s\S]*white-space: pre;/);
  });
});

describe('sizes and wording', () => {
  it('keeps widths sensible and grows text for a shared screen', () => {
    expect(chartWidth({})).toBe(960);
    expect(chartWidth({ width: Number.NaN })).toBe(960);
    expect(chartWidth({ width: 100 })).toBe(320);
    expect(fontSizeFor(820)).toBe(13);
    expect(fontSizeFor(1800)).toBe(20);
  });

  it('writes shares and counts in en-GB', () => {
    expect(percentText(1, 3)).toBe('33%');
    expect(percentText(1, 1000)).toBe('<1%');
    expect(percentText(0, 10)).toBe('0%');
    expect(percentText(0, 0)).toBe('–');
    expect(shareText(1234, 2468)).toBe('50% (1,234)');
    expect(cellText(10000)).toBe('10,000');
    expect(cellText('£5')).toBe('£5');
  });

  it('wraps a long label onto lines and ends what does not fit with an ellipsis', () => {
    // 6 ems is about 10 characters.
    expect(wrapText('Domestic abuse and mental health', 6, 3)).toBe('Domestic\nabuse and\nmental…');
    expect(wrapText('Domestic abuse', 6, 3)).toBe('Domestic\nabuse');
    expect(wrapText('Short', 6, 3)).toBe('Short');
    expect(wrapText('Supercalifragilistic', 6, 2)).toBe('Supercali…');
  });
});

describe('colours', () => {
  it('series colours stand out from white as marks and as text', () => {
    for (const colour of SERIES_COLOURS) expect(contrast(colour, PAPER)).toBeGreaterThanOrEqual(4.5);
  });

  it('the default progress scale’s colours stand out from white, with readable words on them', () => {
    for (const level of DEFAULT_PROGRESS_SCALE.levels) {
      expect(contrast(level.colour, PAPER)).toBeGreaterThanOrEqual(3);
      expect(contrast(level.colour, textOn(level.colour))).toBeGreaterThanOrEqual(4.5);
      expect(outlineFor(level.colour)).toBe('none');
    }
  });

  it('a pale colour a journey chose gets an ink outline and ink words', () => {
    expect(outlineFor('#ffe08a')).toBe(INK);
    expect(textOn('#ffe08a')).toBe(INK);
  });

  it('words on every shade of the heat-map are readable, and more is darker', () => {
    expect(luminance(heatColour(0.9))).toBeLessThan(luminance(heatColour(0.1)));
    for (let share = 0; share <= 1; share += 0.01) {
      const fill = heatColour(share);
      expect(contrast(fill, textOn(fill))).toBeGreaterThanOrEqual(4.5);
    }
  });
});
