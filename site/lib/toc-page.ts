/**
 * The prologue of every theory-of-change page: who is asking, and the theory of change as they
 * may see it. Facilitators get the team's view (the families' words); people invited to a theory
 * of change see words only where a family's consent allows sharing them.
 */
import { journeysOf, loadToc } from '../../server/toc-library.ts';
import { allows, type Journey, type TheoryOfChange } from '../../src/model/index.ts';
import { exportView } from '../../src/toc/index.ts';
import { admit, missingForStaff, type DocumentAccess } from './access.ts';
import { answerWith, type Refusal } from './refusals.ts';

interface PageContext {
  cookies: Parameters<typeof admit>[0]['cookies'];
  locals: App.Locals;
  url: URL;
  request: Request;
  params: Record<string, string | undefined>;
  response: { status?: number; statusText?: string };
}

export interface TocPage {
  id: string;
  access: DocumentAccess | undefined;
  /** Why this person may not see it (the page answers with its status), or undefined. */
  refusal: Refusal | undefined;
  /** The view this person may see, with quotes and family counts filled in. */
  toc: TheoryOfChange | undefined;
  /** The journeys behind it, by id (still stored ones only). */
  journeys: Map<string, Journey>;
  /** Whether stage titles may be shown beside evidence (the team, or a family that shares its words). */
  mayShowStage: (journeyId: string) => boolean;
}

export async function tocForPage(context: PageContext, page: string): Promise<TocPage> {
  const id = context.params.id ?? '';
  const admission = await admit(context, id, 'toc.view', page);
  const { store } = context.locals.services;
  const loaded = admission.ok ? await loadToc(store, id) : undefined;
  if (!admission.ok || !loaded) {
    const refusal: Refusal =
      admission.ok || (await missingForStaff(context, id, admission))
        ? { status: 404, why: 'not-found' }
        : admission.refusal;
    answerWith(context.response, refusal.status);
    return {
      id,
      access: admission.ok ? admission.access : undefined,
      refusal,
      toc: undefined,
      journeys: new Map(),
      mayShowStage: () => false,
    };
  }
  const { access } = admission;
  const { journeys, consentOf } = await journeysOf(store, id);
  const team = access.role === 'facilitator';
  // Invited people see what an evaluator would, without suppressing small counts: they co-design it.
  const toc = exportView(loaded.toc, journeys, {
    audience: team ? 'team' : 'evaluator',
    minFamilies: 1,
    consentOf,
  });
  const byId = new Map(journeys.map((journey) => [journey.id as string, journey]));
  const mayShowStage = (journeyId: string) => {
    const journey = byId.get(journeyId);
    return journey !== undefined && (team || allows(consentOf(journeyId), 'share-words'));
  };
  return { id, access, refusal: undefined, toc, journeys: byId, mayShowStage };
}
