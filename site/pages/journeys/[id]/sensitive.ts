/**
 * What a facilitator marked as sensitive in a journey (server/sensitive-items.ts, SPEC SEAL1–SEAL4).
 *
 * GET: the marked items with what was said, as JSON, for the map of someone who may read them
 * (staff of the project, participants and facilitators); someone invited only to view is refused.
 * POST (`item`, `kind`: stage, words or cost-event, `on`: 1 or 0): a facilitator marks an item or
 * takes the mark off; the answer is JSON naming the field and the reason when it is refused.
 */
import type { APIRoute } from 'astro';
import { markSensitive, marksBy, readableBy, unmarkSensitive } from '../../../../server/sensitive-items.ts';
import type { SensitiveKind } from '../../../../server/storage/journey-records.ts';
import { actorOf, admit } from '../../../lib/access.ts';

const KINDS: readonly SensitiveKind[] = ['stage', 'words', 'cost-event'];
/** An id in a journey is short and plain; anything else is not one of its items. */
const ITEM_ID = /^[A-Za-z0-9_-]{1,64}$/;

const answer = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });

export const GET: APIRoute = async (context) => {
  const id = context.params.id ?? '';
  const admitted = await admit(context, id, 'journey.view', 'sensitive');
  if (!admitted.ok) return answer(admitted.refusal.status, { why: admitted.refusal.why });
  if (!readableBy(admitted.access))
    return answer(403, { why: 'viewer', message: 'People invited only to view are never sent what is marked sensitive.' });
  const items = await context.locals.services.store.journeys.sensitiveItems(id);
  return answer(200, {
    items: items.map(({ id: itemId, kind, content }) => ({ id: itemId, kind, ...(content ? { content } : {}) })),
  });
};

export const POST: APIRoute = async (context) => {
  const id = context.params.id ?? '';
  const { store, erasures } = context.locals.services;
  const admitted = await admit(context, id, 'journey.sensitive', 'mark');
  if (!admitted.ok) return answer(admitted.refusal.status, { why: admitted.refusal.why });
  if (!marksBy(admitted.access))
    return answer(403, { why: 'facilitators-only', message: 'Only a facilitator can mark what is sensitive.' });
  const form = await context.request.formData().catch(() => undefined);
  const item = String(form?.get('item') ?? '');
  const kind = String(form?.get('kind') ?? '') as SensitiveKind;
  const on = String(form?.get('on') ?? '');
  if (!ITEM_ID.test(item)) return answer(400, { field: 'item', message: 'item: say which stage or cost event, by its id.' });
  if (!KINDS.includes(kind)) return answer(400, { field: 'kind', message: 'kind: say stage, words or cost-event.' });
  if (on !== '1' && on !== '0') return answer(400, { field: 'on', message: 'on: say 1 to mark it, or 0 to take the mark off.' });
  const projectId = admitted.access.projectId ?? (await store.access.projectOf(id));
  if (!projectId) return answer(404, { why: 'not-found' });
  const journey = { id, projectId };
  const by = actorOf(admitted.access);
  const rooms = erasures.liveRooms;
  const done =
    on === '1'
      ? await markSensitive(store, rooms, journey, { id: item, kind }, by)
      : await unmarkSensitive(store, rooms, journey, item, by);
  if (done.ok) return answer(200, { ok: true });
  return done.why === 'no-item'
    ? answer(404, { field: 'item', message: 'That stage is no longer on the map: someone removed it meanwhile.' })
    : answer(503, { message: 'The live maps are not running: try again in a moment.' });
};
