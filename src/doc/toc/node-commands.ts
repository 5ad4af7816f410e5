/**
 * Commands on theory-of-change nodes. Each validates its input, checks what it refers to, and
 * writes in one transaction carrying the caller's origin. Positions come from the canvas when a
 * drag ends, never on every frame.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import {
  newId,
  ProgressReferenceSchema,
  TocNodeIdSchema,
  TocNodeSchema,
  type CostEventType,
  type TocNodeId,
} from '../../model/index.ts';
import { CommandError, parseInput } from '../command-error.ts';
import type { TransactionOrigin } from '../origins.ts';
import { replaceText } from '../text-diff.ts';
import { setIfChanged, syncSet } from '../records.ts';
import { parseField, requireRoom, requireTocDoc, requireTocNode } from './command-support.ts';
import { tocMaps } from './layout.ts';
import { TOC_LIMITS } from './limits.ts';
import { childText, writeTocNode } from './write.ts';

const PositionSchema = TocNodeSchema.shape.position.def.innerType;

const AddTocNodeInput = z.strictObject({
  id: z.optional(TocNodeIdSchema),
  kind: TocNodeSchema.shape.kind,
  title: TocNodeSchema.shape.title,
  position: z.optional(PositionSchema),
});
export type AddTocNodeInput = z.input<typeof AddTocNodeInput>;

const TocNodePatch = z.strictObject({
  kind: z.optional(TocNodeSchema.shape.kind),
  title: z.optional(TocNodeSchema.shape.title),
  /** `null` clears. */
  progress: z.optional(z.nullable(ProgressReferenceSchema)),
  /** `null` un-places the node (it is laid out by tier again). */
  position: z.optional(z.nullable(PositionSchema)),
  codes: z.optional(TocNodeSchema.shape.codes),
});
export type TocNodePatch = z.input<typeof TocNodePatch>;

export function addTocNode(doc: Y.Doc, input: AddTocNodeInput, origin: TransactionOrigin): TocNodeId {
  const { id: givenId, ...fields } = parseInput('addTocNode', AddTocNodeInput, input);
  requireTocDoc(doc, 'addTocNode');
  const { nodes } = tocMaps(doc);
  const id = givenId ?? TocNodeIdSchema.parse(newId('tn'));
  if (nodes.has(id)) throw new CommandError('addTocNode', [{ path: '$.id', message: `node "${id}" already exists` }]);
  requireRoom('addTocNode', nodes.size, TOC_LIMITS.nodes, 'nodes');
  doc.transact(() => writeTocNode(nodes, { ...fields, id, evidence: [], reduces: [], codes: [] }), origin);
  return id;
}

/** Change some of a node's fields; fields left out of the patch are left alone. */
export function updateTocNode(doc: Y.Doc, id: TocNodeId, patch: TocNodePatch, origin: TransactionOrigin): void {
  const parsed = parseInput('updateTocNode', TocNodePatch, patch);
  const node = requireTocNode(doc, 'updateTocNode', id, '$.id');
  // Only what the caller gave: zod fills defaults (codes: []) for absent keys too, and an
  // explicit undefined must not delete a title. `null` is how a patch clears a field.
  const given = (key: keyof TocNodePatch) => patch[key] !== undefined;
  doc.transact(() => {
    for (const key of ['kind', 'title', 'progress', 'position'] as const) {
      if (given(key)) setIfChanged(node, key, parsed[key] ?? undefined);
    }
    if (given('codes')) setIfChanged(node, 'codes', [...(parsed.codes ?? [])].sort());
  }, origin);
}

/** Replace the description, editing only the part that changed; blank text removes it. */
export function setNodeDescription(doc: Y.Doc, id: TocNodeId, text: string, origin: TransactionOrigin): void {
  const description = parseField(
    'setNodeDescription',
    'description',
    z.string().check(z.maxLength(TOC_LIMITS.longText)),
    text,
  );
  const node = requireTocNode(doc, 'setNodeDescription', id, '$.id');
  doc.transact(() => replaceText(childText(node, 'description'), description), origin);
}

/** The cost-event types this outcome should make rarer (replaces the set). */
export function setNodeReduces(
  doc: Y.Doc,
  id: TocNodeId,
  reduces: readonly CostEventType[],
  origin: TransactionOrigin,
): void {
  const parsed = parseField('setNodeReduces', 'reduces', TocNodeSchema.shape.reduces, reduces);
  const node = requireTocNode(doc, 'setNodeReduces', id, '$.id');
  doc.transact(() => syncSet(node, 'reduces', parsed), origin);
}

/** Remove a node with the links that start or end at it and the indicators that measure it. */
export function removeTocNode(doc: Y.Doc, id: TocNodeId, origin: TransactionOrigin): void {
  requireTocNode(doc, 'removeTocNode', id, '$.id');
  const { nodes, links, indicators } = tocMaps(doc);
  doc.transact(() => {
    nodes.delete(id);
    for (const [key, value] of [...links.entries()]) {
      if (value instanceof Y.Map && (value.get('from') === id || value.get('to') === id)) links.delete(key);
    }
    for (const [key, value] of [...indicators.entries()]) {
      if ((value as { nodeId?: unknown } | null)?.nodeId === id) indicators.delete(key);
    }
  }, origin);
}
