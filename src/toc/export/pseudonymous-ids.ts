/**
 * An evaluator's view with every id replaced by a key: journey, stage, factor and cost-event ids
 * (free text in older and imported journeys, "ce08-arrests-jordan"), and the theory of change's
 * own node, link, indicator and assumption ids (drafted ones are built from codes). The caller
 * supplies `keyOf`, a keyed hash stable per evaluator grant (server/evaluator-keys.ts), so the
 * same grant always reads the same keys and two grants cannot join what they were given. The
 * theory of change's own id is random and stays.
 */
import type { Evidence, TheoryOfChange } from '../../model/index.ts';

/** What an id names, so a stage and a node with the same id get different keys. */
export type IdKind = 'journey' | 'stage' | 'factor' | 'cost-event' | 'node' | 'link' | 'indicator' | 'assumption';

/** The key for one id of one kind: same input, same key. */
export type KeyOf = (kind: IdKind, id: string) => string;

/** The view with keys in place of ids, consistently, so links, evidence and indicators still point where they did. */
export function withKeys<T extends TheoryOfChange>(view: T, keyOf: KeyOf): T {
  // Ids are branded strings: keys take their place, so the brands are asserted back.
  const key = <I extends string>(kind: IdKind, id: I) => keyOf(kind, id) as I;
  const evidence = (items: readonly Evidence[]): Evidence[] =>
    items.map(({ journeyId, stageId, factorId, costEventId, ...rest }) => ({
      ...rest,
      journeyId: key('journey', journeyId),
      stageId: key('stage', stageId),
      ...(factorId === undefined ? {} : { factorId: key('factor', factorId) }),
      ...(costEventId === undefined ? {} : { costEventId: key('cost-event', costEventId) }),
    }));
  return {
    ...view,
    journeyIds: view.journeyIds.map((id) => key('journey', id)),
    nodes: view.nodes.map((node) => ({ ...node, id: key('node', node.id), evidence: evidence(node.evidence) })),
    links: view.links.map((link) => ({
      ...link,
      id: key('link', link.id),
      from: key('node', link.from),
      to: key('node', link.to),
      assumptionIds: link.assumptionIds.map((id) => key('assumption', id)),
      evidence: evidence(link.evidence),
    })),
    indicators: view.indicators.map((indicator) => ({
      ...indicator,
      id: key('indicator', indicator.id),
      nodeId: key('node', indicator.nodeId),
    })),
    assumptions: view.assumptions.map((assumption) => ({ ...assumption, id: key('assumption', assumption.id) })),
  };
}
