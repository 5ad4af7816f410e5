/**
 * Everything held about a family as a JSON file to take away (a subject-access request), for
 * staff of the family's project: its record, consent history, journeys in full, the invites made
 * for them (never a token), the theories of change drawn from them, and the audit rows about
 * them. Answered as a download, never cached (HTTP5).
 */
import type { APIRoute } from 'astro';
import { subjectAccess } from '../../../../server/families/subject-access.ts';
import { familyForPage } from '../../../lib/family-access.ts';
import { wordingOf } from '../../../lib/refusals.ts';

export const GET: APIRoute = async (context) => {
  const { cookies, locals } = context;
  const access = await familyForPage({ cookies, locals, response: {} }, context.params.id ?? '', 'family.export');
  if (!access.ok) {
    const words = wordingOf(access.refusal, 'family');
    return Response.json({ error: words.heading, why: access.refusal.why }, { status: access.refusal.status });
  }
  const held = await subjectAccess(context.locals.services.store, access.family);
  return new Response(`${JSON.stringify(held, null, 2)}\n`, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      // The file is named by the family's id: its pseudonym never goes into a header.
      'content-disposition': `attachment; filename="family-${access.family.id}.json"`,
    },
  });
};
