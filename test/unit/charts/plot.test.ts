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
import { chartWidth, fontSizeFor, percentText, renderPlot, shareText } from '../../../server/outputs/charts/plot.ts';
import { fitLabels, textWidth, wholeLines, wrapLines, wrapText } from '../../../server/outputs/charts/text.ts';
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

/** The stylesheet's rules, each with the @media it is in ('' for none): enough of CSS for these checks. */
function cssRules(css: string): { media: string; selector: string; body: string }[] {
  const rules: { media: string; selector: string; body: string }[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let media = '';
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      const head = text.slice(start, i).trim();
      if (head.startsWith('@media')) media = head;
      else rules.push({ media: depth === 0 ? '' : media, selector: head, body: '' });
      depth += 1;
      start = i + 1;
    } else if (text[i] === '}') {
      const last = rules.at(-1);
      if (last && last.body === '' && text.slice(start, i).includes(':')) last.body = text.slice(start, i);
      depth -= 1;
      if (depth === 0) media = '';
      start = i + 1;
    }
  }
  return rules;
}

describe('charts.css', () => {
  const css = readFileSync(new URL('../../../site/styles/charts.css', import.meta.url), 'utf8');
  const rules = cssRules(css);
  const where = (selector: string | RegExp, media = '') =>
    rules.filter(
      (rule) =>
        rule.media === media &&
        (typeof selector === 'string' ? rule.selector === selector : selector.test(rule.selector)),
    );

  it('draws a chart as wide as its container on a wide screen, keeping the viewBox to scale it, and as before on a tablet', () => {
    const wide = rules.find((rule) => /min-width/.test(rule.media) && rule.selector === ':where(.tp-chart)');
    expect(wide?.body).toMatch(/width: 100%/);
    // From 50rem: a tablet's 820 draws a 960 chart at its container's width, as before.
    expect(Number(/min-width: ([\d.]+)rem/.exec(wide?.media ?? '')?.[1])).toBeLessThanOrEqual(820 / 16);
    expect(where(':where(.tp-chart)')[0]?.body).toMatch(/height: auto/);
    expect(where(':where(.tp-chart)')[0]?.body).toMatch(/max-width: 100%/);
  });

  it('lets a table’s column headings wrap, keeps figures whole, and shows when a table scrolls', () => {
    for (const rule of rules.filter((r) => /thead th/.test(r.selector))) expect(rule.body).not.toMatch(/nowrap/);
    expect(where('.tp-chart-table td:not(:first-child)')[0]?.body).toMatch(/white-space: nowrap/);
    const scroll = where('.tp-chart-table-scroll')[0]?.body ?? '';
    expect(scroll).toMatch(/overflow-x: auto/);
    // Covers that scroll with the table over shadows that stay on the box's edges.
    expect(scroll.match(/\blocal\b/g)).toHaveLength(2);
    expect(scroll.match(/\bscroll\b/g)).toHaveLength(2);
    expect(where('.tp-chart-table')[0]?.body).toMatch(/background: transparent/);
  });

  it('prints every column, and keeps a chart with the heading and words before it', () => {
    const print = rules.filter((rule) => rule.media === '@media print');
    expect(print.find((rule) => rule.selector === '.tp-chart-table-scroll')?.body).toMatch(/overflow: visible/);
    expect(print.find((rule) => rule.selector === '.tp-chart')?.body).toMatch(/break-inside: avoid/);
    const kept = print.find((rule) => rule.selector.includes(':has(+ .tp-chart-figure)'));
    expect(kept?.selector).toMatch(/h2/);
    expect(kept?.body).toMatch(/break-after: avoid/);
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

  it('measures text as DejaVu Sans draws it: narrow letters narrow, wide ones wide, bold wider', () => {
    // "Stuck": S 635, t 392, u 634, c 550, k 579 thousandths of an em.
    expect(textWidth('Stuck', 10)).toBeCloseTo(27.9, 5);
    expect(textWidth('iiii', 13)).toBeLessThan(textWidth('MMMM', 13) / 2);
    expect(textWidth('Stuck', 13, 'bold')).toBeGreaterThan(textWidth('Stuck', 13));
    expect(textWidth('£1,234 – 5…', 13)).toBeGreaterThan(0);
    // A character outside the table counts as wide, never as nothing.
    expect(textWidth('家', 10)).toBe(10);
  });
});

describe('wrapping labels', () => {
  // At 10 px "Domestic abuse" is about 72 px wide; 60 px takes about one of these words a line.
  it('breaks between words, and past the last line leaves words off after a whole word, with an ellipsis', () => {
    expect(wrapLines('Domestic abuse and mental health', 60, 10, 3)).toEqual(['Domestic', 'abuse and', 'mental…']);
    expect(wrapLines('Domestic abuse', 60, 10, 3)).toEqual(['Domestic', 'abuse']);
    expect(wrapText('Domestic abuse', 60, 10, 3)).toBe('Domestic\nabuse');
    expect(wrapLines('Short', 60, 10, 3)).toEqual(['Short']);
    // Punctuation before the cut goes: "Mostly…", not "Mostly:…".
    expect(wrapLines('Type 1: Mostly: Special needs', 80, 10, 1)).toEqual(['Type 1…']);
    // Only a word too long for a line on its own is cut between letters.
    expect(wrapLines('Supercalifragilistic', 60, 10, 2)).toEqual(['Supercali…']);
    for (const line of wrapLines('Involved in, or vulnerable to, serious and organised crime', 90, 13, 3))
      expect(textWidth(line, 13)).toBeLessThanOrEqual(90);
  });

  it('gives lines of whole words, or none when they would have to be cut', () => {
    expect(wholeLines('Opening up', 45, 10, 2)).toEqual(['Opening', 'up']);
    expect(wholeLines('Opening up', 60, 10, 2)).toEqual(['Opening up']);
    expect(wholeLines('Independent', 40, 10, 2)).toBeUndefined();
    expect(wholeLines('Making it work', 40, 10, 2)).toEqual(['Making', 'it work']);
    expect(wholeLines('Making it work', 40, 10, 1)).toBeUndefined();
  });

  it('fits labels to a margin: one line when they fit, else as narrow as their lines allow, never cut when there is room', () => {
    const short = fitLabels(['Police', 'NHS'], 13, 300, 3);
    expect(short).toEqual({ texts: ['Police', 'NHS'], lines: 1, width: textWidth('Police', 13) });
    const long = 'Involved in, or vulnerable to, serious and organised crime';
    const fitted = fitLabels([long, 'Debt'], 13, 300, 3);
    expect(fitted.texts[0]?.replace(/\n/g, ' ')).toBe(long);
    expect(fitted.texts[1]).toBe('Debt');
    expect(fitted.lines).toBe(2);
    // As narrow as two lines allow: about half the label's width, not the whole 300.
    expect(fitted.width).toBeLessThan(textWidth(long, 13) * 0.6);
    expect(fitted.width).toBeGreaterThan(textWidth(long, 13) * 0.45);
    for (const text of fitted.texts)
      for (const line of text.split('\n')) expect(textWidth(line, 13)).toBeLessThanOrEqual(fitted.width);
    // Too long for three lines even at the widest: the margin stays wide and the label ends in "…".
    const tooLong = fitLabels([`${long} ${long} ${long}`], 13, 200, 3);
    expect(tooLong.lines).toBe(3);
    expect(tooLong.texts[0]).toMatch(/…$/);
    expect(tooLong.width).toBeGreaterThan(180);
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
