/**
 * CSV for spreadsheets people will open: RFC 4180 quoting, and cells that a spreadsheet would
 * run as a formula (starting with = + - @, or a tab or carriage return) are neutralised with a
 * leading apostrophe. Numbers are written as numbers, so negative benefits stay numeric. Control
 * characters in text are made visible (./printable.ts).
 */
import { printable } from './printable.ts';

export type CsvCell = string | number | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 100) / 100) : '';
  const text = printable(value);
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
