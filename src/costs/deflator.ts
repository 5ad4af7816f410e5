/**
 * Uprating: figures are stored in their own price year and shown in the prices of a chosen
 * year with a GDP deflator series (factors that take each financial year to one base year).
 * value(target) = amount × factor(priceYear) / factor(target).
 */
import { PriceYearSchema } from '../model/unit-cost.ts';
import { parseCsv } from '../csv/read.ts';
import type { TableProblem } from './unit-cost-table.ts';

export interface DeflatorSeries {
  /** What the series is and where it comes from. */
  source: string;
  /** Financial year → factor to the series' base year. */
  factors: ReadonlyMap<string, number>;
}

export type DeflatorResult = { ok: true; series: DeflatorSeries } | { ok: false; problems: TableProblem[] };

export function parseDeflatorSeries(text: string, source: string): DeflatorResult {
  const [header, ...rows] = parseCsv(text);
  if (!header || header.cells.length !== 2 || header.cells[0]?.trim() !== 'price_year') {
    return {
      ok: false,
      problems: [{ line: 1, column: '(header)', reason: 'the columns must be price_year and a factor' }],
    };
  }
  const problems: TableProblem[] = [];
  const factors = new Map<string, number>();
  for (const row of rows) {
    const [year = '', factor = ''] = row.cells.map((c) => c.trim());
    if (!PriceYearSchema.safeParse(year).success)
      problems.push({ line: row.line, column: 'price_year', reason: 'must be a financial year like 2013/14' });
    else if (factors.has(year))
      problems.push({ line: row.line, column: 'price_year', reason: `${year} appears twice` });
    const value = Number(factor);
    if (factor === '' || !Number.isFinite(value) || value <= 0)
      problems.push({
        line: row.line,
        column: header.cells[1]?.trim() ?? 'factor',
        reason: 'must be a positive number',
      });
    else factors.set(year, value);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, series: { source, factors } };
}

export class MissingPriceYearError extends Error {}

/** The amount in `target`-year prices. Throws when the series does not cover a year. */
export function uprate(amount: number, from: string, target: string, series: DeflatorSeries): number {
  const fromFactor = series.factors.get(from);
  const toFactor = series.factors.get(target);
  if (fromFactor === undefined) throw new MissingPriceYearError(`the deflator series has no factor for ${from}`);
  if (toFactor === undefined) throw new MissingPriceYearError(`the deflator series has no factor for ${target}`);
  return (amount * fromFactor) / toFactor;
}
