/**
 * How wide the charts' words are, and how they are broken into lines, so that a margin is as wide
 * as its labels and no label runs off the chart's edge. The charts do their own wrapping rather
 * than Plot's (`lineWidth`, `textOverflow`): Plot measures with narrow Helvetica-like widths, so
 * what it thought fitted ran past the left edge in the fonts people have.
 *
 * Widths are DejaVu Sans's (the outputs' own typeface, server/outputs/fonts.ts, and what a Linux
 * browser draws `system-ui` and `sans-serif` in): wider than Segoe UI, Roboto or San Francisco,
 * the other fonts a chart names, so a label measured here fits in any of them.
 */

/** The space between lines of a label, in ems (Plot's `lineHeight`). */
export const LINE_HEIGHT = 1.15;

export type Weight = 'regular' | 'bold';

// Advance widths in thousandths of an em of DejaVu Sans Book and Bold, for the characters from
// space (U+0020) to tilde (U+007E), then for those of EXTRA.
// prettier-ignore
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863,
  748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635,
  615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636,
  337, 636, 838, 318, 318, 518, 518, 500, 1000, 1000, 636, 636, 590, 318, 838, 615,
];
// prettier-ignore
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995,
  837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716,
  678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712,
  365, 712, 838, 380, 380, 657, 657, 500, 1000, 1000, 696, 696, 639, 380, 838, 678,
];
const EXTRA = '’‘“”–—…£€•·×é';

/** Thousandths of an em, for a character outside the table: a wide one for CJK and emoji, none for a combining mark. */
function otherWidth(code: number, weight: Weight): number {
  if (code >= 0x300 && code < 0x370) return 0;
  if (code >= 0x1100) return 1000;
  return weight === 'bold' ? 760 : 700;
}

/** How wide a line of text is drawn at this size, in pixels: enough to size a margin, not to place letters. */
export function textWidth(text: string, fontSize: number, weight: Weight = 'regular'): number {
  const widths = weight === 'bold' ? BOLD : REGULAR;
  let thousandths = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const extra = EXTRA.indexOf(char);
    const index = code >= 0x20 && code < 0x7f ? code - 0x20 : extra >= 0 ? 0x5f + extra : -1;
    thousandths += widths[index] ?? otherWidth(code, weight);
  }
  return (thousandths * fontSize) / 1000;
}

/** The widest of these lines, in pixels. */
export function widestLine(lines: readonly string[], fontSize: number, weight: Weight = 'regular'): number {
  return Math.max(0, ...lines.map((line) => textWidth(line, fontSize, weight)));
}

/** The line cut short to end in "…" within `width`: after a whole word when it can be, else between letters. */
function ellipsised(line: string, width: number, fontSize: number, weight: Weight): string {
  const fits = (text: string) => textWidth(`${text}…`, fontSize, weight) <= width;
  const words = line.split(' ');
  while (words.length > 1 && !fits(words.join(' '))) words.pop();
  const kept = words.join(' ').replace(/[\s,;:–—-]+$/u, '');
  if (fits(kept)) return `${kept}…`;
  const letters = [...kept];
  while (letters.length > 0 && !fits(letters.join(''))) letters.pop();
  return `${letters.join('').trimEnd()}…`;
}

/**
 * The words broken into lines no wider than `width` pixels, at most `maxLines` of them. Past the
 * last line the words are left off and the line ends in "…" after a whole word; a single word
 * wider than a line (a long name with no spaces) is the only thing cut between letters.
 */
export function wrapLines(
  text: string,
  width: number,
  fontSize: number,
  maxLines: number,
  weight: Weight = 'regular',
): string[] {
  const fits = (line: string) => textWidth(line, fontSize, weight) <= width;
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && fits(`${last} ${word}`)) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const kept = lines
    .slice(0, Math.max(1, maxLines))
    .map((line) => (fits(line) ? line : ellipsised(line, width, fontSize, weight)));
  const last = kept.length - 1;
  if (lines.length > kept.length && lines[last] === kept[last])
    kept[last] = ellipsised(kept[last] ?? '', width, fontSize, weight);
  return kept;
}

/** `wrapLines`, as one string with a newline between lines (how Plot's text marks take several lines). */
export function wrapText(
  text: string,
  width: number,
  fontSize: number,
  maxLines: number,
  weight: Weight = 'regular',
): string {
  return wrapLines(text, width, fontSize, maxLines, weight).join('\n');
}

/** The lines, only if every word fits whole within `width` in at most `maxLines`: for words that may be left out, never cut. */
export function wholeLines(text: string, width: number, fontSize: number, maxLines: number): string[] | undefined {
  const lines = wrapLines(text, width, fontSize, maxLines);
  return lines.join(' ') === text.split(/\s+/).filter(Boolean).join(' ') ? lines : undefined;
}

/** A set of labels fitted to a margin: each wrapped, and the width of the widest line. */
export interface FittedLabels {
  /** Each label's lines, joined by newlines. */
  texts: string[];
  /** The most lines any label takes. */
  lines: number;
  /** The widest line, in pixels: what the margin must hold. */
  width: number;
}

/**
 * Labels wrapped for a margin of at most `maxWidth`: each on one line when it fits, otherwise on
 * up to `maxLines` lines, the margin as narrow as it can be without any label taking more lines
 * than it would at `maxWidth` (so the chart keeps the rest of its width), and never narrower than
 * the longest word. When a label needs more than `maxLines` even at `maxWidth`, the margin stays
 * at `maxWidth` and that label's last line ends in "…".
 */
export function fitLabels(
  labels: readonly string[],
  fontSize: number,
  maxWidth: number,
  maxLines: number,
  weight: Weight = 'regular',
): FittedLabels {
  const counts = (width: number) =>
    labels.map((label) => wrapLines(label, width, fontSize, Number.MAX_SAFE_INTEGER, weight).length);
  const widest = counts(maxWidth);
  const asFew = (width: number) => counts(width).every((count, index) => count <= (widest[index] ?? 1));
  let width = maxWidth;
  // A label too long even for `maxWidth` is cut at its end: then the margin stays wide, to show more of it.
  if (widest.every((count) => count <= maxLines)) {
    let low = Math.min(
      maxWidth,
      widestLine(
        labels.flatMap((label) => label.split(/\s+/)),
        fontSize,
        weight,
      ),
    );
    if (asFew(low)) width = low;
    else
      while (width - low > 0.5) {
        const middle = (low + width) / 2;
        if (asFew(middle)) width = middle;
        else low = middle;
      }
  }
  const wrapped = labels.map((label) => wrapLines(label, width, fontSize, maxLines, weight));
  return {
    texts: wrapped.map((lines) => lines.join('\n')),
    lines: Math.max(1, ...wrapped.map((lines) => lines.length)),
    width: widestLine(wrapped.flat(), fontSize, weight),
  };
}
