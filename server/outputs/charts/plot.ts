/**
 * A chart rendered on the server: Observable Plot draws into a fresh linkedom document (one per
 * render, so no state is shared between requests) and the SVG is written out as a string that a
 * page puts inline, with no script.
 *
 * Plot adds a `<style>` element to every chart; the site's Content-Security-Policy accepts only
 * stylesheets of its own (astro.config.mjs, `styleDirective`), so the element is taken out and
 * the same rules live in site/styles/charts.css under CHART_CLASS. No chart here uses the Plot
 * features that write `style` attributes (legends, tips, blend modes); any left are removed all
 * the same, so the SVG is also safe where attributes are refused too (server/security-headers.ts).
 *
 * The SVG is written as XML by `toXml` below rather than by linkedom, whose HTML serialiser
 * leaves `<` unescaped inside attributes: every label a person typed comes out as text.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

/** The class on every chart's root; site/styles/charts.css styles it. */
export const CHART_CLASS = 'tp-chart';

/** A table of the numbers a chart draws, shown beside it: for screen readers, print and copying. */
export interface ChartTable {
  caption: string;
  columns: string[];
  /** One row per category; numbers are counts of families, anything else is written out already. */
  rows: (string | number)[][];
}

/** A chart as an SVG string (to put inline in a page) and the same numbers as a table. */
export interface ChartWithTable {
  svg: string;
  table: ChartTable;
}

export interface ChartOptions {
  /**
   * The width the chart is laid out at, in pixels: its text is `fontSizeFor` it. On the page the
   * SVG then scales to its container's width (site/styles/charts.css), text and all: a 960 chart
   * is drawn about 1,730 wide on a shared 1920×1080 screen and about 770 on an 820 tablet.
   */
  width?: number;
  /** Names the chart for screen readers and captions its table; each chart has its own default. */
  title?: string;
}

export const DEFAULT_WIDTH = 960;
const MIN_WIDTH = 320;

/** The width asked for, within what a chart can be drawn at. */
export function chartWidth(options: ChartOptions): number {
  const width = options.width ?? DEFAULT_WIDTH;
  if (!Number.isFinite(width)) return DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, Math.round(width));
}

/** Text grows with the chart, so a wide chart read from across a room stays legible: 13 px at tablet size up to 20 px. */
export function fontSizeFor(width: number): number {
  return Math.min(20, Math.max(13, Math.round(width / 80)));
}

const COUNT = new Intl.NumberFormat('en-GB');
const PERCENT = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });

/** "1,234". */
export const countText = (count: number): string => COUNT.format(count);

/** "1,234": how a table cell's number is written. */
export function cellText(cell: string | number): string {
  return typeof cell === 'number' ? countText(cell) : cell;
}

/** "23%", "<1%" for a share above 0 that would round to nothing, or "–" when there is no one to share among. */
export function percentText(count: number, total: number): string {
  if (total <= 0) return '–';
  const share = count / total;
  if (share > 0 && share < 0.005) return '<1%';
  return PERCENT.format(share);
}

/** "23% (12)": a share with the count behind it; "–" when there is no one to share among. */
export function shareText(count: number, total: number): string {
  if (total <= 0) return '–';
  return `${percentText(count, total)} (${COUNT.format(count)})`;
}

export interface ChartText {
  /** The chart's accessible name (aria-label). */
  label: string;
  /** What the chart shows, in a sentence or two (aria-description and `<desc>`). */
  description: string;
  fontSize: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Draw a Plot spec to an SVG string: no `<style>`, no `style` attribute, named for screen readers. */
export function renderPlot(spec: Plot.PlotOptions, text: ChartText): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const chart = Plot.plot({
    ...spec,
    document,
    className: CHART_CLASS,
    figure: false,
    ariaLabel: text.label,
    ariaDescription: text.description,
  });
  for (const style of chart.querySelectorAll('style')) style.remove();
  for (const styled of chart.querySelectorAll('[style]')) styled.removeAttribute('style');
  chart.removeAttribute('style');
  // The chart is one image (role="img"), told by its name, description and the table beside it:
  // Plot's names on its inner groups are not allowed on elements without a role (axe).
  // Each mark's kind stays as `data-mark` ("bar", "text"), for tests and styles.
  for (const named of chart.querySelectorAll('[aria-label], [aria-description], [aria-hidden]')) {
    const mark = named.getAttribute('aria-label');
    if (mark !== null) named.setAttribute('data-mark', mark);
    for (const attribute of ['aria-label', 'aria-description', 'aria-hidden']) named.removeAttribute(attribute);
  }
  chart.setAttribute('xmlns', SVG_NS);
  chart.setAttribute('role', 'img');
  chart.setAttribute('font-size', String(text.fontSize));
  chart.setAttribute('font-family', "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif");
  const desc = document.createElementNS(SVG_NS, 'desc');
  desc.textContent = text.description;
  chart.prepend(desc);
  return toXml(chart);
}

// Characters XML 1.0 cannot hold at all, even escaped: dropped from what people typed (and half
// a surrogate pair becomes U+FFFD), so a pasted control character cannot make the SVG unreadable.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xmlSafe = (value: string) => value.toWellFormed().replace(NOT_XML, '');
const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escapeText = (value: string) => xmlSafe(value).replace(/[&<>]/g, (c) => TEXT_ENTITIES[c] ?? c);
const escapeAttribute = (value: string) => xmlSafe(value).replace(/[&<>"]/g, (c) => TEXT_ENTITIES[c] ?? c);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** The element as XML, which is also valid inline in HTML: elements, attributes and text only. */
function toXml(node: Node): string {
  if (node.nodeType === TEXT_NODE) return escapeText(node.textContent ?? '');
  if (node.nodeType !== ELEMENT_NODE) return '';
  const element = node as Element;
  const name = element.localName;
  const attributes = [...element.attributes].map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
  const children = [...element.childNodes].map(toXml).join('');
  return children === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${children}</${name}>`;
}
