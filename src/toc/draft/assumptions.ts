/**
 * Assumptions drafted from what the journeys show, each attached to the links it bears on:
 *
 * - "Progress holds once support steps down" (causal, high risk): drafted when enough families
 *   were rated lower after support ended than at their last rating before it ended (stages after
 *   support as `cohort.ts` defines them); attached to every link into the impact.
 * - "Setbacks do not undo the work" (theoretical, medium risk): drafted for each step of the scale
 *   that enough families made, fell back below, and made again; attached to the links out of
 *   those steps.
 */
import type { AssumptionInput } from '../../model/toc-assumption.ts';
import type { Cohort } from './cohort.ts';
import { fellBackAndRecovered, IMPACT_ID, stepId, supportEnd } from './levels.ts';
import type { DraftLink, DraftNode } from './types.ts';
import { ASSUMPTIONS } from './wording.ts';

export interface DraftedAssumptions {
  assumptions: AssumptionInput[];
  /** The assumptions each link rests on, by link (from the list the links came in). */
  assumptionsOf: Map<DraftLink, string[]>;
}

export function draftAssumptions(
  cohort: Cohort,
  nodes: readonly DraftNode[],
  links: readonly DraftLink[],
): DraftedAssumptions {
  const drafted: DraftedAssumptions = { assumptions: [], assumptionsOf: new Map() };
  const add = ({ id, text, kind, risk }: (typeof ASSUMPTIONS)[keyof typeof ASSUMPTIONS], attachTo: DraftLink[]) => {
    drafted.assumptions.push({ id, text, kind, risk, status: 'untested' });
    for (const link of attachTo) drafted.assumptionsOf.set(link, [...(drafted.assumptionsOf.get(link) ?? []), id]);
  };

  const fell = cohort.families.filter((family) => supportEnd(family)?.fell).length;
  if (fell > 0 && fell >= cohort.minFamilies) {
    add(
      ASSUMPTIONS.progressHolds,
      links.filter((link) => link.to === IMPACT_ID),
    );
  }

  const nodeIds = new Set(nodes.map((node) => node.id));
  const top = cohort.scale?.levels.length ?? 0;
  const shaken = new Set<string>();
  for (let a = 1; a < top; a++) {
    const recovered = cohort.families.filter((family) => fellBackAndRecovered(family, a)).length;
    if (nodeIds.has(stepId(a)) && recovered > 0 && recovered >= cohort.minFamilies) shaken.add(stepId(a));
  }
  if (shaken.size > 0) {
    add(
      ASSUMPTIONS.setbacks,
      links.filter((link) => shaken.has(link.from)),
    );
  }
  return drafted;
}
