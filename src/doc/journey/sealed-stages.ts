/**
 * Stages, or a stage's words, a facilitator has marked as sensitive (server/SPEC.md SEAL1–SEAL4).
 * What was said is kept in a server record, never in the shared document, so nobody invited only
 * to view is ever sent it: the document keeps a stub in the stage's place (its id, its place in
 * the story and whose voice it is; a headline saying it is kept private; nothing else), or, when
 * only the words are sensitive, the stage with no words.
 *
 * The server writes the stub when the mark is made, writes it again after any change that puts
 * something into it (a participant's, or a version restored over the journey), and writes the
 * content back when the mark is taken off. The set of marks is the server's (a record and the
 * room's control state), never read from the document.
 */
import * as Y from 'yjs';
import type { Factor } from '../../model/factor.ts';
import type { Stage } from '../../model/stage.ts';
import { replaceText } from '../text-diff.ts';
import { journeyMaps, RECORD_TEXT_FIELDS } from './layout.ts';
import { readJourney } from './read.ts';
import { sharedText, writeMapRecord, writeStage } from './write.ts';

/** The headline a sealed stage shows to people who may not see it. */
export const SEALED_TITLE = 'Kept private';

export type SealKind = 'stage' | 'words';

/** What a mark keeps out of the document: the whole stage with its enablers and barriers, or its words. */
export type SealedContent = { kind: 'stage'; stage: Stage; factors: Factor[] } | { kind: 'words'; words: string };

/**
 * The marks on a journey now: stage ids sealed whole, stage ids whose words are sealed, and
 * marked cost events (kept in the costs companion, which no viewer is sent: nothing to seal here).
 */
export interface Seals {
  stages: ReadonlySet<string>;
  words: ReadonlySet<string>;
  costEvents: ReadonlySet<string>;
}

export const NO_SEALS: Seals = { stages: new Set(), words: new Set(), costEvents: new Set() };

/** A stub keeps these fields of a stage and no other. */
const STUB_FIELDS = new Set(['order', 'voice', 'title']);

/** What sealing this stage would take out of the document, read as it is now; undefined without the stage. */
export function contentToSeal(doc: Y.Doc, stageId: string, kind: SealKind): SealedContent | undefined {
  const { journey } = readJourney(doc);
  const stage = journey.stages.find((s) => s.id === stageId);
  if (!stage) return undefined;
  if (kind === 'words') return { kind, words: stage.words };
  return { kind, stage, factors: journey.factors.filter((factor) => factor.stageId === stageId) };
}

/**
 * Make every sealed stage a stub and every sealed stage's words empty, writing only what differs.
 * Returns whether anything had to be written. Call it inside a transaction.
 */
export function applySeals(doc: Y.Doc, seals: Seals): boolean {
  if (seals.stages.size === 0 && seals.words.size === 0) return false;
  const { stages, records } = journeyMaps(doc);
  let wrote = false;
  for (const id of seals.stages) {
    const stage = stages.get(id);
    if (!(stage instanceof Y.Map)) continue;
    for (const field of [...stage.keys()]) {
      if (STUB_FIELDS.has(field)) continue;
      stage.delete(field);
      wrote = true;
    }
    if (String(stage.get('title') ?? '') !== SEALED_TITLE) {
      // A new Y.Text, not the old one edited: someone's undo could put their old words back
      // into the old one, and everyone would be sent them before the server took them out again.
      stage.set('title', new Y.Text(SEALED_TITLE));
      wrote = true;
    }
  }
  for (const [factorId, factor] of [...records.factors.entries()]) {
    if (factor instanceof Y.Map && seals.stages.has(String(factor.get('stageId')))) {
      records.factors.delete(factorId);
      wrote = true;
    }
  }
  for (const id of seals.words) {
    const stage = stages.get(id);
    const words = stage instanceof Y.Map ? stage.get('words') : undefined;
    if (words !== undefined && String(words) !== '') {
      (stage as Y.Map<unknown>).delete('words');
      wrote = true;
    }
  }
  return wrote;
}

/** Write what a mark kept out back into the document (the stage's place is kept as it is now). */
export function unseal(doc: Y.Doc, stageId: string, content: SealedContent): void {
  const { stages, records } = journeyMaps(doc);
  const stub = stages.get(stageId);
  if (!(stub instanceof Y.Map)) return;
  if (content.kind === 'words') {
    replaceText(sharedText(stub, 'words'), content.words);
    return;
  }
  const order = stub.get('order');
  writeStage(stages, { ...content.stage, order: typeof order === 'number' ? order : content.stage.order });
  for (const factor of content.factors) writeMapRecord(records.factors, factor, RECORD_TEXT_FIELDS.factors ?? []);
}
