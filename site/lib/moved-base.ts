/**
 * POST /journeys/<id>/moved and /toc/<id>/moved: what a device needs to carry its unsaved
 * changes to an old document onto the document it moved to (server/SPEC.md MOVE4): the new
 * document as the move made it (the base of a three-way merge), the old document's state vector
 * (a device copy beyond it holds unsaved changes) and the new ids of the old records the device
 * names. Only for someone with access to the new document; the old id and record ids come in
 * the body, never the address, and are looked up by their keyed hashes.
 */
import type { APIContext } from 'astro';
import { z } from 'zod';
import { findMove, movedRecordKey } from '../../server/families/move-ids.ts';
import { admit } from './access.ts';

const noStore = { 'Cache-Control': 'no-store' };

const MovedQuestion = z.strictObject({
  /** The old document id, from the fragment the redirect left. */
  from: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be a document id'),
  /** Flat key names (src/model/rekey.ts) of the old records the device holds. */
  keys: z.array(z.string().max(200)).max(20_000),
});

export interface MovedAnswer {
  /** The new document as the move made it, as one Yjs update (base64). */
  baseUpdate: string;
  /** The old document's state vector at the move (base64). */
  oldStateVector: string;
  /** New ids of the names asked about that the move knows. */
  keys: Record<string, string>;
}

export async function answerMoved(context: APIContext): Promise<Response> {
  const id = context.params.id ?? '';
  const admission = await admit(context, id, 'document.moved-base');
  if (!admission.ok)
    return Response.json(
      { error: 'an invite that has not run out, or a staff sign-in, is needed' },
      { status: admission.refusal.status, headers: noStore },
    );
  let body: unknown;
  try {
    body = await context.request.json();
  } catch {
    return Response.json({ error: 'the body must be JSON' }, { status: 400, headers: noStore });
  }
  const question = MovedQuestion.safeParse(body);
  if (!question.success)
    return Response.json(
      { error: question.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') },
      { status: 400, headers: noStore },
    );
  const { store, secret } = context.locals.services;
  const move = await findMove(store, secret, question.data.from);
  if (!move || move.newId !== id)
    return Response.json(
      { error: 'no move of that document to this one is remembered' },
      { status: 404, headers: noStore },
    );
  const keys: Record<string, string> = {};
  for (const name of question.data.keys) {
    const now = move.recordKeys[movedRecordKey(secret, name)];
    if (now) keys[name] = now;
  }
  const answer: MovedAnswer = {
    baseUpdate: Buffer.from(move.baseUpdate).toString('base64'),
    oldStateVector: Buffer.from(move.oldStateVector).toString('base64'),
    keys,
  };
  return Response.json(answer, { headers: noStore });
}
