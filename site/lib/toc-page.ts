/**
 * The prologue of every theory-of-change page: who is asking, and the theory of change as they
 * may see it. Facilitators get the team's view (the families' words); people invited to a theory
 * of change see words only where a family's consent allows sharing them.
 */
import { journeysOf, loadToc } from '../../server/toc-library.ts';
import { allows, type Journey, type TheoryOfChange } from '../../src/model/index.ts';
import { exportView } from '../../src/toc/index.ts';
import { documentAccess, type DocumentAccess } from './access.ts';

interface PageContext {
  cookies: Parameters<typeof documentAccess>[0]['cookies'];
  locals: App.Locals;
  url: URL;
  params: Record<string, string | undefined>;
  response: { status?: number };
}

export interface TocPage {
  id: string;
  access: DocumentAccess | undefined;
  /** The view this person may see, with quotes and family counts filled in. */
  toc: TheoryOfChange | undefined;
  /** The journeys behind it, by id (still stored ones only). */
  journeys: Map<string, Journey>;
  /** Whether stage titles may be shown beside evidence (the team, or a family that shares its words). */
  mayShowStage: (journeyId: string) => boolean;
}

export function tocForPage(context: PageContext): TocPage {
  const id = context.params.id ?? '';
  const access = documentAccess(context, id);
  const { store } = context.locals.services;
  const loaded = access ? loadToc(store, id) : undefined;
  if (!access) context.response.status = 401;
  else if (!loaded) context.response.status = 404;
  if (!access || !loaded) return { id, access, toc: undefined, journeys: new Map(), mayShowStage: () => false };
  const journeys = journeysOf(store, loaded.toc);
  const team = access.role === 'facilitator';
  // Invited people see what an evaluator would, without suppressing small counts: they co-design it.
  const toc = exportView(loaded.toc, journeys, { audience: team ? 'team' : 'evaluator', minFamilies: 1 });
  const byId = new Map(journeys.map((journey) => [journey.id as string, journey]));
  const mayShowStage = (journeyId: string) => {
    const journey = byId.get(journeyId);
    return journey !== undefined && (team || allows(journey.consent, 'share-words'));
  };
  return { id, access, toc, journeys: byId, mayShowStage };
}
