/**
 * Evidence on a node or a link: a pointer at a journey stage (and the enabler, barrier or cost
 * event there). Keyed by the pointer, so two people citing at once both keep their citations and
 * citing the same stage twice is one citation.
 */
import * as Y from 'yjs';
import { EvidenceSchema, type EvidenceInput, type TocLinkId, type TocNodeId } from '../../model/index.ts';
import { CommandError, parseInput } from '../command-error.ts';
import type { TransactionOrigin } from '../origins.ts';
import { requireTocLink, requireTocNode } from './command-support.ts';
import { evidenceKey, tocMaps } from './layout.ts';
import { TOC_LIMITS } from './limits.ts';
import { childMap } from './write.ts';

/** The node or link the evidence supports. */
export type EvidenceTarget = { nodeId: TocNodeId } | { linkId: TocLinkId };

function targetElement(doc: Y.Doc, command: string, target: EvidenceTarget): Y.Map<unknown> {
  return 'nodeId' in target
    ? requireTocNode(doc, command, target.nodeId, '$.nodeId')
    : requireTocLink(doc, command, target.linkId, '$.linkId');
}

function evidenceMap(element: Y.Map<unknown>): Y.Map<unknown> | undefined {
  const map = element.get('evidence');
  return map instanceof Y.Map ? map : undefined;
}

/** Cite a journey stage (or a factor or cost event there) as evidence. Citing it again changes nothing. */
export function addEvidence(
  doc: Y.Doc,
  target: EvidenceTarget,
  evidence: EvidenceInput,
  origin: TransactionOrigin,
): void {
  if (typeof evidence === 'object' && evidence !== null && 'quote' in evidence) {
    throw new CommandError('addEvidence', [
      { path: '$.quote', message: 'is filled in by exports from the journey and never stored' },
    ]);
  }
  const parsed = parseInput('addEvidence', EvidenceSchema, evidence);
  const element = targetElement(doc, 'addEvidence', target);
  const journeyIds = tocMaps(doc).meta.get('journeyIds');
  if (!Array.isArray(journeyIds) || !journeyIds.includes(parsed.journeyId)) {
    throw new CommandError('addEvidence', [
      { path: '$.journeyId', message: `journey "${parsed.journeyId}" is not one this theory of change draws on` },
    ]);
  }
  const key = evidenceKey(parsed);
  const cited = evidenceMap(element);
  if (cited?.has(key)) return;
  if ((cited?.size ?? 0) >= TOC_LIMITS.evidence) {
    throw new CommandError('addEvidence', [
      { path: '$', message: `a node or link holds at most ${TOC_LIMITS.evidence} pieces of evidence` },
    ]);
  }
  doc.transact(() => childMap(element, 'evidence').set(key, parsed), origin);
}

/** Stop citing this pointer (a `quote` on it is ignored). */
export function removeEvidence(
  doc: Y.Doc,
  target: EvidenceTarget,
  evidence: EvidenceInput,
  origin: TransactionOrigin,
): void {
  const parsed = parseInput('removeEvidence', EvidenceSchema, evidence);
  const key = evidenceKey(parsed);
  const cited = evidenceMap(targetElement(doc, 'removeEvidence', target));
  if (!cited?.has(key)) {
    throw new CommandError('removeEvidence', [{ path: '$', message: `evidence "${key}" is not cited there` }]);
  }
  doc.transact(() => cited.delete(key), origin);
}
