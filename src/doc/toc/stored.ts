/**
 * A theory of change as its document holds it. Exports fill in `families` and `quote`; the
 * document never holds them. Evidence is a set keyed by the pointer, so it comes back once per
 * pointer and in pointer order (journey, stage, factor, cost event), whatever order it went in.
 */
import { canonicalToc, type Evidence, type TheoryOfChange, type TocLink, type TocNode } from '../../model/index.ts';
import { evidenceKey } from './layout.ts';

/** Evidence as stored: the pointer without the export-only `quote`. */
export function storedEvidence(evidence: Evidence): Evidence {
  const { quote: _quote, ...pointer } = evidence;
  return pointer;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Pointer order: journey, stage, factor, cost event (absent before present). */
export function compareEvidence(a: Evidence, b: Evidence): number {
  return (
    compare(a.journeyId, b.journeyId) ||
    compare(a.stageId, b.stageId) ||
    compare(a.factorId ?? '', b.factorId ?? '') ||
    compare(a.costEventId ?? '', b.costEventId ?? '')
  );
}

/** Stored evidence, once per pointer, in pointer order. */
export function evidenceSet(evidence: readonly Evidence[]): Evidence[] {
  const byKey = new Map(evidence.map((item) => [evidenceKey(item), storedEvidence(item)]));
  return [...byKey.values()].sort(compareEvidence);
}

function storedNode(node: TocNode): TocNode {
  const { families: _families, ...rest } = node;
  return { ...rest, evidence: evidenceSet(node.evidence) };
}

function storedLink(link: TocLink): TocLink {
  const { families: _families, ...rest } = link;
  return { ...rest, evidence: evidenceSet(link.evidence) };
}

/**
 * What `readToc(fromToc(toc))` gives back: `canonicalToc(toc)` without the export-only fields,
 * evidence once per pointer in pointer order.
 */
export function tocAsStored(toc: TheoryOfChange): TheoryOfChange {
  const canonical = canonicalToc(toc);
  return { ...canonical, nodes: canonical.nodes.map(storedNode), links: canonical.links.map(storedLink) };
}
