/**
 * The theory of change as one audience may see it, ready for any export format. Evidence in the
 * model is pointers at journey stages, never copies of words (src/model/toc-evidence.ts); here
 * the pointers are counted into `families` and, where the audience and the family's consent
 * allow, the words are filled in.
 *
 * - team (facilitators): every quote, every count.
 * - evaluator (pseudonymised): only journeys whose consent allows analysis; quotes only where
 *   it allows sharing words; counts below the threshold suppressed together with their evidence,
 *   since the evidence's journey ids would give the count away.
 *
 * Journeys missing from `journeys` (erased when consent was withdrawn) count for neither
 * audience: their evidence is dropped, and so are they from `journeyIds`.
 */
import {
  allows,
  type ConsentOf,
  familiesIn,
  type Evidence,
  type FamilyCount,
  type Journey,
  type TheoryOfChange,
} from '../../model/index.ts';

export type ExportAudience = 'evaluator' | 'team';

export interface ExportViewOptions {
  audience: ExportAudience;
  /** Evaluator views suppress counts of families below this (at least 1). */
  minFamilies: number;
  /** The consent in force for each journey (server records, never a document field). */
  consentOf: ConsentOf;
}

/** The family's words behind one piece of evidence: the enabler or barrier, else the stage's words. */
function wordsOf(journey: Journey, evidence: Evidence): string | undefined {
  const words = evidence.factorId
    ? journey.factors.find((factor) => factor.id === evidence.factorId)?.text
    : journey.stages.find((stage) => stage.id === evidence.stageId)?.words;
  const trimmed = words?.trim();
  return trimmed ? trimmed : undefined;
}

export function exportView(
  toc: TheoryOfChange,
  journeys: readonly Journey[],
  { audience, minFamilies, consentOf }: ExportViewOptions,
): TheoryOfChange {
  const evaluator = audience === 'evaluator';
  const usableJourneys = new Map(
    journeys
      .filter((journey) => !evaluator || allows(consentOf(journey.id), 'analysis'))
      .map((journey) => [journey.id as string, journey]),
  );
  const usable = (journeyId: string) => usableJourneys.has(journeyId);
  const mayQuote = (journey: Journey) => !evaluator || allows(consentOf(journey.id), 'share-words');

  const view = (evidence: readonly Evidence[]): { evidence: Evidence[]; families: FamilyCount } => {
    // A quote already on the evidence is never trusted: it is filled in afresh, or not at all.
    const kept = evidence.flatMap(({ quote: _stored, ...pointer }) => {
      const journey = usableJourneys.get(pointer.journeyId);
      if (!journey) return [];
      const quote = mayQuote(journey) ? wordsOf(journey, pointer) : undefined;
      return [quote === undefined ? pointer : { ...pointer, quote }];
    });
    const families = familiesIn(kept);
    return evaluator && families < minFamilies
      ? { evidence: [], families: 'suppressed' }
      : { evidence: kept, families };
  };

  return {
    ...toc,
    journeyIds: toc.journeyIds.filter(usable),
    nodes: toc.nodes.map((node) => ({ ...node, ...view(node.evidence) })),
    links: toc.links.map((link) => ({ ...link, ...view(link.evidence) })),
  };
}
