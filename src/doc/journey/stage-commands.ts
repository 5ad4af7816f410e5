/**
 * Commands on stages. Each validates its input, checks what it refers to, and writes in one
 * transaction carrying the caller's origin, so undo and observers can tell who did it.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import { newId, StageIdSchema, type StageId } from '../../model/ids.ts';
import { DEFAULT_PROGRESS_SCALE, ProgressScaleSchema } from '../../model/progress-scale.ts';
import {
  FeelingSchema,
  ProgressRatingSchema,
  StageSchema,
  type Feeling,
  type ProgressRating,
} from '../../model/stage.ts';
import { CommandError, parseInput } from '../command-error.ts';
import {
  journeyMaps,
  plainRecord,
  STAGE_PLAIN_FIELDS,
  STAGE_SET_FIELDS,
  stageMap,
  type StageTextField,
} from './layout.ts';
import { orderAfter } from './ordering.ts';
import type { TransactionOrigin } from '../origins.ts';
import { setIfChanged, syncSet } from '../records.ts';
import { sharedText, writeStage } from './write.ts';
import { replaceText } from '../text-diff.ts';

/**
 * What `editStage` changes: every field but those with a command of their own (and its checks),
 * so a field added to the stage is editable here without a list to remember.
 */
const Editable = z.omit(StageSchema, { id: true, order: true, feeling: true, progress: true, words: true });
type EditableField = keyof z.output<typeof Editable>;

/** The editable fields held as plain values, from the stage's layout. */
const EDITABLE_PLAIN_FIELDS = STAGE_PLAIN_FIELDS.filter(
  (field): field is Extract<(typeof STAGE_PLAIN_FIELDS)[number], EditableField> => field in Editable.shape,
);

const AddStageInput = z.extend(z.omit(StageSchema, { id: true, order: true }), {
  id: z.optional(StageIdSchema),
  /** Put the new stage right after this one; `null` puts it first; absent puts it last. */
  after: z.optional(z.nullable(StageIdSchema)),
});
export type AddStageInput = z.input<typeof AddStageInput>;

const EditStageInput = z.extend(z.partial(Editable), {
  speakerId: z.nullable(Editable.shape.speakerId),
  when: z.nullable(Editable.shape.when),
});
export type EditStagePatch = z.input<typeof EditStageInput>;

export function requireStage(doc: Y.Doc, command: string, id: string, path = '$.stageId'): Y.Map<unknown> {
  const stage = stageMap(doc, id);
  if (!stage) throw new CommandError(command, [{ path, message: `stage "${id}" does not exist` }]);
  return stage;
}

/** Check the member, code and level references a stage's fields make. */
function checkReferences(
  doc: Y.Doc,
  command: string,
  fields: {
    speakerId?: string | null;
    when?: { kind: string; memberId?: string } | null;
    codes?: string[];
    progress?: ProgressRating;
  },
): void {
  const { records, meta } = journeyMaps(doc);
  const issues = [];
  if (fields.speakerId && !records.members.has(fields.speakerId)) {
    issues.push({ path: '$.speakerId', message: `family member "${fields.speakerId}" does not exist` });
  }
  if (fields.when?.kind === 'age' && fields.when.memberId && !records.members.has(fields.when.memberId)) {
    issues.push({ path: '$.when.memberId', message: `family member "${fields.when.memberId}" does not exist` });
  }
  fields.codes?.forEach((code, i) => {
    if (!records.codes.has(code)) issues.push({ path: `$.codes[${i}]`, message: `code "${code}" does not exist` });
  });
  if (fields.progress) {
    const scale = ProgressScaleSchema.safeParse(meta.get('scale'));
    const levels = (scale.success ? scale.data : DEFAULT_PROGRESS_SCALE).levels.length;
    if (fields.progress.level > levels) {
      issues.push({ path: '$.progress.level', message: `must be a level from 1 to ${levels}` });
    }
  }
  if (issues.length > 0) throw new CommandError(command, issues);
}

export function addStage(doc: Y.Doc, input: AddStageInput, origin: TransactionOrigin): StageId {
  const { after, id: givenId, ...fields } = parseInput('addStage', AddStageInput, input);
  checkReferences(doc, 'addStage', fields);
  const id = givenId ?? StageIdSchema.parse(newId('st'));
  if (journeyMaps(doc).stages.has(id))
    throw new CommandError('addStage', [{ path: '$.id', message: `stage "${id}" already exists` }]);
  if (after && !stageMap(doc, after))
    throw new CommandError('addStage', [{ path: '$.after', message: `stage "${after}" does not exist` }]);
  doc.transact(() => {
    writeStage(journeyMaps(doc).stages, { ...fields, id, order: orderAfter(doc, after) });
  }, origin);
  return id;
}

export function editStage(doc: Y.Doc, id: StageId, patch: EditStagePatch, origin: TransactionOrigin): void {
  const fields = parseInput('editStage', EditStageInput, patch);
  const stage = requireStage(doc, 'editStage', id, '$.id');
  checkReferences(doc, 'editStage', fields);
  // zod fills the schema's defaults (voice "parent", no services…) for keys the patch left out:
  // only what the caller actually gave may change.
  const given = (key: keyof EditStagePatch) => patch[key] !== undefined;
  doc.transact(() => {
    if (given('title') && fields.title !== undefined) replaceText(sharedText(stage, 'title'), fields.title);
    for (const key of EDITABLE_PLAIN_FIELDS) {
      if (given(key)) setIfChanged(stage, key, fields[key] ?? undefined);
    }
    for (const key of STAGE_SET_FIELDS) {
      const keys = fields[key];
      if (given(key) && keys) syncSet(stage, key, keys);
    }
  }, origin);
}

/** Replace the family's words, editing only the part that changed. */
export function setWords(doc: Y.Doc, id: StageId, words: string, origin: TransactionOrigin): void {
  typeStageText(doc, id, 'words', words, origin);
}

/** The longest each shared text of a stage may be (the model's own limits). */
export const STAGE_TEXT_LIMITS: Record<StageTextField, number> = { title: 120, words: 4000 };

/**
 * A keystroke in one of a stage's shared texts: the text as the box now shows it, written by
 * editing only the part that changed, so two people typing in it both keep their words. Spaces
 * at the ends and a headline emptied while it is retyped are kept as typed (reading repairs an
 * empty headline for display); only the length is refused, naming the limit.
 */
export function typeStageText(
  doc: Y.Doc,
  id: StageId,
  field: StageTextField,
  text: string,
  origin: TransactionOrigin,
): void {
  const limit = STAGE_TEXT_LIMITS[field];
  if (text.length > limit)
    throw new CommandError('typeStageText', [
      { path: `$.${field}`, message: `must be at most ${limit} characters (this has ${text.length})` },
    ]);
  const stage = requireStage(doc, 'typeStageText', id, '$.id');
  doc.transact(() => replaceText(sharedText(stage, field), text), origin);
}

/** A stage's shared text exactly as typed (spaces at the ends included), for the box that edits it. */
export function typedStageText(doc: Y.Doc, id: string, field: StageTextField): string {
  const value = stageMap(doc, id)?.get(field);
  return value instanceof Y.Text ? value.toString() : typeof value === 'string' ? value : '';
}

/** "Move to…": put the stage right after another (`null`: first). No dragging needed. */
export function moveStage(doc: Y.Doc, id: StageId, after: StageId | null, origin: TransactionOrigin): void {
  const stage = requireStage(doc, 'moveStage', id, '$.id');
  if (after !== null) requireStage(doc, 'moveStage', after, '$.after');
  if (after === id)
    throw new CommandError('moveStage', [{ path: '$.after', message: 'a stage cannot be moved after itself' }]);
  doc.transact(() => stage.set('order', orderAfter(doc, after, id)), origin);
}

/**
 * Put a stage back at a place in the story it had (an `order` value, as read from the
 * document), e.g. where someone else's concurrent move replaced this person's.
 */
export function setStageOrder(doc: Y.Doc, id: StageId, order: number, origin: TransactionOrigin): void {
  const parsed = parseInput('setStageOrder', StageSchema.shape.order, order);
  const stage = requireStage(doc, 'setStageOrder', id, '$.id');
  doc.transact(() => setIfChanged(stage, 'order', parsed), origin);
}

/** Remove a stage with the links, factors and cost events that belong to it. */
export function removeStage(doc: Y.Doc, id: StageId, origin: TransactionOrigin): void {
  requireStage(doc, 'removeStage', id, '$.id');
  const { stages, records } = journeyMaps(doc);
  doc.transact(() => {
    stages.delete(id);
    for (const [key, value] of [...records.links.entries()]) {
      const link = value as { from?: unknown; to?: unknown };
      if (link?.from === id || link?.to === id) records.links.delete(key);
    }
    for (const collection of [records.factors, records.costEvents]) {
      for (const [key, value] of [...collection.entries()]) {
        if ((plainRecord(value) as { stageId?: unknown } | null)?.stageId === id) collection.delete(key);
      }
    }
  }, origin);
}

/** Place the stage on the progress scale (`null` clears the rating). */
export function setProgressLevel(
  doc: Y.Doc,
  id: StageId,
  rating: ProgressRating | null,
  origin: TransactionOrigin,
): void {
  const parsed = rating === null ? null : parseInput('setProgressLevel', ProgressRatingSchema, rating);
  const stage = requireStage(doc, 'setProgressLevel', id, '$.id');
  if (parsed) checkReferences(doc, 'setProgressLevel', { progress: parsed });
  doc.transact(() => setIfChanged(stage, 'progress', parsed ?? undefined), origin);
}

export function setFeeling(doc: Y.Doc, id: StageId, feeling: Feeling | null, origin: TransactionOrigin): void {
  const parsed = feeling === null ? null : parseInput('setFeeling', FeelingSchema, feeling);
  const stage = requireStage(doc, 'setFeeling', id, '$.id');
  doc.transact(() => setIfChanged(stage, 'feeling', parsed ?? undefined), origin);
}
