/**
 * Where a theory of change lives inside its own Y.Doc (one Y.Doc per theory of change; see
 * docs/architecture.md, "The document bridge"). Every top-level name differs from the journey
 * document's, so neither kind of document can be misread as the other:
 *
 * - `tocMeta`        Y.Map: `kind: 'toc'` (the document says what it is), schemaVersion, id,
 *                    title, summary, journeyIds (a plain array), scaleId, ceiling, provenance;
 *                    each value plain JSON, the last writer wins per field.
 * - `tocNodes`       Y.Map node id → Y.Map of the node's fields: kind, title, progress, position
 *                    and codes are plain values; `description` is Y.Text (typed together, merged
 *                    character by character); `reduces` is a Y.Map used as a set (key → true);
 *                    `evidence` is a Y.Map from `evidenceKey(e)` to the evidence record, so two
 *                    people adding evidence at once never overwrite each other.
 * - `tocLinks`       Y.Map link id → Y.Map: from, to, confidence and interventions (a plain
 *                    array) are plain values; `rationale` is Y.Text; `assumptionIds` is a Y.Map
 *                    set; `evidence` as for nodes.
 * - `tocIndicators`, `tocAssumptions`
 *                    Y.Map id → the record as plain JSON without its id (the key is the id).
 *                    An edit replaces the whole record: the last writer wins per record.
 *
 * What exports compute (`families` on nodes and links, `quote` on evidence) is never stored: the
 * family's words stay in the journey, where withdrawing consent erases them.
 *
 * Nothing here is trusted: `read.ts` validates every field and record before the domain sees it.
 */
import * as Y from 'yjs';
import type { Evidence, TheoryOfChange, TocLink, TocNode } from '../../model/index.ts';
import { fieldsOf, type FieldLayout } from '../field-layout.ts';

/** The value of `tocMeta.kind`: what marks a document as a theory of change. */
export const TOC_DOC_KIND = 'toc';

/**
 * Where each field of a theory of change goes: a `tocMeta` value, the node or link maps, or a
 * collection of records. Adding a field to `TheoryOfChangeSchema` fails `tsc` here until it
 * has a place.
 */
const TOC_LAYOUT = {
  schemaVersion: 'meta',
  id: 'meta',
  title: 'meta',
  summary: 'meta',
  journeyIds: 'meta',
  scaleId: 'meta',
  ceiling: 'meta',
  provenance: 'meta',
  nodes: 'nodes',
  links: 'links',
  indicators: 'records',
  assumptions: 'records',
} as const satisfies FieldLayout<TheoryOfChange, 'meta' | 'nodes' | 'links' | 'records'>;

export const TOC_META_KEYS = ['kind', ...fieldsOf(TOC_LAYOUT, 'meta')] as const;
export type TocMetaKey = (typeof TOC_META_KEYS)[number];

/** Where each field of a node is held in its Y.Map (its id is the key). */
const TOC_NODE_LAYOUT = {
  kind: 'plain',
  title: 'plain',
  progress: 'plain',
  position: 'plain',
  codes: 'plain',
  description: 'text',
  reduces: 'set',
  evidence: 'evidence',
  families: 'computed',
} as const satisfies FieldLayout<Omit<TocNode, 'id'>>;

/** Where each field of a link is held in its Y.Map (its id is the key). */
const TOC_LINK_LAYOUT = {
  from: 'plain',
  to: 'plain',
  confidence: 'plain',
  interventions: 'plain',
  rationale: 'text',
  assumptionIds: 'set',
  evidence: 'evidence',
  families: 'computed',
} as const satisfies FieldLayout<Omit<TocLink, 'id'>>;

/** The fields of a node held as plain values. */
export const TOC_NODE_PLAIN_FIELDS = fieldsOf(TOC_NODE_LAYOUT, 'plain');

/** The fields of a link held as plain values. */
export const TOC_LINK_PLAIN_FIELDS = fieldsOf(TOC_LINK_LAYOUT, 'plain');

/** A stored node's fields as the reader builds them (evidence is read on its own; families never stored). */
export type StoredTocNodeField = 'id' | Exclude<keyof typeof TOC_NODE_LAYOUT, 'evidence' | 'families'>;

/** A stored link's fields as the reader builds them (as for nodes). */
export type StoredTocLinkField = 'id' | Exclude<keyof typeof TOC_LINK_LAYOUT, 'evidence' | 'families'>;

export interface TocDocMaps {
  meta: Y.Map<unknown>;
  nodes: Y.Map<unknown>;
  links: Y.Map<unknown>;
  indicators: Y.Map<unknown>;
  assumptions: Y.Map<unknown>;
}

export function tocMaps(doc: Y.Doc): TocDocMaps {
  return {
    meta: doc.getMap('tocMeta'),
    nodes: doc.getMap('tocNodes'),
    links: doc.getMap('tocLinks'),
    indicators: doc.getMap('tocIndicators'),
    assumptions: doc.getMap('tocAssumptions'),
  };
}

/** True when the document says it holds a theory of change. */
export function isTocDoc(doc: Y.Doc): boolean {
  return tocMaps(doc).meta.get('kind') === TOC_DOC_KIND;
}

/** The node's Y.Map, or undefined when there is no such node (or it is not a map). */
export function tocNodeMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const value = tocMaps(doc).nodes.get(id);
  return value instanceof Y.Map ? value : undefined;
}

/** The link's Y.Map, or undefined when there is no such link (or it is not a map). */
export function tocLinkMap(doc: Y.Doc, id: string): Y.Map<unknown> | undefined {
  const value = tocMaps(doc).links.get(id);
  return value instanceof Y.Map ? value : undefined;
}

/**
 * The key evidence is stored under: the pointer itself, `journeyId/stageId/factorId/costEventId`
 * (absent parts empty). Ids never contain `/`, so two different pointers never share a key, and
 * two people citing the same stage at once write the same key with the same value.
 */
export function evidenceKey(evidence: Pick<Evidence, 'journeyId' | 'stageId' | 'factorId' | 'costEventId'>): string {
  return [evidence.journeyId, evidence.stageId, evidence.factorId ?? '', evidence.costEventId ?? ''].join('/');
}
