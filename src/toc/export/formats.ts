/**
 * Every export format in one list: its name in a URL or on the command line, what a reader calls
 * it, its media type and file extension, and how it is written. The API, the CLI's usage text,
 * the list page's links, the invite page and the tests all read this list, so a new format is
 * one entry here and shows up everywhere.
 */
import type { TheoryOfChange } from '../../model/index.ts';
import { indicatorsCsv, linksCsv } from './csv.ts';
import { tocToDot } from './dot.ts';
import { tocToJson } from './json.ts';
import { tocToMarkdown } from './markdown.ts';
import { tocToMermaid } from './mermaid.ts';
import type { ExportWordingOptions } from './wording.ts';

/** Writes an export view (see `exportView`) as text. */
type Render = (view: TheoryOfChange, wording: ExportWordingOptions) => string;

interface ExportTable {
  /** How a link to it reads ("links CSV"). */
  label: string;
  render: Render;
}

interface ExportFormat {
  /** How a link to it reads ("Graphviz DOT"). */
  label: string;
  /** Without parameters: the server adds the charset. */
  mediaType: string;
  extension: string;
  /** One document, or (CSV) several tables, one chosen by `table`, the first by default. */
  write: Render | Readonly<Record<string, ExportTable>>;
}

/** CSV comes as two spreadsheet tables: the links, and the indicators. */
const CSV_TABLES = {
  links: { label: 'links CSV', render: linksCsv },
  indicators: { label: 'indicators CSV', render: indicatorsCsv },
} as const satisfies Record<string, ExportTable>;

export type CsvTable = keyof typeof CSV_TABLES;
export const CSV_TABLE_IDS = Object.keys(CSV_TABLES) as [CsvTable, ...CsvTable[]];

export const EXPORT_FORMATS = {
  json: { label: 'JSON', mediaType: 'application/json', extension: 'json', write: (view) => tocToJson(view) },
  md: { label: 'Markdown', mediaType: 'text/markdown', extension: 'md', write: tocToMarkdown },
  mermaid: { label: 'Mermaid', mediaType: 'text/vnd.mermaid', extension: 'mmd', write: tocToMermaid },
  dot: { label: 'Graphviz DOT', mediaType: 'text/vnd.graphviz', extension: 'gv', write: tocToDot },
  csv: { label: 'CSV', mediaType: 'text/csv', extension: 'csv', write: CSV_TABLES },
} as const satisfies Record<string, ExportFormat>;

export type ExportFormatId = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_IDS = Object.keys(EXPORT_FORMATS) as [ExportFormatId, ...ExportFormatId[]];

/** One document an export gives: a format, and for a format of tables, one table. */
export interface ExportDocument {
  /** "json", "md", … or, for a table, "csv-links". */
  id: string;
  format: ExportFormatId;
  table?: CsvTable;
  label: string;
  mediaType: string;
  /** The query that asks the API for it: "format=csv&table=links". */
  query: string;
  render: Render;
}

/** Every document the exports give, in the order the formats are listed. */
export const EXPORT_DOCUMENTS: readonly ExportDocument[] = EXPORT_FORMAT_IDS.flatMap((format): ExportDocument[] => {
  const { label, mediaType, write }: ExportFormat = EXPORT_FORMATS[format];
  if (typeof write === 'function')
    return [{ id: format, format, label, mediaType, query: `format=${format}`, render: write }];
  return Object.entries(write).map(([table, { label: tableLabel, render }]) => ({
    id: `${format}-${table}`,
    format,
    table: table as CsvTable,
    label: tableLabel,
    mediaType,
    query: `format=${format}&table=${table}`,
    render,
  }));
});

/** The document a format (and, for a format of tables, a table) names; the first table by default. */
export function exportDocument(format: ExportFormatId, table?: CsvTable): ExportDocument {
  const found = EXPORT_DOCUMENTS.filter((document) => document.format === format);
  const chosen = found.find((document) => document.table === table) ?? found[0];
  if (!chosen) throw new Error(`no export format "${format}"`);
  return chosen;
}
