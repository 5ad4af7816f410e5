/**
 * GET /api/cohorts/<id>?format=json|csv: a research cohort's figures as a file
 * (server/research/cohort-export.ts). A signed-in staff member of the cohort's project gets the
 * team's view; an evaluator token whose grant names this cohort (`Authorization: Bearer`, or the
 * evaluator page's cookie) gets the evaluator's: counts only, small ones suppressed, and nothing
 * while the cohort counts fewer families than the threshold (409). Anyone else 401 or 403, as for
 * a theory of change's exports. Every pull is audited (`cohort.export`).
 */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { cohortExport, tooFewCohortText } from '../../../../server/research/cohort-export.ts';
import { COHORT_MEDIA_TYPES, cohortCsv, cohortFileName } from '../../../../server/research/cohort-csv.ts';
import { audit, cohortExportAccess } from '../../../lib/access.ts';

const noStore = { 'Cache-Control': 'no-store' };

const CohortExportQuery = z.strictObject({
  format: z.enum(['json', 'csv'], { error: 'must be json or csv' }).default('json'),
});

export const GET: APIRoute = async (context) => {
  const id = context.params.id ?? '';
  const { services } = context.locals;
  const query = CohortExportQuery.safeParse(Object.fromEntries(context.url.searchParams));
  const cohort = await services.store.research.getCohort(id);
  // The audit row names the format asked for only when it is one: nothing typed goes in a detail.
  const access = await cohortExportAccess(context, id, cohort, query.success ? query.data.format : 'invalid');
  if (!access.ok) return Response.json({ error: access.reason }, { status: access.status, headers: noStore });
  if (!query.success)
    return Response.json(
      {
        error: 'the export parameters are not valid',
        problems: query.error.issues.map((i) => ({ field: i.path.join('.') || 'query', reason: i.message })),
      },
      { status: 400, headers: noStore },
    );
  if (!cohort) return Response.json({ error: `no cohort "${id}"` }, { status: 404, headers: noStore });
  const outcome = await cohortExport(
    services.store,
    services.reference,
    cohort,
    access.audience === 'team'
      ? { audience: 'team' }
      : { audience: 'evaluator', minFamilies: services.config.evaluatorMinFamilies },
  );
  if (!outcome.ok) {
    await audit(context, {
      action: 'cohort.export',
      outcome: 'refused',
      actor: access.audience === 'evaluator' ? `grant:${access.grantId}` : 'anonymous',
      projectId: cohort.projectId,
      subject: cohort.id,
      detail: 'too-few-families',
    });
    return Response.json(
      { error: tooFewCohortText(outcome.families, outcome.minFamilies) },
      { status: 409, headers: noStore },
    );
  }
  const { format } = query.data;
  const body = format === 'csv' ? cohortCsv(outcome.exported) : `${JSON.stringify(outcome.exported, null, 2)}\n`;
  return new Response(body, {
    headers: {
      ...noStore,
      'Content-Type': `${COHORT_MEDIA_TYPES[format]}; charset=utf-8`,
      'Content-Disposition': `inline; filename="${cohortFileName(cohort.id, format)}"`,
    },
  });
};
