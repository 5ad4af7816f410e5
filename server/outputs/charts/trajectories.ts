/**
 * Progress over time for a cohort: at each point (referral, each review, closure, or months since
 * support began) a bar split by the share of families at each level of the progress scale, lowest
 * level at the bottom. The scale is ordinal, so the middle is the median level, outlined in its bar
 * and named above it, never a mean. With few families, a line per family joins its ratings from
 * bar to bar; with many, lines would be a tangle and the shares say it better.
 *
 * Words are wrapped to the room they have, never cut inside a word where there is room: each
 * point's name (often "More than a year before") over up to three lines under its bar, each
 * median's level over two above it. A segment names its level only when the name fits it whole;
 * otherwise it gives its share alone, or nothing when too thin (the key and the table name them).
 */
import * as Plot from '@observablehq/plot';
import { INK, MUTED, PAPER, outlineFor, textOn } from './colours.ts';
import {
  chartWidth,
  countText,
  fontSizeFor,
  percentText,
  renderPlot,
  shareText,
  type ChartOptions,
  type ChartWithTable,
} from './plot.ts';
import { LINE_HEIGHT, textWidth, wholeLines, widestLine, wrapLines, wrapText } from './text.ts';
import { checkTrajectories, medianLevel, type TrajectoriesData, type TrajectoryLevel } from './trajectory-data.ts';

export interface TrajectoriesOptions extends ChartOptions {
  /** Most families drawn as lines; more than this and no lines are drawn. */
  maxFamilyLines?: number;
}

export const MAX_FAMILY_LINES = 30;
const DEFAULT_TITLE = 'Progress over time: share of families at each level';

interface Segment {
  point: number;
  level: TrajectoryLevel;
  count: number;
  y1: number;
  y2: number;
  median: boolean;
}

/** Each family's line from bar to bar: its place within its level's segment at each point. */
function familyLinks(data: TrajectoriesData, segments: readonly Segment[], half: number) {
  const families = data.families ?? [];
  const place = families.map(() => data.points.map((): number | undefined => undefined));
  for (const segment of segments) {
    const value = segment.level.value;
    const members = families
      .map((family, index) => ({ index, before: family[segment.point - 1] ?? 0 }))
      .filter(({ index }) => families[index]?.[segment.point] === value)
      .sort((a, b) => a.before - b.before || a.index - b.index);
    members.forEach(({ index }, rank) => {
      const row = place[index];
      if (row) row[segment.point] = segment.y1 + ((segment.y2 - segment.y1) * (rank + 0.5)) / segment.count;
    });
  }
  const links: { x1: number; y1: number; x2: number; y2: number }[] = [];
  for (const row of place)
    row.forEach((y, point) => {
      const next = row[point + 1];
      if (y !== undefined && next !== undefined)
        links.push({ x1: point + half, y1: y, x2: point + 1 - half, y2: next });
    });
  return links;
}

/** One key entry in the right margin: a swatch and its words, on one line of at most `keyWidth` pixels. */
function keyEntry(row: number, words: string, swatch: Plot.DotOptions, fontSize: number, keyWidth: number) {
  const dy = Math.round(fontSize * (0.6 + row * 1.6));
  return [
    Plot.dot([words], { frameAnchor: 'top-right', dx: Math.round(fontSize * 1.4), dy, r: fontSize * 0.45, ...swatch }),
    Plot.text([words], {
      frameAnchor: 'top-right',
      dx: Math.round(fontSize * 2.2),
      dy,
      text: () => wrapText(words, keyWidth, fontSize, 1),
      textAnchor: 'start',
      fill: INK,
    }),
  ];
}

export function trajectoriesChart(data: TrajectoriesData, options: TrajectoriesOptions = {}): ChartWithTable {
  checkTrajectories(data);
  const width = chartWidth(options);
  const fontSize = fontSizeFor(width);
  const title = options.title ?? DEFAULT_TITLE;
  const totals = data.points.map((point) => point.counts.reduce((sum, count) => sum + count, 0));
  const medians = data.points.map((point) => medianLevel(point.counts));
  const lines = data.families !== undefined && data.families.length <= (options.maxFamilyLines ?? MAX_FAMILY_LINES);

  const segments: Segment[] = data.points.flatMap((point, index) => {
    let below = 0;
    const total = totals[index] ?? 0;
    return point.counts.flatMap((count, level) => {
      const y1 = (below / total) * 100;
      below += count;
      const segmentLevel = data.levels[level];
      if (count === 0 || !segmentLevel) return [];
      return [
        { point: index, level: segmentLevel, count, y1, y2: (below / total) * 100, median: medians[index] === level },
      ];
    });
  });

  const keyWidth = Math.min(
    width * 0.28,
    Math.max(fontSize * 8, widestLine(['Median level', 'One family', ...data.levels.map((l) => l.label)], fontSize)),
  );
  const marginRight = Math.round(keyWidth + fontSize * 2.8);
  const marginLeft = Math.round(fontSize * 5);
  const slot = (width - marginLeft - marginRight) / Math.max(1, data.points.length);
  // Words under or over a bar have its slot less a little space, or, for a long word, the slot whole.
  const wrapInSlot = (text: string, maxLines: number) =>
    (wholeLines(text, slot - fontSize * 0.6, fontSize, maxLines) ?? wrapLines(text, slot - 2, fontSize, maxLines)).join(
      '\n',
    );
  // Each point's name under its bar, over as many lines as it needs up to three, then its count.
  const pointTexts = data.points.map(
    (point, index) => `${wrapInSlot(point.label, 3)}\nn = ${countText(totals[index] ?? 0)}`,
  );
  // Each median's level above its bar, over up to two lines.
  const medianTexts = medians.map((median) => {
    const level = data.levels[median ?? -1];
    return level ? `Median:\n${wrapInSlot(level.label, 2)}` : 'No ratings';
  });
  const linesOf = (texts: readonly string[]) => Math.max(2, ...texts.map((text) => text.split('\n').length));
  const marginTop = Math.round(fontSize * (linesOf(medianTexts) * LINE_HEIGHT + 1.2));
  const marginBottom = Math.round(fontSize * (linesOf(pointTexts) * LINE_HEIGHT + 1.2));
  // The bars' area is the same whatever the labels take: the chart grows for them.
  const innerHeight = Math.round(Math.min(720, Math.max(380, width * 0.5)) - fontSize * 7);
  const height = marginTop + innerHeight + marginBottom;
  // Bars take about two thirds of their slot (less with lines, which run in the gaps), and no more than a label needs.
  const half = Math.min(lines ? 0.3 : 0.34, (fontSize * 6) / slot);
  const inBar = slot * half * 2 - fontSize * 0.6;
  const pixels = (segment: Segment) => ((segment.y2 - segment.y1) / 100) * innerHeight;
  const linesTall = (count: number) => fontSize * (count * LINE_HEIGHT + 0.3);
  const segmentText = (segment: Segment) => {
    const share = percentText(segment.count, totals[segment.point] ?? 0);
    const name = wholeLines(segment.level.label, inBar, fontSize, 2);
    if (name && pixels(segment) >= linesTall(name.length + 1)) return [...name, share].join('\n');
    return pixels(segment) >= linesTall(1) && textWidth(share, fontSize) <= inBar ? share : '';
  };
  const levelsDown = [...data.levels].reverse();

  const svg = renderPlot(
    {
      width,
      height,
      marginLeft,
      marginRight,
      marginTop,
      marginBottom,
      x: { domain: [-0.5, data.points.length - 0.5] },
      y: { domain: [0, 100] },
      marks: [
        Plot.gridY({ stroke: MUTED, strokeOpacity: 0.25, ticks: 5 }),
        Plot.axisY({
          ticks: 5,
          tickFormat: (d: number) => `${d}%`,
          label: 'Share of families',
          labelAnchor: 'center',
          labelArrow: 'none',
          fill: INK,
        }),
        Plot.axisX({
          ticks: data.points.map((_, index) => index),
          tickFormat: (index: number) => pointTexts[index] ?? '',
          tickSize: 0,
          label: null,
          lineHeight: LINE_HEIGHT,
          fill: INK,
        }),
        Plot.rect(segments, {
          x1: (s: Segment) => s.point - half,
          x2: (s: Segment) => s.point + half,
          y1: 'y1',
          y2: 'y2',
          fill: (s: Segment) => s.level.colour,
          stroke: (s: Segment) => (outlineFor(s.level.colour) === INK ? INK : PAPER),
        }),
        Plot.text(segments, {
          x: 'point',
          y: (s: Segment) => (s.y1 + s.y2) / 2,
          text: segmentText,
          fill: (s: Segment) => textOn(s.level.colour),
          lineHeight: LINE_HEIGHT,
        }),
        Plot.rect(
          segments.filter((s) => s.median),
          {
            x1: (s: Segment) => s.point - half,
            x2: (s: Segment) => s.point + half,
            y1: 'y1',
            y2: 'y2',
            fill: 'none',
            stroke: INK,
            strokeWidth: 3,
          },
        ),
        Plot.text(
          data.points.map((_, index) => index),
          {
            x: (index: number) => index,
            y: 100,
            dy: -Math.round(fontSize * 0.7),
            lineAnchor: 'bottom',
            text: (index: number) => medianTexts[index] ?? '',
            lineHeight: LINE_HEIGHT,
            fill: INK,
          },
        ),
        lines
          ? [
              Plot.link(familyLinks(data, segments, half), {
                x1: 'x1',
                y1: 'y1',
                x2: 'x2',
                y2: 'y2',
                curve: 'bump-x',
                stroke: INK,
                strokeWidth: 1.5,
                strokeOpacity: 0.75,
                markerStart: 'dot',
                markerEnd: 'dot',
              }),
            ]
          : [],
        levelsDown.map((level, row) =>
          keyEntry(
            row,
            level.label,
            { symbol: 'square', fill: level.colour, stroke: outlineFor(level.colour) },
            fontSize,
            keyWidth,
          ),
        ),
        keyEntry(
          levelsDown.length,
          'Median level',
          { symbol: 'square', fill: 'none', stroke: INK, strokeWidth: 3 },
          fontSize,
          keyWidth,
        ),
        lines
          ? keyEntry(
              levelsDown.length + 1,
              'One family',
              { symbol: 'circle', fill: INK, r: fontSize * 0.25 },
              fontSize,
              keyWidth,
            )
          : [],
      ],
    },
    { label: title, description: describe(data, totals, medians, lines), fontSize },
  );

  return {
    svg,
    table: {
      caption: title,
      columns: ['When', 'Families rated', ...data.levels.map((level) => level.label), 'Median level'],
      rows: data.points.map((point, index) => [
        point.label,
        totals[index] ?? 0,
        ...point.counts.map((count) => shareText(count, totals[index] ?? 0)),
        data.levels[medians[index] ?? -1]?.label ?? '–',
      ]),
    },
  };
}

function describe(data: TrajectoriesData, totals: number[], medians: (number | undefined)[], lines: boolean): string {
  const at = (index: number) =>
    `${data.levels[medians[index] ?? -1]?.label ?? 'no ratings'} at ${data.points[index]?.label ?? ''} (${countText(totals[index] ?? 0)} rated)`;
  const shown = data.points.length <= 6 ? data.points.map((_, i) => i) : [0, data.points.length - 1];
  const medianWords = data.points.length === 0 ? 'No points to show.' : `Median level: ${shown.map(at).join('; ')}.`;
  return `Share of families at each level of the progress scale at ${data.points.length} points. ${medianWords}${lines ? ' Each line is one family.' : ''}`;
}
