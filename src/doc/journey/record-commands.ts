/**
 * Commands on the records that hang off stages (links, enablers and barriers, cost events).
 * Records are written whole; an edit replaces the record in one step. Family members have
 * commands of their own (member-commands.ts).
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import { findAgency, AgencySchema } from '../../model/agency.ts';
import { CostEventSchema } from '../../model/cost-event.ts';
import { FactorSchema } from '../../model/factor.ts';
import {
  CostEventIdSchema,
  FactorIdSchema,
  LinkIdSchema,
  newId,
  type CostEventId,
  type FactorId,
  type LinkId,
} from '../../model/ids.ts';
import { LinkSchema } from '../../model/link.ts';
import { CommandError, parseInput } from '../command-error.ts';
import { journeyMaps, plainRecord, RECORD_TEXT_FIELDS, type RecordCollection } from './layout.ts';
import { storedRecord, type JsonRecord } from '../records.ts';
import type { TransactionOrigin } from '../origins.ts';
import { requireStage } from './stage-commands.ts';
import { replaceText } from '../text-diff.ts';
import { sharedText, writeMapRecord } from './write.ts';

function put(doc: Y.Doc, collection: RecordCollection, record: { id: string }, origin: TransactionOrigin): void {
  const map = journeyMaps(doc).records[collection];
  const textFields = RECORD_TEXT_FIELDS[collection];
  doc.transact(
    () => (textFields ? writeMapRecord(map, record, textFields) : map.set(record.id, storedRecord(record))),
    origin,
  );
}

function requireRecord(doc: Y.Doc, command: string, collection: RecordCollection, id: string): JsonRecord {
  const value = plainRecord(journeyMaps(doc).records[collection].get(id));
  if (typeof value !== 'object' || value === null) {
    throw new CommandError(command, [{ path: '$.id', message: `${collection} record "${id}" does not exist` }]);
  }
  return value as JsonRecord;
}

function remove(
  doc: Y.Doc,
  command: string,
  collection: RecordCollection,
  id: string,
  origin: TransactionOrigin,
): void {
  requireRecord(doc, command, collection, id);
  doc.transact(() => journeyMaps(doc).records[collection].delete(id), origin);
}

const LinkInput = z.extend(LinkSchema, { id: z.optional(LinkIdSchema) });

/**
 * Check a link's two ends: both stages exist, they differ, and no other link already says the
 * same "this led to that" (`except`: the link being changed, and its twins that go with it).
 */
function checkLinkEnds(
  doc: Y.Doc,
  command: string,
  link: { from: string; to: string },
  except: readonly string[] = [],
): void {
  requireStage(doc, command, link.from, '$.from');
  requireStage(doc, command, link.to, '$.to');
  if (link.from === link.to)
    throw new CommandError(command, [{ path: '$.to', message: 'a stage cannot lead to itself' }]);
  for (const [id, value] of journeyMaps(doc).records.links.entries()) {
    const other = plainRecord(value) as { from?: unknown; to?: unknown } | null;
    if (!except.includes(id) && other?.from === link.from && other.to === link.to)
      throw new CommandError(command, [{ path: '$.to', message: 'these two stages are already linked this way' }]);
  }
}

/** "This led to that." Refused when the two stages are already linked this way. */
export function linkStages(doc: Y.Doc, input: z.input<typeof LinkInput>, origin: TransactionOrigin): LinkId {
  const link = parseInput('linkStages', LinkInput, input);
  checkLinkEnds(doc, 'linkStages', link);
  const id = link.id ?? LinkIdSchema.parse(newId('ln'));
  put(doc, 'links', { ...link, id }, origin);
  return id;
}

/**
 * The other links with the same two ends as this one: the same link added at once on two
 * devices, which every reader shows as one (read.ts keeps the lowest id).
 */
function twinsOf(doc: Y.Doc, id: string, link: JsonRecord): string[] {
  const twins: string[] = [];
  // A broken record (no ends) has no twins: only links that name the same two stages are twins.
  if (typeof link.from !== 'string' || typeof link.to !== 'string') return twins;
  for (const [otherId, value] of journeyMaps(doc).records.links.entries()) {
    const other = plainRecord(value) as { from?: unknown; to?: unknown } | null;
    if (otherId !== id && other?.from === link.from && other?.to === link.to) twins.push(otherId);
  }
  return twins;
}

/**
 * Move one end of a link to another stage ("it led to this one, not that"), keeping its label.
 * Its twins go, or the link would still show between the old two stages.
 */
export function relinkStages(
  doc: Y.Doc,
  id: LinkId,
  ends: { from?: string; to?: string },
  origin: TransactionOrigin,
): void {
  const current = requireRecord(doc, 'relinkStages', 'links', id);
  const link = parseInput('relinkStages', LinkSchema, { ...current, ...ends, id });
  const twins = twinsOf(doc, id, current);
  checkLinkEnds(doc, 'relinkStages', link, [id, ...twins]);
  doc.transact(() => {
    for (const twin of twins) journeyMaps(doc).records.links.delete(twin);
    put(doc, 'links', link, origin);
  }, origin);
}

/** Remove a link, with its twins, or one of them would appear in its place. */
export function unlinkStages(doc: Y.Doc, id: LinkId, origin: TransactionOrigin): void {
  const twins = twinsOf(doc, id, requireRecord(doc, 'unlinkStages', 'links', id));
  doc.transact(() => {
    for (const twin of twins) journeyMaps(doc).records.links.delete(twin);
    remove(doc, 'unlinkStages', 'links', id, origin);
  }, origin);
}

const FactorInput = z.extend(FactorSchema, { id: z.optional(FactorIdSchema) });

/** Add an enabler or a barrier to a stage. */
export function addFactor(doc: Y.Doc, input: z.input<typeof FactorInput>, origin: TransactionOrigin): FactorId {
  const factor = parseInput('addFactor', FactorInput, input);
  requireStage(doc, 'addFactor', factor.stageId);
  const codes = journeyMaps(doc).records.codes;
  factor.codes.forEach((code, i) => {
    if (!codes.has(code))
      throw new CommandError('addFactor', [{ path: `$.codes[${i}]`, message: `code "${code}" does not exist` }]);
  });
  const id = factor.id ?? FactorIdSchema.parse(newId('fc'));
  put(doc, 'factors', { ...factor, id }, origin);
  return id;
}

/** The longest an enabler's or barrier's words may be (the model's own limit). */
export const FACTOR_TEXT_LIMIT = 500;

/**
 * A keystroke in an enabler's or barrier's words: written by editing only the part that changed,
 * so two people rewording it both keep theirs (see `typeStageText`).
 */
export function typeFactorText(doc: Y.Doc, id: FactorId, text: string, origin: TransactionOrigin): void {
  if (text.length > FACTOR_TEXT_LIMIT)
    throw new CommandError('typeFactorText', [
      { path: '$.text', message: `must be at most ${FACTOR_TEXT_LIMIT} characters (this has ${text.length})` },
    ]);
  requireRecord(doc, 'typeFactorText', 'factors', id);
  const factor = journeyMaps(doc).records.factors.get(id);
  if (!(factor instanceof Y.Map))
    throw new CommandError('typeFactorText', [{ path: '$.id', message: `factor "${id}" is stored in an old layout` }]);
  doc.transact(() => replaceText(sharedText(factor as Y.Map<unknown>, 'text'), text), origin);
}

/** A factor's words exactly as typed, for the box that edits them. */
export function typedFactorText(doc: Y.Doc, id: string): string {
  const factor = journeyMaps(doc).records.factors.get(id);
  const text = factor instanceof Y.Map ? factor.get('text') : undefined;
  return text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '';
}

export function removeFactor(doc: Y.Doc, id: FactorId, origin: TransactionOrigin): void {
  remove(doc, 'removeFactor', 'factors', id, origin);
}

const CostEventInput = z.extend(CostEventSchema, { id: z.optional(CostEventIdSchema) });
export type AddCostEventInput = z.input<typeof CostEventInput>;

function checkCostEvent(doc: Y.Doc, command: string, event: z.output<typeof CostEventSchema>): void {
  requireStage(doc, command, event.stageId);
  const agencies = [...journeyMaps(doc).records.agencies.entries()].flatMap(([id, value]) => {
    const parsed = AgencySchema.safeParse({ ...(value as JsonRecord), id });
    return parsed.success ? [parsed.data] : [];
  });
  if (!findAgency(agencies, event.agencyId)) {
    throw new CommandError(command, [{ path: '$.agencyId', message: `agency "${event.agencyId}" does not exist` }]);
  }
}

/**
 * Cost events are written to `doc` (a journey's costs companion, src/doc/costs/companion.ts)
 * and checked against the stages and agencies of `journeyDoc` (the journey's shared document).
 */
export function addCostEvent(
  doc: Y.Doc,
  input: AddCostEventInput,
  origin: TransactionOrigin,
  journeyDoc: Y.Doc = doc,
): CostEventId {
  const parsed = parseInput('addCostEvent', CostEventInput, input);
  const event = { ...parsed, id: parsed.id ?? CostEventIdSchema.parse(newId('ce')) };
  checkCostEvent(journeyDoc, 'addCostEvent', event);
  put(doc, 'costEvents', event, origin);
  return event.id;
}

/** Change some fields of a cost event; the result is validated as a whole. */
export function editCostEvent(
  doc: Y.Doc,
  id: CostEventId,
  patch: Partial<AddCostEventInput>,
  origin: TransactionOrigin,
  journeyDoc: Y.Doc = doc,
): void {
  const current = requireRecord(doc, 'editCostEvent', 'costEvents', id);
  const event = parseInput('editCostEvent', CostEventSchema, { ...current, ...patch, id });
  checkCostEvent(journeyDoc, 'editCostEvent', event);
  put(doc, 'costEvents', event, origin);
}

export function removeCostEvent(doc: Y.Doc, id: CostEventId, origin: TransactionOrigin): void {
  remove(doc, 'removeCostEvent', 'costEvents', id, origin);
}
