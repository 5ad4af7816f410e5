/**
 * Indicators and assumptions: records written whole, so an edit replaces the record in one step
 * and the last writer wins per record.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import {
  AssumptionIdSchema,
  AssumptionSchema,
  IndicatorIdSchema,
  IndicatorSchema,
  newId,
  type AssumptionId,
  type IndicatorId,
} from '../../model/index.ts';
import { CommandError, parseInput } from '../command-error.ts';
import type { TransactionOrigin } from '../origins.ts';
import { storedRecord } from '../records.ts';
import { requireRoom, requireTocDoc, requireTocNode } from './command-support.ts';
import { tocMaps } from './layout.ts';
import { TOC_LIMITS } from './limits.ts';

const IndicatorInput = z.extend(IndicatorSchema, { id: z.optional(IndicatorIdSchema) });
export type UpsertIndicatorInput = z.input<typeof IndicatorInput>;

const AssumptionInput = z.extend(AssumptionSchema, { id: z.optional(AssumptionIdSchema) });
export type UpsertAssumptionInput = z.input<typeof AssumptionInput>;

function requireRecord(doc: Y.Doc, command: string, map: Y.Map<unknown>, what: string, id: string): void {
  requireTocDoc(doc, command);
  const value = map.get(id);
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) {
    throw new CommandError(command, [{ path: '$.id', message: `${what} "${id}" does not exist` }]);
  }
}

/** Add an indicator (no id) or replace one (its id). Its node must exist. */
export function upsertIndicator(doc: Y.Doc, input: UpsertIndicatorInput, origin: TransactionOrigin): IndicatorId {
  const parsed = parseInput('upsertIndicator', IndicatorInput, input);
  requireTocNode(doc, 'upsertIndicator', parsed.nodeId, '$.nodeId');
  const { indicators } = tocMaps(doc);
  const id = parsed.id ?? IndicatorIdSchema.parse(newId('ti'));
  if (!indicators.has(id)) requireRoom('upsertIndicator', indicators.size, TOC_LIMITS.indicators, 'indicators');
  doc.transact(() => indicators.set(id, storedRecord({ ...parsed, id })), origin);
  return id;
}

export function removeIndicator(doc: Y.Doc, id: IndicatorId, origin: TransactionOrigin): void {
  const { indicators } = tocMaps(doc);
  requireRecord(doc, 'removeIndicator', indicators, 'indicator', id);
  doc.transact(() => indicators.delete(id), origin);
}

/** Add an assumption (no id) or replace one (its id). */
export function upsertAssumption(doc: Y.Doc, input: UpsertAssumptionInput, origin: TransactionOrigin): AssumptionId {
  const parsed = parseInput('upsertAssumption', AssumptionInput, input);
  requireTocDoc(doc, 'upsertAssumption');
  const { assumptions } = tocMaps(doc);
  const id = parsed.id ?? AssumptionIdSchema.parse(newId('ta'));
  if (!assumptions.has(id)) requireRoom('upsertAssumption', assumptions.size, TOC_LIMITS.assumptions, 'assumptions');
  doc.transact(() => assumptions.set(id, storedRecord({ ...parsed, id })), origin);
  return id;
}

/** Remove an assumption and every link's reference to it, in one step. */
export function removeAssumption(doc: Y.Doc, id: AssumptionId, origin: TransactionOrigin): void {
  const { assumptions, links } = tocMaps(doc);
  requireRecord(doc, 'removeAssumption', assumptions, 'assumption', id);
  doc.transact(() => {
    assumptions.delete(id);
    links.forEach((link) => {
      const set = link instanceof Y.Map ? link.get('assumptionIds') : undefined;
      if (set instanceof Y.Map && set.has(id)) set.delete(id);
    });
  }, origin);
}
