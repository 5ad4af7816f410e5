/** GET /research/issues.json?project=<id>: the project's issue set now, as JSON to edit and upload again (staff of the project only). */
import type { APIRoute } from 'astro';
import { projectsOf } from '../../../server/auth/document-access.ts';
import { currentIssueSet } from '../../../server/research/issue-sets.ts';
import { staffMember } from '../../lib/access.ts';

export const GET: APIRoute = async (context) => {
  const staff = await staffMember(context);
  if (!staff) return Response.json({ error: 'sign in first' }, { status: 401 });
  const projectId = context.url.searchParams.get('project') ?? '';
  if (!projectsOf(staff).has(projectId))
    return Response.json({ error: 'project: not one of your projects' }, { status: 403 });
  const set = await currentIssueSet(context.locals.services.store, projectId);
  return new Response(`${JSON.stringify(set, null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="issue-set-${set.id}-v${set.version}.json"`,
    },
  });
};
