/**
 * Long text as it is typed, before the read trims it: a step's description or a link's
 * rationale, spaces at its ends included, so a text box can mirror the shared Y.Text character
 * for character while people type (a trailing space must not vanish mid-word). Only for that
 * box, which writes back through the text-diff commands; everything else reads `readToc`.
 */
import * as Y from 'yjs';
import { tocMaps } from './layout.ts';

export type TocTextField = { nodeId: string; field: 'description' } | { linkId: string; field: 'rationale' };

export function typedTocText(doc: Y.Doc, which: TocTextField): string {
  const { nodes, links } = tocMaps(doc);
  const element = 'nodeId' in which ? nodes.get(which.nodeId) : links.get(which.linkId);
  const text = element instanceof Y.Map ? element.get(which.field) : undefined;
  return text instanceof Y.Text ? text.toString() : '';
}
