/**
 * The checks a theory of change needs beyond the shape of each record: unique ids, and links,
 * indicators and evidence that point at something that exists. Each problem is reported at the
 * JSON path of the field at fault.
 */
import type { z } from 'zod/mini';
import { uniqueIds as uniqueIdsOf, type Path } from './unique-ids.ts';
import type { Assumption } from './toc-assumption.ts';
import type { Evidence } from './toc-evidence.ts';
import type { Indicator } from './toc-indicator.ts';

interface TocParts {
  journeyIds: string[];
  nodes: { id: string; evidence: Evidence[] }[];
  links: { id: string; from: string; to: string; assumptionIds: string[]; evidence: Evidence[] }[];
  indicators: Indicator[];
  assumptions: Assumption[];
}

/** Why a second link between the same two nodes is refused: one link says all there is about that step. */
export const linkTwiceMessage = (from: string, to: string, first: string): string =>
  `node "${from}" already leads to "${to}" (link "${first}")`;

export function checkTocIntegrity(toc: TocParts, ctx: z.core.$RefinementCtx): void {
  const report = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

  const uniqueIds = (records: readonly { id: string }[], path: Path) => uniqueIdsOf(ctx, records, path);

  const nodeIds = uniqueIds(toc.nodes, ['nodes']);
  uniqueIds(toc.links, ['links']);
  uniqueIds(toc.indicators, ['indicators']);
  const assumptionIds = uniqueIds(toc.assumptions, ['assumptions']);
  const journeyIds = new Set(toc.journeyIds);

  const needNode = (id: string, path: Path) => {
    if (!nodeIds.has(id)) report(path, `refers to node "${id}", which this theory of change does not have`);
  };
  const checkEvidence = (evidence: Evidence[], path: Path) =>
    evidence.forEach((item, index) => {
      if (!journeyIds.has(item.journeyId))
        report([...path, index, 'journeyId'], `refers to journey "${item.journeyId}", which is not in journeyIds`);
    });

  toc.nodes.forEach((node, i) => checkEvidence(node.evidence, ['nodes', i, 'evidence']));
  /** One link per pair of nodes: its rationale, evidence and assumptions say all there is about that step. */
  const linkByPair = new Map<string, string>();
  toc.links.forEach((link, i) => {
    needNode(link.from, ['links', i, 'from']);
    needNode(link.to, ['links', i, 'to']);
    if (link.from === link.to) report(['links', i, 'to'], 'a node cannot lead to itself');
    const pair = JSON.stringify([link.from, link.to]);
    const earlier = linkByPair.get(pair);
    if (earlier !== undefined) report(['links', i, 'to'], linkTwiceMessage(link.from, link.to, earlier));
    else linkByPair.set(pair, link.id);
    link.assumptionIds.forEach((id, j) => {
      if (!assumptionIds.has(id))
        report(['links', i, 'assumptionIds', j], `refers to assumption "${id}", which is not in assumptions`);
    });
    checkEvidence(link.evidence, ['links', i, 'evidence']);
  });
  toc.indicators.forEach((indicator, i) => needNode(indicator.nodeId, ['indicators', i, 'nodeId']));
}
