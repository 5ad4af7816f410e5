/** POST /api/journeys: a signed-in facilitator starts a new, blank journey (form or JSON body). */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { createJourney } from '../../../server/journey-library.ts';
import { JOURNEY_TEMPLATE_KEYS } from '../../../server/journey-templates.ts';
import { facilitator } from '../../lib/access.ts';

const NewJourneyBody = z.strictObject({
  title: z.string().trim().min(1, 'give the journey a title').max(120),
  familyPseudonym: z.string().trim().min(1, 'give the family a pseudonym (not their real name)').max(80),
  consent: z.literal('yes', { error: 'the family must have agreed to map their journey with you' }),
  template: z.enum(JOURNEY_TEMPLATE_KEYS).default('blank'),
});

async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.includes('application/json')) return request.json().catch(() => undefined);
  const form = await request.formData().catch(() => undefined);
  return form && Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
}

export const POST: APIRoute = async (context) => {
  if (!facilitator(context)) return Response.json({ error: 'sign in as a facilitator first' }, { status: 401 });
  const parsed = NewJourneyBody.safeParse(await bodyOf(context.request));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message }));
    return Response.json({ error: 'the new journey is not valid', problems }, { status: 400 });
  }
  const journey = createJourney(context.locals.services.store, {
    title: parsed.data.title,
    familyPseudonym: parsed.data.familyPseudonym,
    consentRecordedOn: new Date().toISOString().slice(0, 10),
    template: parsed.data.template,
  });
  const wantsJson = context.request.headers.get('accept')?.includes('application/json');
  return wantsJson
    ? Response.json({ id: journey.id }, { status: 201 })
    : context.redirect(`/journeys/${journey.id}`, 303);
};
