/**
 * What a cohort's families cost each agency (police, NHS, children's social care, schools…), in
 * whole pounds, optionally split by period (before, during, after support) or by family type. A
 * split agency's bars are grouped under its name, each bar named for its period or type.
 */
import { pounds } from '../../../src/costs/index.ts';
import { horizontalBars } from './bars.ts';
import { seriesColour } from './colours.ts';
import { chartWidth, fontSizeFor, renderPlot, type ChartOptions, type ChartWithTable } from './plot.ts';

export interface AgencyCost {
  /** The agency's name as the report gives it ("Police", "Children's social care"). */
  label: string;
  /** Its cost in pounds, one for each group in order (or one alone when there are no groups). */
  amounts: readonly number[];
}

export interface AgencyCostsData {
  /**
   * How each agency's cost is split: periods ("Before support", "During support", "After
   * support") or family types. Absent for one amount per agency.
   */
  groups?: readonly string[];
  agencies: readonly AgencyCost[];
}

const COMPACT_POUNDS = new Intl.NumberFormat('en-GB', {
  style: 'currency',
  currency: 'GBP',
  notation: 'compact',
  maximumFractionDigits: 1,
});

const sum = (amounts: readonly number[]) => amounts.reduce((total, amount) => total + amount, 0);

function check(data: AgencyCostsData): void {
  const expected = data.groups?.length ?? 1;
  for (const agency of data.agencies)
    if (agency.amounts.length !== expected || agency.amounts.some((amount) => !Number.isFinite(amount)))
      throw new RangeError(`"${agency.label}" needs ${expected} amount${expected === 1 ? '' : 's'} in pounds`);
}

export function agencyCostsChart(data: AgencyCostsData, options: ChartOptions = {}): ChartWithTable {
  check(data);
  const width = chartWidth(options);
  const fontSize = fontSizeFor(width);
  const groups = data.groups;
  const title = options.title ?? (groups ? `Costs to each agency: ${groups.join(', ')}` : 'Costs to each agency');
  const categories = data.agencies.map((agency) => ({
    label: agency.label,
    bars: agency.amounts.map((amount, g) => ({
      value: amount,
      text: pounds(amount),
      colour: seriesColour(groups ? g : 0),
      ...(groups ? { label: groups[g] ?? '' } : {}),
    })),
  }));
  const total = sum(data.agencies.map((agency) => sum(agency.amounts)));
  const largest = [...data.agencies].sort((a, b) => sum(b.amounts) - sum(a.amounts))[0];
  const description = [
    `Costs to ${data.agencies.length} agencies, ${pounds(total)} in all`,
    groups ? `, split into ${groups.join(', ')}` : '',
    largest ? `. The largest is ${largest.label}, ${pounds(sum(largest.amounts))}.` : '.',
  ].join('');

  const svg = renderPlot(
    horizontalBars(categories, {
      width,
      fontSize,
      xLabel: 'Cost',
      xTickFormat: (d) => COMPACT_POUNDS.format(d),
    }),
    { label: title, description, fontSize },
  );

  const columns = groups ? ['Agency', ...groups, 'Total'] : ['Agency', 'Cost'];
  const rowOf = (label: string, amounts: readonly number[]) =>
    groups ? [label, ...amounts.map(pounds), pounds(sum(amounts))] : [label, pounds(sum(amounts))];
  const groupTotals = (groups ?? ['']).map((_, g) => sum(data.agencies.map((agency) => agency.amounts[g] ?? 0)));
  return {
    svg,
    table: {
      caption: title,
      columns,
      rows: [...data.agencies.map((agency) => rowOf(agency.label, agency.amounts)), rowOf('All agencies', groupTotals)],
    },
  };
}
