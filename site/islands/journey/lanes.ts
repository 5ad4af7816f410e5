/**
 * Lanes on the map: one per family member (whose words a stage's are) or one per service (the
 * stage's first), each with the name shown as its label. The first lane holds the stages that
 * say no one, or no service.
 */
import { SERVICE_KINDS, type Journey, type Stage } from '../../../src/model/index.ts';
import { inFamilyOrder } from '../../lib/member-words.ts';

export type LaneMode = 'none' | 'member' | 'service';

export interface Lanes {
  /** Each lane's name, by its number from the top; lane 0 is the one for "not said". */
  names: string[];
  laneOf: (stage: Stage) => number;
}

export function lanesOf(journey: Journey, mode: LaneMode): Lanes {
  if (mode === 'member') {
    const members = inFamilyOrder(journey.family.members);
    return {
      names: ['Not said', ...members.map((m) => m.pseudonym)],
      laneOf: (stage) => (stage.speakerId ? 1 + members.findIndex((m) => m.id === stage.speakerId) : 0),
    };
  }
  if (mode === 'service') {
    const services = [...new Set(journey.stages.flatMap((s) => s.services))].sort();
    return {
      names: ['No service', ...services.map((key) => SERVICE_KINDS[key].label)],
      laneOf: (stage) => (stage.services[0] ? 1 + services.indexOf(stage.services[0]) : 0),
    };
  }
  return { names: [], laneOf: () => 0 };
}
