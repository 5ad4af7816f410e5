/** GET /research/import-assessments/template.csv?project=<id>: an assessment file to fill in, listing the project's families by id (staff of the project only). */
import type { APIRoute } from 'astro';
import { projectsOf } from '../../../../server/auth/document-access.ts';
import { today } from '../../../../server/families/decision-input.ts';
import { assessmentTemplate } from '../../../../server/research/assessment-import.ts';
import { currentIndicatorSet } from '../../../../server/research/indicator-sets.ts';
import { staffMember } from '../../../lib/access.ts';

export const GET: APIRoute = async (context) => {
  const staff = await staffMember(context);
  if (!staff) return Response.json({ error: 'sign in first' }, { status: 401 });
  const projectId = context.url.searchParams.get('project') ?? '';
  if (!projectsOf(staff).has(projectId))
    return Response.json({ error: 'project: not one of your projects' }, { status: 403 });
  const { store } = context.locals.services;
  const set = await currentIndicatorSet(store, projectId);
  if (!set)
    return Response.json({ error: 'project: define its indicators first, at /research/indicators' }, { status: 404 });
  return new Response(await assessmentTemplate(store, set, projectId, today()), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="assessments-template.csv"',
    },
  });
};
