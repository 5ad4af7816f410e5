/**
 * GET /api/toc/<id>/sources: the journeys behind a theory of change, for its canvas's
 * evidence panel: to the team with the families' words, to invited people only where a family
 * agreed to share them. Evaluators use the export API instead.
 */
import type { APIRoute } from 'astro';
import { journeysOf, loadToc } from '../../../../../server/toc-library.ts';
import { admit, missingForStaff } from '../../../../lib/access.ts';
import { tocSources } from '../../../../lib/toc-sources.ts';

const noStore = { 'Cache-Control': 'no-store' };

export const GET: APIRoute = async (context) => {
  const id = context.params.id ?? '';
  const admission = await admit(context, id, 'toc.sources');
  if (await missingForStaff(context, id, admission))
    return Response.json({ error: `no theory of change "${id}"` }, { status: 404, headers: noStore });
  if (!admission.ok)
    return Response.json(
      {
        error:
          admission.refusal.status === 403
            ? 'neither your invite nor your projects open this theory of change'
            : 'an invite that has not run out, or a staff sign-in, is needed',
      },
      { status: admission.refusal.status, headers: noStore },
    );
  const { access } = admission;
  const { store } = context.locals.services;
  const loaded = await loadToc(store, id);
  if (!loaded) return Response.json({ error: `no theory of change "${id}"` }, { status: 404, headers: noStore });
  const { journeys, consentOf, familyOf } = await journeysOf(store, id);
  return Response.json(tocSources(journeys, access.role === 'facilitator', consentOf, familyOf), { headers: noStore });
};
