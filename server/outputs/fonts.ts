/**
 * The one typeface every output is drawn in, DejaVu Sans (from the `dejavu-fonts-ttf` package,
 * so no system fonts are needed): its files for the PDF and PNG renderers, and its metrics for
 * wrapping words, so lines break in the same places in the SVG, the PNG and the PDF.
 */
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';

const fileOf = (name: string) => fileURLToPath(import.meta.resolve(`dejavu-fonts-ttf/ttf/${name}`));

export const FONT_FILES = { regular: fileOf('DejaVuSans.ttf'), bold: fileOf('DejaVuSans-Bold.ttf') } as const;
export const FONT_FAMILY = 'DejaVu Sans';
export type Weight = keyof typeof FONT_FILES;

/** How wide a string is at a size, in points (or SVG pixels: one unit each). */
export type Measure = (text: string, size: number, weight?: Weight) => number;

export function fontMeasure(): Measure {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.registerFont('regular', FONT_FILES.regular);
  doc.registerFont('bold', FONT_FILES.bold);
  return (text, size, weight = 'regular') => doc.font(weight).fontSize(size).widthOfString(text);
}

/** Words broken into lines no wider than `width`; past `maxLines`, the last ends in "…". */
export function wrap(
  measure: Measure,
  text: string,
  size: number,
  width: number,
  maxLines: number,
  weight?: Weight,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const tried = line ? `${line} ${word}` : word;
    if (measure(tried, size, weight) <= width || !line) line = tried;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1] ?? '';
  while (last && measure(`${last}…`, size, weight) > width) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last.trimEnd()}…`;
  return kept;
}
