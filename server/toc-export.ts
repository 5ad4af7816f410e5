/**
 * One theory of change rendered in one export format for one audience: shared by the evaluator
 * API and the CLI, so both give byte-identical output. The view is computed from the journeys
 * as stored now: an erased journey's evidence is simply gone.
 */
import { z } from 'zod';
import {
  CSV_TABLE_IDS,
  EXPORT_FORMAT_IDS,
  EXPORT_FORMATS,
  exportDocument,
  exportView,
  type ExportWordingOptions,
} from '../src/toc/index.ts';
import { printableAll } from '../src/csv/index.ts';
import { DEFAULT_PROGRESS_SCALE } from '../src/model/index.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { journeysOf, loadToc } from './toc-library.ts';

/** The query (API) or options (CLI) that choose an export. */
export const TocExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMAT_IDS, { error: `must be one of ${EXPORT_FORMAT_IDS.join(', ')}` }).default('json'),
  /** Only CSV comes as tables: the links, and the indicators. */
  table: z.enum(CSV_TABLE_IDS, { error: `must be ${CSV_TABLE_IDS.join(' or ')}` }).default(CSV_TABLE_IDS[0]),
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

/** The export, or undefined when there is no such theory of change. */
export async function renderToc(
  store: DocumentStore,
  id: string,
  options: TocExportOptions,
): Promise<RenderedToc | undefined> {
  const loaded = await loadToc(store, id);
  if (!loaded) return undefined;
  const { journeys, consentOf } = await journeysOf(store, id);
  const view = exportView(loaded.toc, journeys, {
    audience: options.audience,
    minFamilies: options.minFamilies,
    consentOf,
  });
  const wording: ExportWordingOptions = {
    scale: journeys.find((journey) => journey.scale.id === loaded.toc.scaleId)?.scale ?? DEFAULT_PROGRESS_SCALE,
    ...(options.audience === 'evaluator' ? { minFamilies: options.minFamilies } : {}),
  };
  const document = exportDocument(options.format, options.table);
  const suffix = document.table === undefined ? '' : `-${document.table}`;
  return {
    // Family text goes to evaluators' tools: no control characters in any format (TOC5).
    body: document.render(printableAll(view), printableAll(wording)),
    contentType: `${document.mediaType}; charset=utf-8`,
    filename: `${id}${suffix}.${EXPORT_FORMATS[document.format].extension}`,
  };
}
