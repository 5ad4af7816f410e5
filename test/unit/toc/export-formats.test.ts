/**
 * The export formats are one list (`EXPORT_FORMATS`); the API, the CLI, the list page and the
 * invite page read it. The prose documentation cannot, so here it is held to the same list.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CSV_TABLE_IDS, EXPORT_DOCUMENTS, EXPORT_FORMAT_IDS, exportDocument } from '../../../src/toc/index.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

describe('EXPORT_FORMATS', () => {
  it('gives one document per format, and one per table of CSV, each with its own query', () => {
    expect(EXPORT_DOCUMENTS.map((document) => document.query)).toEqual([
      ...EXPORT_FORMAT_IDS.filter((format) => format !== 'csv').map((format) => `format=${format}`),
      ...CSV_TABLE_IDS.map((table) => `format=csv&table=${table}`),
    ]);
    expect(new Set(EXPORT_DOCUMENTS.map((document) => document.label)).size).toBe(EXPORT_DOCUMENTS.length);
    expect(exportDocument('csv').table).toBe(CSV_TABLE_IDS[0]);
  });

  it('README and the server spec name every format and table', () => {
    const readme = /format=((?:\w+ \| )*\w+) +\(csv: ([^)]*)\)/.exec(read('README.md'));
    expect(readme?.[1]?.split(' | ')).toEqual(EXPORT_FORMAT_IDS);
    expect(readme?.[2]).toBe(CSV_TABLE_IDS.map((table) => `&table=${table}`).join(' or '));
    const spec = /`GET \/api\/toc\/<id>\?format=([\w|]+)\[&table=([\w|]+)\]`/.exec(read('server/SPEC.md'));
    expect(spec?.[1]?.split('|')).toEqual(EXPORT_FORMAT_IDS);
    expect(spec?.[2]?.split('|')).toEqual(CSV_TABLE_IDS);
  });
});
