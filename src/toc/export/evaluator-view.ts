/**
 * The theory of change as one audience may see it, ready for any export format. Evidence in the
 * model is pointers at journey stages, never copies of words (src/model/toc-evidence.ts); here
 * the pointers are counted into `families` and, where the audience and the family's consent
 * allow, the words are filled in.
 *
 * For every audience, only journeys whose consent allows analysis count: a journey without it
 * contributes no evidence and no count, not even to the team's view. Counts are of families (a
 * family may own several journeys), not journeys.
 *
 * - team (staff of the project): every quote of those journeys, every count.
 * - invited (people co-designing it through an invite): quotes only where the family agreed to
 *   share its words; cost evidence only where it agreed to share cost events; counts as they are.
 * - evaluator (pseudonymised): as invited, and a node or link whose evidence comes from fewer
 *   than `minFamilies` families tells nothing of them: its count is "suppressed", its evidence
 *   dropped and its words (title, description, rationale, interventions, codes, what it makes
 *   rarer, progress, indicators) withheld. A node or link with no evidence at all is the team's
 *   own words and stays.
 *
 * Journeys missing from `journeys` (erased) count for no audience: their evidence is dropped,
 * and so are they from `journeyIds`.
 */
import {
  allows,
  type ConsentOf,
  type Evidence,
  type FamilyCount,
  type Journey,
  type TheoryOfChange,
  type TocLink,
  type TocNode,
} from '../../model/index.ts';

export type ExportAudience = 'evaluator' | 'invited' | 'team';

export interface ExportViewOptions {
  audience: ExportAudience;
  /** Evaluator views suppress counts of families below this (at least 1). */
  minFamilies: number;
  /** The consent in force for each journey (server records, never a document field). */
  consentOf: ConsentOf;
  /** The family each journey belongs to (server records); each journey is its own family when not given. */
  familyOf?: (journeyId: string) => string;
}

/** What an evaluator reads in place of a step or link drawn from too few families. */
export function withheldTitle(minFamilies: number): string {
  return `Withheld: drawn from fewer than ${minFamilies} ${minFamilies === 1 ? 'family' : 'families'}`;
}

/** The family's words behind one piece of evidence: the enabler or barrier, else the stage's words. */
function wordsOf(journey: Journey, evidence: Evidence): string | undefined {
  const words = evidence.factorId
    ? journey.factors.find((factor) => factor.id === evidence.factorId)?.text
    : journey.stages.find((stage) => stage.id === evidence.stageId)?.words;
  const trimmed = words?.trim();
  return trimmed ? trimmed : undefined;
}

interface Counted {
  evidence: Evidence[];
  families: FamilyCount;
  /** Evidence was cited, but from fewer families than an evaluator may learn of. */
  withheld: boolean;
}

/** A node drawn from too few families, with nothing of what it says of them. */
function withheldNode(node: TocNode, title: string): TocNode {
  const { description: _d, progress: _p, ...rest } = node;
  return { ...rest, title, reduces: [], codes: [], evidence: [], families: 'suppressed' };
}

function withheldLink(link: TocLink): TocLink {
  const { rationale: _r, ...rest } = link;
  return { ...rest, interventions: [], evidence: [], families: 'suppressed' };
}

export function exportView(
  toc: TheoryOfChange,
  journeys: readonly Journey[],
  { audience, minFamilies, consentOf, familyOf = (id) => id }: ExportViewOptions,
): TheoryOfChange {
  const team = audience === 'team';
  const evaluator = audience === 'evaluator';
  const usableJourneys = new Map(
    journeys
      .filter((journey) => allows(consentOf(journey.id), 'analysis'))
      .map((journey) => [journey.id as string, journey]),
  );
  const mayQuote = (journeyId: string) => team || allows(consentOf(journeyId), 'share-words');
  const mayShowCosts = (journeyId: string) => team || allows(consentOf(journeyId), 'share-costs');

  const count = (evidence: readonly Evidence[]): Counted => {
    // A quote already on the evidence is never trusted: it is filled in afresh, or not at all.
    const kept = evidence.flatMap(({ quote: _stored, ...pointer }) => {
      const journey = usableJourneys.get(pointer.journeyId);
      if (!journey) return [];
      if (pointer.costEventId !== undefined && !mayShowCosts(journey.id)) return [];
      const quote = mayQuote(journey.id) ? wordsOf(journey, pointer) : undefined;
      return [quote === undefined ? pointer : { ...pointer, quote }];
    });
    const families = new Set(kept.map((item) => familyOf(item.journeyId))).size;
    if (!evaluator || families >= minFamilies) return { evidence: kept, families, withheld: false };
    return { evidence: [], families: 'suppressed', withheld: evidence.length > 0 };
  };

  const title = withheldTitle(minFamilies);
  const withheldNodes = new Set<string>();
  const nodes = toc.nodes.map((node) => {
    const { withheld, ...counted } = count(node.evidence);
    if (!withheld) return { ...node, ...counted };
    withheldNodes.add(node.id);
    return withheldNode(node, title);
  });
  return {
    ...toc,
    journeyIds: toc.journeyIds.filter((id) => usableJourneys.has(id)),
    nodes,
    links: toc.links.map((link) => {
      const { withheld, ...counted } = count(link.evidence);
      return withheld ? withheldLink(link) : { ...link, ...counted };
    }),
    // An indicator says what its step is about: it goes with a step that is withheld.
    indicators: toc.indicators.filter((indicator) => !withheldNodes.has(indicator.nodeId)),
  };
}
