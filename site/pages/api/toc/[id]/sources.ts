/**
 * GET /api/toc/<id>/sources[?invite=…]: the journeys behind a theory of change, for its canvas's
 * evidence panel: to the team with the families' words, to invited people only where a family
 * agreed to share them. Evaluators use the export API instead.
 */
import type { APIRoute } from 'astro';
import { journeysOf, loadToc } from '../../../../../server/toc-library.ts';
import { documentAccess } from '../../../../lib/access.ts';
import { tocSources } from '../../../../lib/toc-sources.ts';

const noStore = { 'Cache-Control': 'no-store' };

export const GET: APIRoute = (context) => {
  const id = context.params.id ?? '';
  const access = documentAccess(context, id);
  if (!access)
    return Response.json({ error: 'an invite or a facilitator sign-in is needed' }, { status: 401, headers: noStore });
  const { store } = context.locals.services;
  const loaded = loadToc(store, id);
  if (!loaded) return Response.json({ error: `no theory of change "${id}"` }, { status: 404, headers: noStore });
  return Response.json(tocSources(journeysOf(store, loaded.toc), access.role === 'facilitator'), { headers: noStore });
};
