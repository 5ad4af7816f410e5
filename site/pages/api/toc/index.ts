/**
 * POST /api/toc: a signed-in facilitator drafts a theory of change from chosen journeys (form or
 * JSON body) and gets the new, editable document.
 */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { draftAndStoreToc } from '../../../../server/toc-library.ts';
import { facilitator } from '../../../lib/access.ts';

const DraftBody = z.strictObject({
  title: z.string().trim().min(1, 'give the theory of change a title').max(200),
  journeyIds: z
    .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a journey id'))
    .min(1, 'choose at least one journey')
    .max(2000),
  minFamilies: z.coerce.number().int().min(1).max(1000).optional(),
});

async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.includes('application/json')) return request.json().catch(() => undefined);
  const form = await request.formData().catch(() => undefined);
  if (!form) return undefined;
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  return {
    title: text('title'),
    journeyIds: form.getAll('journeyIds').filter((v) => typeof v === 'string'),
    minFamilies: text('minFamilies'),
  };
}

const invalid = (problems: { field: string; reason: string }[]) =>
  Response.json({ error: 'the theory of change cannot be drafted', problems }, { status: 400 });

export const POST: APIRoute = async (context) => {
  if (!facilitator(context)) return Response.json({ error: 'sign in as a facilitator first' }, { status: 401 });
  const parsed = DraftBody.safeParse(await bodyOf(context.request));
  if (!parsed.success)
    return invalid(parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })));
  const drafted = draftAndStoreToc(context.locals.services.store, {
    ...parsed.data,
    draftedOn: new Date().toISOString().slice(0, 10),
  });
  if (!drafted.ok) return invalid([{ field: drafted.field, reason: drafted.reason }]);
  const wantsJson = context.request.headers.get('accept')?.includes('application/json');
  return wantsJson
    ? Response.json({ id: drafted.toc.id }, { status: 201 })
    : context.redirect(`/toc/${drafted.toc.id}`, 303);
};
