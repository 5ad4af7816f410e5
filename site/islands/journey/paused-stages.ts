/**
 * "Pause this topic" on a participant's or viewer's screen: a paused stage keeps its place (so
 * no other stage is renumbered) but shows none of its story: its card says it is paused, and its
 * words, level, feeling, enablers, barriers and costs are left out. Display only (server/SPEC.md
 * CONTROL3): the document on their device still holds them, so its panel is never opened.
 */
import type { Journey } from '../../../src/model/index.ts';

export const PAUSED_TITLE = 'Paused by the facilitator';

export function withoutPaused(journey: Journey, paused: ReadonlySet<string>): Journey {
  if (paused.size === 0) return journey;
  return {
    ...journey,
    stages: journey.stages.map((stage) =>
      paused.has(stage.id)
        ? {
            id: stage.id,
            title: PAUSED_TITLE,
            words: '',
            voice: stage.voice,
            order: stage.order,
            services: [],
            codes: [],
          }
        : stage,
    ),
    factors: journey.factors.filter((factor) => !paused.has(factor.stageId)),
    costEvents: journey.costEvents.filter((event) => !paused.has(event.stageId)),
  };
}
