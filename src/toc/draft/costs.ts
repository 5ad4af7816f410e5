/**
 * Cost events: a type that recurs across families becomes an outcome to make it rarer ("Fewer
 * police call-outs", worded in the cost-event registry), with an indicator evaluators can tie to
 * the cost tables; together they make the long-term outcome "less need for crisis services".
 */
import { costEventKind, type CostEventType } from '../../model/cost-event-types.ts';
import type { CostEvent } from '../../model/cost-event.ts';
import type { Cohort } from './cohort.ts';
import { familiesOf, fitId, type Item } from './evidence.ts';
import { addTo } from './group.ts';
import type { DraftNode, Drafted } from './types.ts';
import { LESS_CRISIS_DESCRIPTION, LESS_CRISIS_TITLE, POPULATION } from './wording.ts';

export const LESS_CRISIS_ID = 'less-need-for-crisis-services';

export function costNodeId(type: CostEventType): string {
  return fitId(`fewer-${type}`);
}

const COUNTED_AS = { times: 'number', weeks: 'weeks', years: 'years', hours: 'hours' } as const;

/**
 * A type counts in every family that had it at any time, before, during or after support. The
 * evidence is the events before or during support (what the programme should make rarer); a
 * family whose events of that type all came after support is cited by those, so that the families
 * in the evidence are exactly the families counted.
 */
export function draftCostOutcomes(cohort: Cohort): Drafted {
  const byType = new Map<CostEventType, Item[]>();
  for (const family of cohort.families) {
    const ofType = new Map<CostEventType, CostEvent[]>();
    for (const event of family.journey.costEvents) addTo(ofType, event.type, event);
    for (const [type, events] of ofType) {
      const beforeOrDuring = events.filter((e) => e.period !== 'after');
      const cited = beforeOrDuring.length > 0 ? beforeOrDuring : events;
      const items = cited.map((e) => ({ journeyId: family.id, stageId: e.stageId, costEventId: e.id }));
      addTo(byType, type, ...items);
    }
  }
  const drafted: Drafted = { nodes: [], indicators: [] };
  for (const [type, evidence] of byType) {
    if (familiesOf(evidence).length < cohort.minFamilies) continue;
    const kind = costEventKind(type);
    const id = costNodeId(type);
    drafted.nodes.push({
      id,
      kind: 'intermediate-outcome',
      title: kind.outcome,
      description: `Drafted from cost events that recurred across families (‘${kind.label}’).`,
      evidence,
      reduces: [type],
    });
    drafted.indicators.push({
      id: fitId(`${id}-indicator`),
      nodeId: id,
      title: `${kind.label}: ${COUNTED_AS[kind.counts]} per family`,
      measure: 'unit',
      ascending: false,
      population: POPULATION,
      threshold: { comment: 'None in the last six months' },
      timeline: 'In the 12 months after support ends',
      baseline: { comment: 'The 12 months before support began' },
      costEventType: type,
    });
  }
  return drafted;
}

/** The long-term outcome gathering the cost outcomes, with all their evidence. */
export function draftLessCrisis(costOutcomes: readonly DraftNode[]): DraftNode | undefined {
  if (costOutcomes.length === 0) return undefined;
  return {
    id: LESS_CRISIS_ID,
    kind: 'long-term-outcome',
    title: LESS_CRISIS_TITLE,
    description: LESS_CRISIS_DESCRIPTION,
    evidence: costOutcomes.flatMap((node) => node.evidence),
    reduces: costOutcomes.flatMap((node) => node.reduces ?? []),
  };
}
