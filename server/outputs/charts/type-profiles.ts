/**
 * Family types found by cluster analysis: which issues mark each type (a heat-map, issue by type,
 * with the share written in every cell) and how many families fall in each type (bars). Type
 * and issue names are whatever the researcher called them: they wrap onto up to three lines (the
 * issues' margin as wide as the longest needs, up to two fifths of the chart), end in "…" only
 * past that, and are given whole in the table.
 */
import * as Plot from '@observablehq/plot';
import { horizontalBars } from './bars.ts';
import { INK, MUTED, heatColour, seriesColour, textOn } from './colours.ts';
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
import { LINE_HEIGHT, fitLabels, wrapText } from './text.ts';

export interface FamilyType {
  /** The researcher's name for the type ("Crisis at home"). */
  label: string;
  /** How many families the analysis put in this type. */
  families: number;
}

export interface TypeIssue {
  label: string;
  /** How many families of each type have this issue, in the order of the types. */
  counts: readonly number[];
}

export interface TypeProfilesData {
  types: readonly FamilyType[];
  issues: readonly TypeIssue[];
}

interface Cell {
  type: number;
  issue: number;
  count: number;
  share: number | undefined;
}

function check(data: TypeProfilesData): void {
  for (const issue of data.issues)
    if (issue.counts.length !== data.types.length)
      throw new RangeError(`"${issue.label}" needs a count for each of the ${data.types.length} family types`);
}

/** Heat-map of issue prevalence within each family type. */
export function typeProfileHeatmap(data: TypeProfilesData, options: ChartOptions = {}): ChartWithTable {
  check(data);
  const width = chartWidth(options);
  const fontSize = fontSizeFor(width);
  const title = options.title ?? 'Issues within each family type';
  const cells: Cell[] = data.issues.flatMap((issue, i) =>
    data.types.map((type, t) => {
      const count = issue.counts[t] ?? 0;
      return { type: t, issue: i, count, share: type.families > 0 ? count / type.families : undefined };
    }),
  );
  const gap = Math.round(fontSize / 2);
  const issues = fitLabels(
    data.issues.map((issue) => issue.label),
    fontSize,
    width * 0.4 - 2 * gap,
    3,
  );
  const marginLeft = Math.ceil(Math.max(fontSize * 3, issues.width + 2 * gap));
  const marginRight = fontSize;
  const column = (width - marginLeft - marginRight) / Math.max(1, data.types.length);
  const headers = data.types.map(
    (type) => `${wrapText(type.label, column - fontSize, fontSize, 3)}\nn = ${countText(type.families)}`,
  );
  const headerLines = Math.max(2, ...headers.map((header) => header.split('\n').length));
  const marginTop = Math.round(fontSize * (headerLines * LINE_HEIGHT + 0.8));
  const rowHeight = Math.round(fontSize * Math.max(2.2, issues.lines * LINE_HEIGHT + 0.7));
  const marginBottom = Math.round(fontSize * 0.5);
  const fill = (cell: Cell) => heatColour(cell.share ?? 0);

  const svg = renderPlot(
    {
      width,
      height: marginTop + marginBottom + Math.max(1, data.issues.length) * rowHeight,
      marginLeft,
      marginRight,
      marginTop,
      marginBottom,
      x: { type: 'band', domain: data.types.map((_, t) => t), axis: null },
      y: { type: 'band', domain: data.issues.map((_, i) => i), axis: null },
      marks: [
        Plot.axisX({
          anchor: 'top',
          tickSize: 0,
          tickPadding: Math.round(fontSize * 0.4),
          tickFormat: (t: number) => headers[t] ?? '',
          lineHeight: LINE_HEIGHT,
          label: null,
          fill: INK,
        }),
        Plot.axisY({
          tickSize: 0,
          tickPadding: gap,
          tickFormat: (i: number) => issues.texts[i] ?? '',
          lineHeight: LINE_HEIGHT,
          label: null,
          fill: INK,
        }),
        Plot.cell(cells, { x: 'type', y: 'issue', fill, stroke: MUTED, strokeWidth: 1 }),
        Plot.text(cells, {
          x: 'type',
          y: 'issue',
          text: (cell: Cell) => percentText(cell.count, data.types[cell.type]?.families ?? 0),
          fill: (cell: Cell) => textOn(fill(cell)),
        }),
      ],
    },
    { label: title, description: describeHeatmap(data, cells), fontSize },
  );

  return {
    svg,
    table: {
      caption: `${title}: the share of each type's families with each issue`,
      columns: ['Issue', ...data.types.map((type) => type.label)],
      rows: [
        ['Families in the type', ...data.types.map((type) => type.families)],
        ...data.issues.map((issue) => [
          issue.label,
          ...issue.counts.map((count, t) => shareText(count, data.types[t]?.families ?? 0)),
        ]),
      ],
    },
  };
}

function describeHeatmap(data: TypeProfilesData, cells: readonly Cell[]): string {
  const tops = data.types.slice(0, 6).map((type, t) => {
    const top = cells
      .filter((cell) => cell.type === t && cell.share !== undefined)
      .reduce<Cell | undefined>((best, cell) => ((cell.share ?? 0) > (best?.share ?? -1) ? cell : best), undefined);
    const issue = top && data.issues[top.issue];
    return issue
      ? `${type.label}: ${issue.label} (${percentText(top.count, type.families)})`
      : `${type.label}: no families`;
  });
  const most = tops.length > 0 ? ` Most common issue in each type: ${tops.join('; ')}.` : '';
  return `Share of families in each of ${data.types.length} family types with each of ${data.issues.length} issues.${most}`;
}

/** Bars of how many families fall in each type, as a share of all and a count. */
export function typeSizesChart(data: Pick<TypeProfilesData, 'types'>, options: ChartOptions = {}): ChartWithTable {
  const width = chartWidth(options);
  const fontSize = fontSizeFor(width);
  const title = options.title ?? 'Families in each type';
  const total = data.types.reduce((sum, type) => sum + type.families, 0);
  const share = (families: number) => (total > 0 ? (families / total) * 100 : 0);
  const svg = renderPlot(
    horizontalBars(
      data.types.map((type) => ({
        label: type.label,
        bars: [{ value: share(type.families), text: shareText(type.families, total), colour: seriesColour(0) }],
      })),
      { width, fontSize, xLabel: `Share of all ${countText(total)} families`, xTickFormat: (d) => `${d}%` },
    ),
    {
      label: title,
      description: `${countText(total)} families in ${data.types.length} types: ${data.types
        .slice(0, 8)
        .map((type) => `${type.label} ${shareText(type.families, total)}`)
        .join('; ')}${data.types.length > 8 ? '; and more' : ''}.`,
      fontSize,
    },
  );
  return {
    svg,
    table: {
      caption: title,
      columns: ['Family type', 'Share of families', 'Families'],
      rows: data.types.map((type) => [type.label, percentText(type.families, total), type.families]),
    },
  };
}
