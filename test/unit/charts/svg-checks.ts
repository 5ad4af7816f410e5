/**
 * What every chart must be: well-formed SVG (xmllint, as a browser opening the file on its own
 * would need), nothing the Content-Security-Policy would refuse (no style element, no style
 * attribute), named for screen readers, and no markup that came from a label.
 */
import { parseHTML } from 'linkedom';
import { expect } from 'vitest';
import { toolReading } from '../../server/tools.ts';
import { CHART_CLASS, type ChartTable, type ChartWithTable } from '../../../server/outputs/charts/index.ts';

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
