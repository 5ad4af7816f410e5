/**
 * One theory of change as one audience may see it, and rendered in one export format: shared by
 * the export API, the evaluator's page and the CLI, so all give identical output. The view is
 * computed from the journeys as stored now and the consent in force now: an erased journey's
 * evidence is simply gone, a withdrawn consent acts at once.
 *
 * An evaluator's view is keyed for their grant (server/evaluator-keys.ts: no stored id reaches
 * them) and is given only while the cohort has at least `minFamilies` families whose consent
 * allows analysis (server/toc-cohort.ts).
 */
import { z } from 'zod';
import {
  CSV_TABLE_IDS,
  EXPORT_FORMAT_IDS,
  EXPORT_FORMATS,
  exportDocument,
  exportView,
  withKeys,
  type ExportWordingOptions,
} from '../src/toc/index.ts';
import { printableAll } from '../src/csv/index.ts';
import { DEFAULT_PROGRESS_SCALE, type ProgressScale, type TheoryOfChange } from '../src/model/index.ts';
import { evaluatorKeys } from './evaluator-keys.ts';
import type { DocumentStore } from './storage/document-store.ts';
import { cohortStanding } from './toc-cohort.ts';
import { loadToc } from './toc-library.ts';

/** The query (API) or options (CLI) that choose an export. */
export const TocExportQuery = z.strictObject({
  format: z.enum(EXPORT_FORMAT_IDS, { error: `must be one of ${EXPORT_FORMAT_IDS.join(', ')}` }).default('json'),
  /** Only CSV comes as tables: the links, and the indicators. */
  table: z.enum(CSV_TABLE_IDS, { error: `must be ${CSV_TABLE_IDS.join(' or ')}` }).default(CSV_TABLE_IDS[0]),
});
export type TocExportChoice = z.output<typeof TocExportQuery>;

/** Whose view: the team's, or one evaluator grant's (keyed under that grant with the server's secret). */
export type TocAudience = { audience: 'team' } | { audience: 'evaluator'; grantId: string; secret: Buffer };

export type TocViewOptions = TocAudience & {
  /** Evaluator views suppress counts of families below this, and are refused for a smaller cohort. */
  minFamilies: number;
};

export type TocExportOptions = TocExportChoice & TocViewOptions;

export type TocView =
  /** `families`: how many families whose consent allows analysis it draws on. */
  | { ok: true; toc: TheoryOfChange; scale: ProgressScale; families: number }
  | { ok: false; why: 'not-found' }
  /** An evaluator asked while fewer families than the threshold allow analysis. */
  | { ok: false; why: 'too-few-families'; families: number; minFamilies: number };

/** The theory of change as this audience may see it now. */
export async function tocView(store: DocumentStore, id: string, options: TocViewOptions): Promise<TocView> {
  const loaded = await loadToc(store, id);
  if (!loaded) return { ok: false, why: 'not-found' };
  const cohort = await cohortStanding(store, id);
  if (options.audience === 'evaluator' && cohort.analysableFamilies < options.minFamilies)
    return {
      ok: false,
      why: 'too-few-families',
      families: cohort.analysableFamilies,
      minFamilies: options.minFamilies,
    };
  const view = exportView(loaded.toc, cohort.journeys, {
    audience: options.audience,
    minFamilies: options.minFamilies,
    consentOf: cohort.consentOf,
    familyOf: cohort.familyOf,
  });
  const scale =
    cohort.journeys.find((journey) => journey.scale.id === loaded.toc.scaleId)?.scale ?? DEFAULT_PROGRESS_SCALE;
  const toc = options.audience === 'evaluator' ? withKeys(view, evaluatorKeys(options.secret, options.grantId)) : view;
  return { ok: true, toc, scale, families: cohort.analysableFamilies };
}

export interface RenderedToc {
  body: string;
  contentType: string;
  filename: string;
}

export type RenderOutcome = { ok: true; rendered: RenderedToc } | Exclude<TocView, { ok: true }>;

/** The export, or why there is none (no such theory of change; too few families for an evaluator). */
export async function renderToc(store: DocumentStore, id: string, options: TocExportOptions): Promise<RenderOutcome> {
  const view = await tocView(store, id, options);
  if (!view.ok) return view;
  const wording: ExportWordingOptions = {
    scale: view.scale,
    ...(options.audience === 'evaluator' ? { minFamilies: options.minFamilies } : {}),
  };
  const document = exportDocument(options.format, options.table);
  const suffix = document.table === undefined ? '' : `-${document.table}`;
  return {
    ok: true,
    rendered: {
      // Family text goes to evaluators' tools: no control characters in any format (TOC5).
      body: document.render(printableAll(view.toc), printableAll(wording)),
      contentType: `${document.mediaType}; charset=utf-8`,
      filename: `${id}${suffix}.${EXPORT_FORMATS[document.format].extension}`,
    },
  };
}

/** Why an evaluator gets nothing yet, in words for a page or an API answer. */
export function tooFewFamiliesText(families: number, minFamilies: number): string {
  return `this theory of change draws on ${families} ${families === 1 ? 'family' : 'families'} who agreed to analysis; evaluators see it only once at least ${minFamilies} have`;
}
