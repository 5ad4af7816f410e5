/**
 * Horizontal bars, one row per bar, for the charts that compare amounts: costs by agency, issues at
 * referral and closure, the size of each family type. Horizontal because the names people give
 * (agencies, issues, types) are long: the left margin is as wide as the longest name needs, up to
 * two fifths of the chart, a longer name wrapping onto two or three lines (the whole name is in the
 * table, and past three lines a name ends in "…"). When a category has several bars
 * (before, during and after support), its name heads its group and each bar is named beside it,
 * so a bar is never told by its colour alone; each bar's amount is written at its end.
 */
import * as Plot from '@observablehq/plot';
import { INK, MUTED, PAPER } from './colours.ts';
import { LINE_HEIGHT, fitLabels, textWidth, wrapText } from './text.ts';

/** The most of a chart's width its names may take, and the most lines a name may take. */
const NAME_SHARE = 0.4;
const NAME_LINES = 3;

export interface Bar {
  value: number;
  /** The amount as written at the bar's end ("£1,234", "45% (12)"). */
  text: string;
  colour: string;
  /** The bar's name within its category ("Before support"); none when a category has one bar. */
  label?: string;
}

export interface BarCategory {
  label: string;
  bars: readonly Bar[];
}

export interface BarsLayout {
  width: number;
  fontSize: number;
  /** The value axis's name ("Cost", "Share of families"). */
  xLabel: string;
  xTickFormat: (value: number) => string;
  /** The value axis's upper end, when it has a natural one (100%); otherwise the largest value. */
  xMax?: number;
}

interface Row {
  row: number;
  /** A group's heading, or a bar's name. */
  name: string;
  bar?: Bar;
}

function rowsOf(categories: readonly BarCategory[]): { rows: Row[]; grouped: boolean } {
  const grouped = categories.some((category) => category.bars.length !== 1 || category.bars[0]?.label !== undefined);
  const rows: Row[] = [];
  for (const category of categories) {
    if (!grouped) {
      rows.push({ row: rows.length, name: category.label, bar: category.bars[0] });
      continue;
    }
    rows.push({ row: rows.length, name: category.label });
    for (const bar of category.bars) rows.push({ row: rows.length, name: bar.label ?? '', bar });
  }
  return { rows, grouped };
}

/** The Plot spec (size, scales and marks) for these categories' bars. */
export function horizontalBars(categories: readonly BarCategory[], layout: BarsLayout): Plot.PlotOptions {
  const { width, fontSize } = layout;
  const { rows, grouped } = rowsOf(categories);
  const barRows = rows.filter((row): row is Row & { bar: Bar } => row.bar !== undefined);
  const gap = Math.round(fontSize / 2);
  const names = fitLabels(
    barRows.map((row) => row.name),
    fontSize,
    width * NAME_SHARE - 2 * gap,
    NAME_LINES,
  );
  const nameOf = new Map(barRows.map((row, index) => [row.row, names.texts[index] ?? '']));
  const marginLeft = Math.ceil(Math.max(fontSize * 3, names.width + 2 * gap));
  const marginRight = Math.round(
    Math.max(fontSize * 2, ...barRows.map((row) => textWidth(row.bar.text, fontSize))) + gap + 8,
  );
  const marginTop = Math.round(fontSize * 0.5);
  const marginBottom = Math.round(fontSize * 3.4);
  // Each row tall enough for its name's lines; the bar keeps about the same thickness whatever the row's height.
  const rowHeight = Math.round(fontSize * Math.max(2.2, names.lines * LINE_HEIGHT + 0.7));
  const padding = Math.max(0.18, 1 - (fontSize * 1.8) / rowHeight);
  const values = barRows.map((row) => row.bar.value);
  const low = Math.min(0, ...values);
  const high = Math.max(layout.xMax ?? 0, ...values);
  const innerWidth = width - marginLeft - marginRight;
  return {
    width,
    height: marginTop + marginBottom + Math.max(1, rows.length) * rowHeight,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom,
    x: { domain: [low, high > low ? high : low + 1] },
    y: { type: 'band', domain: rows.map((row) => row.row), padding, axis: null },
    marks: [
      Plot.gridX({ stroke: MUTED, strokeOpacity: 0.25, ticks: Math.max(2, Math.floor(innerWidth / (fontSize * 7))) }),
      Plot.axisX({
        label: layout.xLabel,
        labelAnchor: 'center',
        labelArrow: 'none',
        // Its baseline far enough above the chart's foot for the letters below the line.
        labelOffset: marginBottom - Math.round(fontSize * 0.4),
        tickFormat: layout.xTickFormat,
        ticks: Math.max(2, Math.floor(innerWidth / (fontSize * 7))),
        fill: INK,
      }),
      Plot.barX(barRows, {
        y: 'row',
        x1: () => 0,
        x2: (row: Row) => row.bar?.value,
        fill: (row: Row) => row.bar?.colour,
      }),
      Plot.ruleX([0], { stroke: INK }),
      // A bar's name beside the axis, wrapped to fit the margin (its whole name is in the table).
      Plot.text(barRows, {
        y: 'row',
        text: (row: Row) => nameOf.get(row.row),
        frameAnchor: 'left',
        textAnchor: 'end',
        dx: -gap,
        lineHeight: LINE_HEIGHT,
        fill: INK,
      }),
      // A group's heading runs from the chart's left edge across its empty row.
      grouped
        ? Plot.text(
            rows.filter((row) => row.bar === undefined),
            {
              y: 'row',
              text: (row: Row) => wrapText(row.name, width - 4, fontSize, 1, 'bold'),
              frameAnchor: 'left',
              textAnchor: 'start',
              dx: -marginLeft + 2,
              fontWeight: 'bold',
              // A white halo keeps the heading legible where it crosses the zero line and the grid.
              stroke: PAPER,
              strokeWidth: Math.round(fontSize / 3),
              paintOrder: 'stroke',
              fill: INK,
            },
          )
        : null,
      // The amount at the end of a bar, or just right of zero for one below it.
      Plot.text(barRows, {
        y: 'row',
        x: (row: Row) => Math.max(0, row.bar?.value ?? 0),
        text: (row: Row) => row.bar?.text,
        textAnchor: 'start',
        dx: gap,
        fill: INK,
      }),
    ],
  };
}
