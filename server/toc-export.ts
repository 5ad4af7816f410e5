/**
 * One theory of change rendered in one export format for one audience: shared by the evaluator
 * API and the CLI, so both give byte-identical output. The view is computed from the journeys
 * as stored now: an erased journey's evidence is simply gone.
 */
import { z } from 'zod';
import {
  exportView,
  indicatorsCsv,
  linksCsv,
  tocToDot,
  tocToJson,
  tocToMarkdown,
  tocToMermaid,
} from '../src/toc/index.ts';
import { DEFAULT_PROGRESS_SCALE, type TheoryOfChange } from '../src/model/index.ts';
import type { ExportWordingOptions } from '../src/toc/index.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { journeysOf, loadToc } from './toc-library.ts';

export const TOC_FORMATS = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  md: { contentType: 'text/markdown; charset=utf-8', extension: 'md' },
  mermaid: { contentType: 'text/vnd.mermaid; charset=utf-8', extension: 'mmd' },
  dot: { contentType: 'text/vnd.graphviz; charset=utf-8', extension: 'gv' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
} as const;
export type TocFormat = keyof typeof TOC_FORMATS;
const FORMAT_NAMES = Object.keys(TOC_FORMATS) as [TocFormat, ...TocFormat[]];

/** The query (API) or options (CLI) that choose an export. */
export const TocExportQuery = z.strictObject({
  format: z.enum(FORMAT_NAMES, { error: `must be one of ${FORMAT_NAMES.join(', ')}` }).default('json'),
  /** CSV comes as two tables: the links, and the indicators. */
  table: z.enum(['links', 'indicators'], { error: 'must be links or indicators' }).default('links'),
});
export type TocExportChoice = z.output<typeof TocExportQuery>;

export interface TocExportOptions extends TocExportChoice {
  audience: 'team' | 'evaluator';
  /** Evaluator views suppress counts of families below this. */
  minFamilies: number;
}

export interface RenderedToc {
  body: string;
  contentType: string;
  filename: string;
}

function render(view: TheoryOfChange, { format, table }: TocExportChoice, wording: ExportWordingOptions): string {
  switch (format) {
    case 'json':
      return tocToJson(view);
    case 'md':
      return tocToMarkdown(view, wording);
    case 'mermaid':
      return tocToMermaid(view, wording);
    case 'dot':
      return tocToDot(view, wording);
    case 'csv':
      return table === 'links' ? linksCsv(view) : indicatorsCsv(view);
  }
}

/** The export, or undefined when there is no such theory of change. */
export function renderToc(store: DocumentStore, id: string, options: TocExportOptions): RenderedToc | undefined {
  const loaded = loadToc(store, id);
  if (!loaded) return undefined;
  const journeys = journeysOf(store, loaded.toc);
  const view = exportView(loaded.toc, journeys, { audience: options.audience, minFamilies: options.minFamilies });
  const wording: ExportWordingOptions = {
    scale: journeys.find((journey) => journey.scale.id === loaded.toc.scaleId)?.scale ?? DEFAULT_PROGRESS_SCALE,
    ...(options.audience === 'evaluator' ? { minFamilies: options.minFamilies } : {}),
  };
  const suffix = options.format === 'csv' ? `-${options.table}` : '';
  return {
    body: render(view, options, wording),
    contentType: TOC_FORMATS[options.format].contentType,
    filename: `${id}${suffix}.${TOC_FORMATS[options.format].extension}`,
  };
}
