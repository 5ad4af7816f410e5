/**
 * POST /api/toc: a signed-in staff member's script drafts a theory of change from chosen journeys
 * (JSON body, or a form body) and gets the new, editable document. People use the form on the
 * home page, which shows problems on the page itself.
 */
import type { APIRoute } from 'astro';
import { projectsOf } from '../../../../server/auth/document-access.ts';
import { staffMember } from '../../../lib/access.ts';
import { bodyOfValues, draftFrom, draftValues } from '../../../lib/draft-toc.ts';
import { problemsResponse, wantsJson } from '../../../lib/forms.ts';

async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.includes('application/json')) return request.json().catch(() => undefined);
  const form = await request.formData().catch(() => undefined);
  return form && bodyOfValues(draftValues(form));
}

export const POST: APIRoute = async (context) => {
  const staff = await staffMember(context);
  if (!staff) return Response.json({ error: 'sign in first' }, { status: 401 });
  const drafted = await draftFrom(context.locals.services.store, await bodyOf(context.request), projectsOf(staff));
  if (!drafted.ok) return problemsResponse('the theory of change cannot be drafted', drafted.problems);
  return wantsJson(context.request)
    ? Response.json({ id: drafted.toc.id }, { status: 201 })
    : context.redirect(`/toc/${drafted.toc.id}`, 303);
};
