/**
 * A unit-cost table (the shipped Unit Cost Database sample, or one a user imports with the
 * same columns): every row checked, problems reported by line and column, and nothing
 * accepted until every row is good.
 */
import { UnitCostSchema, type UnitCost } from '../model/unit-cost.ts';
import { parseCsv, CsvSyntaxError } from '../csv/read.ts';

export const UNIT_COST_COLUMNS = [
  'code',
  'label',
  'event_type',
  'unit',
  'agency_level1',
  'agency_level2',
  'value_type',
  'amount_gbp',
  'price_year',
  'robustness_rag',
  'data_age_rag',
  'transfer_payment',
  'source',
  'dataset',
  'licence',
] as const;

export interface UnitCostTable {
  /** How cost events refer to it, e.g. "gmca-ucd-v1.4-sample". */
  id: string;
  /** Shown wherever the table's figures are. */
  attribution: string;
  rows: UnitCost[];
}

export interface TableProblem {
  line: number;
  column: string;
  reason: string;
}

export type TableResult = { ok: true; table: UnitCostTable } | { ok: false; problems: TableProblem[] };

/** "Per incident" → "per-incident", as the model names units. */
const unitKey = (text: string) => text.trim().toLowerCase().replace(/\s+/g, '-');

export function parseUnitCostTable(text: string, meta: Omit<UnitCostTable, 'rows'>): TableResult {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    return {
      ok: false,
      problems: [
        {
          line: error.line,
          column: `character ${error.column}`,
          reason: error.message.replace(/^line \d+, column \d+: /, ''),
        },
      ],
    };
  }
  const [header, ...body] = rows;
  const problems: TableProblem[] = [];
  const expected = UNIT_COST_COLUMNS.join(',');
  if (!header || header.cells.map((c) => c.trim()).join(',') !== expected) {
    return {
      ok: false,
      problems: [{ line: 1, column: '(header)', reason: `the columns must be exactly: ${expected}` }],
    };
  }
  const parsed: UnitCost[] = [];
  for (const row of body) {
    if (row.cells.length !== UNIT_COST_COLUMNS.length) {
      problems.push({
        line: row.line,
        column: '(row)',
        reason: `has ${row.cells.length} cells, expected ${UNIT_COST_COLUMNS.length}`,
      });
      continue;
    }
    const cell = (name: (typeof UNIT_COST_COLUMNS)[number]) =>
      (row.cells[UNIT_COST_COLUMNS.indexOf(name)] ?? '').trim();
    const transfer = cell('transfer_payment').toLowerCase();
    const amount = cell('amount_gbp');
    const candidate = {
      code: cell('code'),
      label: cell('label'),
      eventType: cell('event_type'),
      unit: unitKey(cell('unit')),
      agencyLevel1: cell('agency_level1'),
      ...(cell('agency_level2') ? { agencyLevel2: cell('agency_level2') } : {}),
      valueType: cell('value_type'),
      amountGbp: amount === '' || Number.isNaN(Number(amount)) ? amount : Number(amount),
      priceYear: cell('price_year'),
      robustness: cell('robustness_rag'),
      dataAge: cell('data_age_rag'),
      transferPayment: transfer === 'yes' ? true : transfer === 'no' ? false : transfer,
      source: cell('source'),
      dataset: cell('dataset'),
      licence: cell('licence'),
    };
    const result = UnitCostSchema.safeParse(candidate);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0]);
        problems.push({ line: row.line, column: columnFor(field) ?? field, reason: issue.message });
      }
    } else parsed.push(result.data);
  }
  const seen = new Map<string, number>();
  parsed.forEach((row, i) => {
    const key = `${row.code}|${row.valueType}`;
    if (seen.has(key))
      problems.push({
        line: body[i]?.line ?? 0,
        column: 'code',
        reason: `code ${row.code} (${row.valueType}) appears twice`,
      });
    seen.set(key, i);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, table: { ...meta, rows: parsed } };
}

const FIELD_COLUMNS: Record<string, string> = {
  eventType: 'event_type',
  agencyLevel1: 'agency_level1',
  agencyLevel2: 'agency_level2',
  valueType: 'value_type',
  amountGbp: 'amount_gbp',
  priceYear: 'price_year',
  robustness: 'robustness_rag',
  dataAge: 'data_age_rag',
  transferPayment: 'transfer_payment',
};
const columnFor = (field: string): string | undefined =>
  FIELD_COLUMNS[field] ?? (UNIT_COST_COLUMNS as readonly string[]).find((c) => c === field);
