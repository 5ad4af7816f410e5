/**
 * The drafted causal chain. Each rule below finds, family by family, a pattern in the journeys
 * that suggests one element leads to another, and cites where it was found. Like every drafted
 * element, a link needs its pattern in `minFamilies` families (so the one number in the provenance
 * says how the whole draft was made, and a large cohort does not link everything to everything);
 * it is always at low confidence: a person raises it.
 *
 * - help → barrier: an enabler's code and a barrier's code co-occur in a family: the enabler
 *   carries the barrier's code too (the same theme), or both were named at the same stage;
 * - service → step: the service was there at a stage where the family made the step;
 * - barrier → step: the first step the family made at or after the barrier's stage;
 * - barrier → cost outcome: a cost event at the barrier's stage;
 * - step → next step: the family made both;
 * - step → lasting progress: the family ended support at the step's upper level and held it;
 * - cost outcome → less need for crisis services: its own evidence;
 * - top step, less need for crisis services, lasting progress → impact: families who reached the
 *   top level (for the long-term outcomes, the families they share with the impact).
 */
import type { Cohort, Family } from './cohort.ts';
import { costNodeId, LESS_CRISIS_ID } from './costs.ts';
import { familiesOf, fromFamilies, type Item } from './evidence.ts';
import { addTo } from './group.ts';
import { factorItem, factorNodeId, factorsByCode, type CodedFactor } from './factors.ts';
import { firstCrossing, IMPACT_ID, LASTING_ID, risesOf, serviceId, stepId, supportEnd } from './levels.ts';
import type { DraftLink, DraftNode } from './types.ts';
import { RATIONALES } from './wording.ts';

type Rule = keyof typeof RATIONALES;

export function draftLinks(cohort: Cohort, nodes: readonly DraftNode[]): DraftLink[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const links = new Map<string, DraftLink>();
  const cite = (rule: Rule, from: string, to: string, evidence: readonly Item[]) => {
    if (!byId.has(from) || !byId.has(to) || evidence.length === 0) return;
    const key = `${from}--${to}`;
    const link = links.get(key) ?? { from, to, rationale: RATIONALES[rule], evidence: [] };
    for (const item of evidence) link.evidence.push(item);
    links.set(key, link);
  };
  const at = (family: Family, stageId: string): Item => ({ journeyId: family.id, stageId });

  const barriers = codedByFamily(cohort, 'barrier', byId);
  const enablers = codedByFamily(cohort, 'enabler', byId);
  const citedEvents = new Set(
    nodes.flatMap((node) => (node.reduces?.length ? node.evidence.map(eventKey) : [])).filter((key) => key !== ''),
  );
  const top = cohort.scale?.levels.length ?? 0;

  for (const family of cohort.families) {
    const rank = (stageId: string) => family.rank.get(stageId) ?? -1;
    const rises = risesOf(family);
    const familyBarriers = barriers.get(family.id) ?? [];

    for (const barrier of familyBarriers) {
      for (const enabler of enablers.get(family.id) ?? []) {
        if (
          enabler.factor.stageId === barrier.factor.stageId ||
          enabler.factor.codes.some((code) => code === barrier.code)
        ) {
          cite('enablerToBarrier', enabler.node, barrier.node, [factorItem(enabler), factorItem(barrier)]);
        }
      }
      const next = rises.find((rise) => rank(rise.stageId) >= rank(barrier.factor.stageId));
      if (next) cite('barrierToStep', barrier.node, stepId(next.from), [factorItem(barrier), at(family, next.stageId)]);
      for (const event of family.journey.costEvents) {
        const item = { journeyId: family.id, stageId: event.stageId, costEventId: event.id };
        if (event.stageId === barrier.factor.stageId && citedEvents.has(eventKey(item))) {
          cite('barrierToCost', barrier.node, costNodeId(event.type), [factorItem(barrier), item]);
        }
      }
    }

    for (const rise of rises) {
      for (const service of family.stages.get(rise.stageId)?.services ?? []) {
        for (let a = rise.from; a < rise.to; a++)
          cite('serviceToStep', serviceId(service), stepId(a), [at(family, rise.stageId)]);
      }
    }
    for (let a = 1; a + 1 < top; a++) {
      const lower = firstCrossing(family, a);
      const upper = firstCrossing(family, a + 1);
      if (lower && upper) cite('stepToStep', stepId(a), stepId(a + 1), [at(family, lower), at(family, upper)]);
    }
    const topStep = top > 1 ? firstCrossing(family, top - 1) : undefined;
    if (topStep) cite('stepToImpact', stepId(top - 1), IMPACT_ID, [at(family, topStep)]);
    const ended = supportEnd(family);
    if (ended && ended.held.length > 0 && ended.end.level > 1) {
      const evidence = [ended.end, ...ended.held].map((r) => at(family, r.stageId));
      cite('stepToLasting', stepId(ended.end.level - 1), LASTING_ID, evidence);
    }
  }

  for (const node of nodes) {
    if (node.reduces?.length && node.id !== LESS_CRISIS_ID)
      cite('costToLessCrisis', node.id, LESS_CRISIS_ID, node.evidence);
  }
  const reachedTop = byId.get(IMPACT_ID)?.evidence ?? [];
  const topFamilies = new Set(familiesOf(reachedTop));
  for (const [id, rule] of [
    [LESS_CRISIS_ID, 'lessCrisisToImpact'],
    [LASTING_ID, 'lastingToImpact'],
  ] as const) {
    const gathered = byId.get(id)?.evidence ?? [];
    const shared = new Set(familiesOf(gathered).filter((family) => topFamilies.has(family)));
    cite(rule, id, IMPACT_ID, [...fromFamilies(gathered, shared), ...fromFamilies(reachedTop, shared)]);
  }
  return [...links.values()].filter((link) => familiesOf(link.evidence).length >= cohort.minFamilies);
}

interface CodedWithNode extends CodedFactor {
  code: string;
  /** The drafted node this factor's code became. */
  node: string;
}

/** Per family, the factors of one kind whose code became a node: one entry per factor and code. */
function codedByFamily(
  cohort: Cohort,
  kind: 'barrier' | 'enabler',
  byId: ReadonlyMap<string, DraftNode>,
): Map<string, CodedWithNode[]> {
  const byFamily = new Map<string, CodedWithNode[]>();
  for (const [code, factors] of factorsByCode(cohort, kind)) {
    const node = factorNodeId(kind, code);
    if (!byId.has(node)) continue;
    for (const f of factors) addTo(byFamily, f.family.id, { ...f, code, node });
  }
  return byFamily;
}

/** A cost event's key within the cohort, or '' for evidence that is not a cost event. */
function eventKey(item: Item): string {
  return item.costEventId === undefined ? '' : `${item.journeyId}\u0000${item.costEventId}`;
}
