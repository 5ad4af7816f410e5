/**
 * TheoryOfChange → Y.Doc. `writeToc` makes a document hold exactly this theory of change,
 * writing only what differs (text as a minimal diff), in one transaction; `fromToc` builds a
 * fresh document. Export-only fields (`families`, `quote`) are never written.
 */
import * as Y from 'yjs';
import type { Evidence, TheoryOfChange, TocLink, TocNode } from '../../model/index.ts';
import { IMPORT_ORIGIN, type TransactionOrigin } from '../origins.ts';
import { replaceText } from '../text-diff.ts';
import { setIfChanged, storedRecord, syncSet } from '../records.ts';
import {
  evidenceKey,
  TOC_DOC_KIND,
  TOC_LINK_PLAIN_FIELDS,
  TOC_NODE_PLAIN_FIELDS,
  tocMaps,
  type TocMetaKey,
} from './layout.ts';
import { storedEvidence } from './stored.ts';

/** The child Y.Map at `field`, made when missing (or when a peer put something else there). */
export function childMap(parent: Y.Map<unknown>, field: string): Y.Map<unknown> {
  const value = parent.get(field);
  if (value instanceof Y.Map) return value;
  const map = new Y.Map<unknown>();
  parent.set(field, map);
  return map;
}

/** The child Y.Text at `field`, made when missing (or when a peer put something else there). */
export function childText(parent: Y.Map<unknown>, field: string): Y.Text {
  const value = parent.get(field);
  if (value instanceof Y.Text) return value;
  const text = new Y.Text();
  parent.set(field, text);
  return text;
}

/**
 * Set long text, unless it already reads as this: the read trims, so a trailing space someone
 * is typing is not taken away by writing back what was read.
 */
export function writeText(ytext: Y.Text, next: string | undefined): void {
  if (ytext.toString().trim() === (next ?? '')) return;
  replaceText(ytext, next ?? '');
}

/** Make an element's evidence map hold exactly these pointers. */
export function syncEvidence(parent: Y.Map<unknown>, evidence: readonly Evidence[]): void {
  const map = childMap(parent, 'evidence');
  const wanted = new Map(evidence.map((item) => [evidenceKey(item), storedEvidence(item)]));
  for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key);
  for (const [key, value] of wanted) setIfChanged(map, key, value);
}

/**
 * An element's map with its shared children made up front, so that two people typing into a
 * description they both saw empty type into the same Y.Text rather than two rival ones.
 */
function elementMap(collection: Y.Map<unknown>, id: string, text: string, sets: readonly string[]): Y.Map<unknown> {
  let map = collection.get(id);
  if (!(map instanceof Y.Map)) {
    map = new Y.Map<unknown>();
    collection.set(id, map);
  }
  const ymap = map as Y.Map<unknown>;
  childText(ymap, text);
  for (const field of sets) childMap(ymap, field);
  return ymap;
}

/** Write a node's fields into its map (creating the map when needed). */
export function writeTocNode(nodes: Y.Map<unknown>, node: TocNode): void {
  const map = elementMap(nodes, node.id, 'description', ['reduces', 'evidence']);
  for (const field of TOC_NODE_PLAIN_FIELDS) {
    setIfChanged(map, field, field === 'codes' ? [...node.codes].sort() : node[field]);
  }
  writeText(childText(map, 'description'), node.description);
  syncSet(map, 'reduces', node.reduces);
  syncEvidence(map, node.evidence);
}

/** Write a link's fields into its map (creating the map when needed). */
export function writeTocLink(links: Y.Map<unknown>, link: TocLink): void {
  const map = elementMap(links, link.id, 'rationale', ['assumptionIds', 'evidence']);
  for (const field of TOC_LINK_PLAIN_FIELDS) setIfChanged(map, field, link[field]);
  writeText(childText(map, 'rationale'), link.rationale);
  syncSet(map, 'assumptionIds', link.assumptionIds);
  syncEvidence(map, link.evidence);
}

function syncRecords(map: Y.Map<unknown>, records: readonly { id: string }[]): void {
  const wanted = new Map(records.map((r) => [r.id, storedRecord(r)]));
  for (const key of [...map.keys()]) if (!wanted.has(key)) map.delete(key);
  for (const [id, value] of wanted) setIfChanged(map, id, value);
}

export function writeToc(doc: Y.Doc, toc: TheoryOfChange, origin: TransactionOrigin = IMPORT_ORIGIN): void {
  const maps = tocMaps(doc);
  doc.transact(() => {
    const meta: Record<TocMetaKey, unknown> = {
      kind: TOC_DOC_KIND,
      schemaVersion: toc.schemaVersion,
      id: toc.id,
      title: toc.title,
      summary: toc.summary,
      journeyIds: [...toc.journeyIds].sort(),
      scaleId: toc.scaleId,
      ceiling: toc.ceiling,
      provenance: toc.provenance,
    };
    for (const [key, value] of Object.entries(meta)) setIfChanged(maps.meta, key, value);

    const nodeIds = new Set<string>(toc.nodes.map((n) => n.id));
    for (const key of [...maps.nodes.keys()]) if (!nodeIds.has(key)) maps.nodes.delete(key);
    for (const node of toc.nodes) writeTocNode(maps.nodes, node);

    const linkIds = new Set<string>(toc.links.map((l) => l.id));
    for (const key of [...maps.links.keys()]) if (!linkIds.has(key)) maps.links.delete(key);
    for (const link of toc.links) writeTocLink(maps.links, link);

    syncRecords(maps.indicators, toc.indicators);
    syncRecords(maps.assumptions, toc.assumptions);
  }, origin);
}

export function fromToc(toc: TheoryOfChange, origin: TransactionOrigin = IMPORT_ORIGIN): Y.Doc {
  const doc = new Y.Doc();
  writeToc(doc, toc, origin);
  return doc;
}
