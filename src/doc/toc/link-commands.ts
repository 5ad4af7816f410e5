/**
 * Commands on theory-of-change links ("this leads to that"). Each validates its input, checks
 * what it refers to, and writes in one transaction carrying the caller's origin.
 */
import * as Y from 'yjs';
import { z } from 'zod/mini';
import {
  linkTwiceMessage,
  newId,
  TocLinkIdSchema,
  TocLinkSchema,
  TocNodeIdSchema,
  type AssumptionId,
  type Confidence,
  type TocLinkId,
} from '../../model/index.ts';
import { CommandError, parseInput } from '../command-error.ts';
import type { TransactionOrigin } from '../origins.ts';
import { replaceText } from '../text-diff.ts';
import { setIfChanged, syncSet } from '../records.ts';
import { parseField, requireRoom, requireTocLink, requireTocNode } from './command-support.ts';
import { tocMaps } from './layout.ts';
import { TOC_LIMITS } from './limits.ts';
import { childText, writeTocLink } from './write.ts';

const AddTocLinkInput = z.strictObject({
  id: z.optional(TocLinkIdSchema),
  from: TocNodeIdSchema,
  to: TocNodeIdSchema,
});
export type AddTocLinkInput = z.input<typeof AddTocLinkInput>;

/** The link already going from `from` to `to`, if any. */
/** The ids of the links from one node to another: one, unless two people drew it at once. */
function linksBetween(links: Y.Map<unknown>, from: unknown, to: unknown): string[] {
  return [...links.entries()].flatMap(([id, value]) =>
    value instanceof Y.Map && value.get('from') === from && value.get('to') === to ? [id] : [],
  );
}

/** "This leads to that." Refuses a node leading to itself and a second link between the same two. */
export function addTocLink(doc: Y.Doc, input: AddTocLinkInput, origin: TransactionOrigin): TocLinkId {
  const { id: givenId, from, to } = parseInput('addTocLink', AddTocLinkInput, input);
  requireTocNode(doc, 'addTocLink', from, '$.from');
  requireTocNode(doc, 'addTocLink', to, '$.to');
  if (from === to) throw new CommandError('addTocLink', [{ path: '$.to', message: 'a node cannot lead to itself' }]);
  const { links } = tocMaps(doc);
  const [existing] = linksBetween(links, from, to);
  if (existing !== undefined) {
    throw new CommandError('addTocLink', [{ path: '$.to', message: linkTwiceMessage(from, to, existing) }]);
  }
  const id = givenId ?? TocLinkIdSchema.parse(newId('tl'));
  if (links.has(id)) throw new CommandError('addTocLink', [{ path: '$.id', message: `link "${id}" already exists` }]);
  requireRoom('addTocLink', links.size, TOC_LIMITS.links, 'links');
  doc.transact(() => writeTocLink(links, { id, from, to, interventions: [], assumptionIds: [], evidence: [] }), origin);
  return id;
}

/** Replace the rationale, editing only the part that changed, so two people typing both keep their words. */
export function setLinkRationale(doc: Y.Doc, id: TocLinkId, text: string, origin: TransactionOrigin): void {
  const rationale = parseField(
    'setLinkRationale',
    'rationale',
    z.string().check(z.maxLength(TOC_LIMITS.longText)),
    text,
  );
  const link = requireTocLink(doc, 'setLinkRationale', id, '$.id');
  doc.transact(() => replaceText(childText(link, 'rationale'), rationale), origin);
}

/** What the programme does to make this step happen (replaces the list). */
export function setLinkInterventions(
  doc: Y.Doc,
  id: TocLinkId,
  interventions: readonly string[],
  origin: TransactionOrigin,
): void {
  const parsed = parseField('setLinkInterventions', 'interventions', TocLinkSchema.shape.interventions, interventions);
  const link = requireTocLink(doc, 'setLinkInterventions', id, '$.id');
  doc.transact(() => setIfChanged(link, 'interventions', parsed), origin);
}

/** How sure the team is of this step; `null` clears it. */
export function setLinkConfidence(
  doc: Y.Doc,
  id: TocLinkId,
  confidence: Confidence | null,
  origin: TransactionOrigin,
): void {
  const parsed =
    confidence === null
      ? undefined
      : parseField('setLinkConfidence', 'confidence', TocLinkSchema.shape.confidence.def.innerType, confidence);
  const link = requireTocLink(doc, 'setLinkConfidence', id, '$.id');
  doc.transact(() => setIfChanged(link, 'confidence', parsed), origin);
}

/** The assumptions this step rests on (replaces the set); each must exist. */
export function setLinkAssumptions(
  doc: Y.Doc,
  id: TocLinkId,
  assumptionIds: readonly AssumptionId[],
  origin: TransactionOrigin,
): void {
  const parsed = parseField('setLinkAssumptions', 'assumptionIds', TocLinkSchema.shape.assumptionIds, assumptionIds);
  const link = requireTocLink(doc, 'setLinkAssumptions', id, '$.id');
  const { assumptions } = tocMaps(doc);
  const issues = parsed.flatMap((assumption, i) =>
    assumptions.has(assumption)
      ? []
      : [{ path: `$.assumptionIds[${i}]`, message: `assumption "${assumption}" does not exist` }],
  );
  if (issues.length > 0) throw new CommandError('setLinkAssumptions', issues);
  doc.transact(() => syncSet(link, 'assumptionIds', parsed), origin);
}

export function removeTocLink(doc: Y.Doc, id: TocLinkId, origin: TransactionOrigin): void {
  const link = requireTocLink(doc, 'removeTocLink', id, '$.id');
  const { links } = tocMaps(doc);
  // Links drawn twice at once between the same two nodes go too, or one would reappear (see read.ts).
  const twins = linksBetween(links, link.get('from'), link.get('to'));
  doc.transact(() => {
    for (const other of new Set([id, ...twins])) links.delete(other);
  }, origin);
}
