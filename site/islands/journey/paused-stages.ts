/**
 * "Pause this topic" on a participant's or viewer's screen: the journey as they are shown it
 * while the facilitator has paused some stages, without those stages, their enablers and
 * barriers, their costs, or the links that touch them. Display only (server/SPEC.md CONTROL3):
 * the document on their device still holds them.
 */
import type { Journey } from '../../../src/model/index.ts';

export function withoutPaused(journey: Journey, paused: ReadonlySet<string>): Journey {
  if (paused.size === 0) return journey;
  return {
    ...journey,
    stages: journey.stages.filter((stage) => !paused.has(stage.id)),
    links: journey.links.filter((link) => !paused.has(link.from) && !paused.has(link.to)),
    factors: journey.factors.filter((factor) => !paused.has(factor.stageId)),
    costEvents: journey.costEvents.filter((event) => !paused.has(event.stageId)),
  };
}
