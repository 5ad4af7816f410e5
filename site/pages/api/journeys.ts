/**
 * POST /api/journeys: a signed-in facilitator's script starts a new journey (JSON body, or a
 * form body). People use the form on the home page, which shows problems on the page itself.
 */
import type { APIRoute } from 'astro';
import { facilitator } from '../../lib/access.ts';
import { problemsResponse, wantsJson } from '../../lib/forms.ts';
import { bodyOfValues, newJourneyValues, startJourney } from '../../lib/new-journey.ts';

async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.includes('application/json')) return request.json().catch(() => undefined);
  const form = await request.formData().catch(() => undefined);
  return form && bodyOfValues(newJourneyValues(form));
}

export const POST: APIRoute = async (context) => {
  if (!(await facilitator(context))) return Response.json({ error: 'sign in as a facilitator first' }, { status: 401 });
  const started = await startJourney(context.locals.services.store, await bodyOf(context.request));
  if (!started.ok) return problemsResponse('the new journey is not valid', started.problems);
  return wantsJson(context.request)
    ? Response.json({ id: started.journey.id }, { status: 201 })
    : context.redirect(`/journeys/${started.journey.id}`, 303);
};
