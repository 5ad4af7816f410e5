/**
 * Commands on the theory of change as a whole: its title, summary and ceiling of accountability.
 * Each validates its input and writes in one transaction carrying the caller's origin.
 */
import type * as Y from 'yjs';
import type { z } from 'zod/mini';
import { CeilingSchema, TheoryOfChangeSchema } from '../../model/index.ts';
import type { TransactionOrigin } from '../origins.ts';
import { setIfChanged } from '../records.ts';
import { parseField, requireTocDoc } from './command-support.ts';
import { tocMaps } from './layout.ts';

export type CeilingInput = z.input<typeof CeilingSchema>;

export function setTocTitle(doc: Y.Doc, title: string, origin: TransactionOrigin): void {
  const parsed = parseField('setTocTitle', 'title', TheoryOfChangeSchema.shape.title, title);
  requireTocDoc(doc, 'setTocTitle');
  doc.transact(() => setIfChanged(tocMaps(doc).meta, 'title', parsed), origin);
}

/** Set the summary; `null` or blank text removes it. */
export function setTocSummary(doc: Y.Doc, summary: string | null, origin: TransactionOrigin): void {
  const blank = summary === null || (typeof summary === 'string' && summary.trim() === '');
  const parsed = blank
    ? undefined
    : parseField('setTocSummary', 'summary', TheoryOfChangeSchema.shape.summary, summary);
  requireTocDoc(doc, 'setTocSummary');
  doc.transact(() => setIfChanged(tocMaps(doc).meta, 'summary', parsed), origin);
}

/** Where the programme's accountability ends: everything up to this tier it answers for. */
export function setCeiling(doc: Y.Doc, ceiling: CeilingInput, origin: TransactionOrigin): void {
  const parsed = parseField('setCeiling', 'ceiling', CeilingSchema, ceiling);
  requireTocDoc(doc, 'setCeiling');
  doc.transact(() => setIfChanged(tocMaps(doc).meta, 'ceiling', parsed), origin);
}
