/**
 * POST /api/journeys: a signed-in staff member's script starts a new journey (JSON body, or a
 * form body) for a family of their projects (`family`: its id) or a new one (`family`: "new",
 * the default, with `familyPseudonym`), recording the family's agreement to mapping (`consent`:
 * "yes"; `consentMethod`, default "verbal-in-person"). Answers the journey's and the family's
 * ids. People use the form on the home page, which shows problems on the page itself.
 */
import type { APIRoute } from 'astro';
import { homeProject, staffMember } from '../../lib/access.ts';
import { problemsResponse, wantsJson } from '../../lib/forms.ts';
import { bodyOfValues, newJourneyValues, startJourney } from '../../lib/new-journey.ts';

async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.includes('application/json')) return request.json().catch(() => undefined);
  const form = await request.formData().catch(() => undefined);
  return form && bodyOfValues(newJourneyValues(form));
}

export const POST: APIRoute = async (context) => {
  const staff = await staffMember(context);
  if (!staff) return Response.json({ error: 'sign in first' }, { status: 401 });
  if (!homeProject(staff))
    return Response.json({ error: 'you are not on any project yet: ask an admin to add you' }, { status: 403 });
  const started = await startJourney(context.locals.services.store, await bodyOf(context.request), staff);
  if (!started.ok) return problemsResponse('the new journey is not valid', started.problems);
  return wantsJson(context.request)
    ? Response.json({ id: started.journey.id, familyId: started.family.id }, { status: 201 })
    : context.redirect(`/journeys/${started.journey.id}`, 303);
};
