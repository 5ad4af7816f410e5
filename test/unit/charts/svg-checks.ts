/**
 * What every chart must be: well-formed SVG (xmllint, as a browser opening the file on its own
 * would need), nothing the Content-Security-Policy would refuse (no style element, no style
 * attribute), named for screen readers, and no markup that came from a label.
 */
import { parseHTML } from 'linkedom';
import { expect } from 'vitest';
import { toolReading } from '../../server/tools.ts';
import { CHART_CLASS, type ChartTable, type ChartWithTable } from '../../../server/outputs/charts/index.ts';
import { textWidth } from '../../../server/outputs/charts/text.ts';

export const MALICIOUS = '<script>alert(1)</script>';

/** Raises when xmllint finds the text is not well-formed XML. */
export function assertWellFormed(svg: string): void {
  toolReading('xmllint', svg, '--noout', '-');
}

/** What a standalone XML reader (a browser opening the .svg) finds in the root's attribute. */
export function xmlAttribute(svg: string, name: string): string {
  return toolReading('xmllint', svg, '--xpath', `string(/*/@${name})`, '-').replace(/\n$/, '');
}

/**
 * The chart as a page's HTML parser reads it inline: the way it is shown. (linkedom's XML parser
 * leaves entities in attributes undecoded, so it would not show what a browser does.)
 */
export function parseSvg(svg: string): Element {
  const root = parseHTML(`<!doctype html><html><body>${svg}</body></html>`).document.querySelector('body > svg');
  if (!root) throw new Error('no svg element');
  return root;
}

/** The checks every chart passes; returns the parsed root for the chart's own checks. */
export function checkChart(chart: ChartWithTable): Element {
  assertWellFormed(chart.svg);
  const root = parseSvg(chart.svg);
  expect(root.localName).toBe('svg');
  expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  expect(root.getAttribute('role')).toBe('img');
  expect(root.getAttribute('aria-label')).toBeTruthy();
  expect(root.getAttribute('aria-description')).toBeTruthy();
  expect(root.getAttribute('class')).toBe(CHART_CLASS);
  expect(root.querySelector('desc')?.textContent).toBe(root.getAttribute('aria-description'));
  // One image: no name on an inner group, where ARIA does not allow one without a role (axe).
  expect(root.querySelectorAll('[aria-label], [aria-description]')).toHaveLength(0);
  // Refused by the page's policy (style elements) and by the default one (attributes too).
  expect(root.querySelectorAll('style')).toHaveLength(0);
  expect(root.querySelectorAll('[style]')).toHaveLength(0);
  expect(chart.svg).not.toMatch(/<style|\sstyle=/i);
  // No element or attribute a label could have smuggled in.
  expect(root.querySelectorAll('script, foreignObject, a, iframe')).toHaveLength(0);
  expect(chart.svg).not.toMatch(/<script|\son[a-z]+=/i);
  // Plot draws a warning sign into a chart whose data it could not make sense of.
  expect(chart.svg).not.toContain('\u26a0');
  // Every row as wide as the header.
  for (const row of chart.table.rows) expect(row).toHaveLength(chart.table.columns.length);
  expect(chart.table.caption).toBeTruthy();
  return root;
}

/** Every word drawn in the chart, one string per text element, its lines (tspans) joined by newlines. */
export function textsOf(root: Element): string[] {
  return [...root.querySelectorAll('text')].map((text) => {
    const lines = [...text.children].filter((child) => child.localName === 'tspan');
    if (lines.length > 0) return lines.map((line) => line.textContent).join('\n');
    return [...text.childNodes]
      .filter((node) => node.nodeType === 3)
      .map((node) => node.textContent)
      .join('');
  });
}

/** Every cell of the table as text, to look labels and figures up in. */
export function tableCells({ table }: { table: ChartTable }): string[] {
  return [table.caption, ...table.columns, ...table.rows.flat().map(String)];
}

/** Where a text element is drawn, estimated as the charts estimate it (text.ts), in the SVG's pixels. */
export interface TextBox {
  /** Its lines joined by newlines. */
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const TRANSLATE = /translate\(\s*(-?[\d.e+-]+)(?:[\s,]+(-?[\d.e+-]+))?\s*\)/;
const ROTATE = /rotate\(\s*(-?[\d.]+)/;

/** A length as Plot writes it: pixels, or ems of the font size. */
function length(value: string | null, fontSize: number): number {
  if (!value) return 0;
  return value.endsWith('em') ? Number.parseFloat(value) * fontSize : Number.parseFloat(value);
}

/** The nearest value of an attribute on the element or an ancestor (as SVG inherits it). */
function inherited(element: Element, name: string): string | null {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const value = at.getAttribute(name);
    if (value !== null) return value;
  }
  return null;
}

/**
 * Every text element's box: its position from the translations of it and its groups, its lines'
 * widths by `textWidth` (bold where drawn bold) placed by its text-anchor, and each line from its
 * ascender (0.76 em above the baseline) to its descender (0.24 em below). Plot rotates only its
 * vertical axis's name, by −90°, and that is turned accordingly.
 */
export function textBoxes(root: Element): TextBox[] {
  return [...root.querySelectorAll('text')].map((text) => {
    const fontSize = Number(inherited(text, 'font-size') ?? 10);
    const weight = inherited(text, 'font-weight') === 'bold' ? 'bold' : 'regular';
    let x = length(text.getAttribute('x'), fontSize);
    let y = 0;
    let rotated = false;
    for (let at: Element | null = text; at && at !== root.parentElement; at = at.parentElement) {
      const transform = at.getAttribute('transform') ?? '';
      const moved = TRANSLATE.exec(transform);
      if (moved) {
        x += Number(moved[1]);
        y += Number(moved[2] ?? 0);
      }
      if (at === text && ROTATE.exec(transform)) rotated = true;
    }
    const spans = [...text.children].filter((child) => child.localName === 'tspan');
    const lines: { words: string; baseline: number }[] = [];
    if (spans.length === 0)
      lines.push({ words: text.textContent ?? '', baseline: length(text.getAttribute('y'), fontSize) });
    let baseline = 0;
    for (const span of spans) {
      baseline = span.hasAttribute('y')
        ? length(span.getAttribute('y'), fontSize)
        : baseline + length(span.getAttribute('dy'), fontSize);
      lines.push({ words: span.textContent ?? '', baseline });
    }
    const anchor = inherited(text, 'text-anchor') ?? 'start';
    const widest = Math.max(0, ...lines.map((line) => textWidth(line.words, fontSize, weight)));
    const [before, after] =
      anchor === 'end' ? [widest, 0] : anchor === 'middle' ? [widest / 2, widest / 2] : [0, widest];
    const ascent = Math.min(...lines.map((line) => line.baseline)) - 0.76 * fontSize;
    const descent = Math.max(...lines.map((line) => line.baseline)) + 0.24 * fontSize;
    const words = lines.map((line) => line.words).join('\n');
    // Turned −90°: the line runs up the page, its ascent to the left.
    if (rotated) return { text: words, left: x + ascent, right: x + descent, top: y - after, bottom: y + before };
    return { text: words, left: x - before, right: x + after, top: y + ascent, bottom: y + descent };
  });
}

/** Every word of the chart drawn within its bounds: none starting left of x = 0 or running off another edge. */
export function expectTextInside(root: Element): void {
  const width = Number(root.getAttribute('width'));
  const height = Number(root.getAttribute('height'));
  const outside = textBoxes(root)
    .filter((box) => box.text !== '')
    .filter((box) => box.left < 0 || box.right > width || box.top < 0 || box.bottom > height)
    .map(
      (box) =>
        `${JSON.stringify(box.text)} at ${[box.left, box.right, box.top, box.bottom].map(Math.round).join(', ')}`,
    );
  expect(outside, `text outside the ${width}×${height} chart`).toEqual([]);
}

/** The drawn texts with their lines joined by spaces: a wrapped label reads as it was written. */
export function wordsOf(root: Element): string[] {
  return textsOf(root).map((text) => text.replace(/\n/g, ' '));
}
