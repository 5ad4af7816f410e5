/** GET /research/import/template.csv?project=<id>: a profile file to fill in, listing the project's families by id (staff of the project only). */
import type { APIRoute } from 'astro';
import { projectsOf } from '../../../../server/auth/document-access.ts';
import { currentIssueSet } from '../../../../server/research/issue-sets.ts';
import { profileTemplate } from '../../../../server/research/profile-import.ts';
import { staffMember } from '../../../lib/access.ts';

export const GET: APIRoute = async (context) => {
  const staff = await staffMember(context);
  if (!staff) return Response.json({ error: 'sign in first' }, { status: 401 });
  const projectId = context.url.searchParams.get('project') ?? '';
  if (!projectsOf(staff).has(projectId))
    return Response.json({ error: 'project: not one of your projects' }, { status: 403 });
  const { store } = context.locals.services;
  const set = await currentIssueSet(store, projectId);
  return new Response(await profileTemplate(store, set, projectId), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="issue-profiles-template.csv"',
    },
  });
};
