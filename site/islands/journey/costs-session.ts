/**
 * A live session on a journey's costs companion (src/doc/costs/companion.ts): opened only for
 * people the server lets see costs (server/SPEC.md COSTS2), beside the journey's own session.
 */
import { costsKind, type JourneyCosts } from '../../../src/doc/index.ts';
import { DocSession, type SessionOptions } from '../session/doc-session.ts';
import type { Words } from '../session/refusal.ts';

/** The notes on cost events: what a refused session keeps on screen to copy. */
const costWords = (costs: JourneyCosts): Words[] =>
  costs.costEvents.map((event) => ({
    key: `cost:${event.id}:note`,
    where: 'A note on a cost event',
    text: event.note ?? '',
  }));

export class CostsSession extends DocSession<JourneyCosts> {
  constructor(options: SessionOptions<JourneyCosts>) {
    super(options, costsKind, costWords);
  }
}
