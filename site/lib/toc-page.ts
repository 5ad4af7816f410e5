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
  /** The journeys behind it whose family agreed to analysis, by id (still stored ones only). */
  journeys: Map<string, Journey>;
  /** How many families whose consent allows analysis it draws on. */
  families: number;
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
      families: 0,
      mayShowStage: () => false,
    };
  }
  const { access } = admission;
  const { journeys, consentOf, familyOf } = await journeysOf(store, id);
  const team = access.role === 'facilitator';
  // Invited people see words and costs only as families agreed, with no count suppressed: they co-design it.
  const toc = exportView(loaded.toc, journeys, {
    audience: team ? 'team' : 'invited',
    minFamilies: 1,
    consentOf,
    familyOf,
  });
  // Only journeys whose family agreed to analysis are shown beside the evidence, to anyone.
  const byId = new Map(
    journeys
      .filter((journey) => allows(consentOf(journey.id), 'analysis'))
      .map((journey) => [journey.id as string, journey]),
  );
  const mayShowStage = (journeyId: string) => {
    const journey = byId.get(journeyId);
    return journey !== undefined && (team || allows(consentOf(journeyId), 'share-words'));
  };
  const families = new Set([...byId.keys()].map(familyOf)).size;
  return { id, access, refusal: undefined, toc, journeys: byId, families, mayShowStage };
}
