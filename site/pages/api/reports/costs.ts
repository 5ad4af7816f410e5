/** GET /api/reports/costs?format=csv|json&delivery=…: the cohort cost report of a signed-in staff member's projects. */
import type { APIRoute } from 'astro';
import { z } from 'zod';
import { costReport, costReportCsv, CostReportParams, priceYears, rawParams } from '../../../../server/cost-report.ts';
import { projectsOf } from '../../../../server/auth/document-access.ts';
import { audit, staffMember } from '../../../lib/access.ts';

const Query = CostReportParams.extend({ format: z.enum(['csv', 'json']).default('json') });

export const GET: APIRoute = async (context) => {
  const staff = await staffMember(context);
  if (!staff) return Response.json({ error: 'sign in first' }, { status: 401 });
  const years = priceYears(context.locals.services);
  const parsed = Query.refine((q) => years.includes(q.priceYear), {
    path: ['priceYear'],
    message: `must be one of the years the deflator series covers (${years.join(', ')})`,
  }).safeParse(rawParams(context.url.searchParams));
  if (!parsed.success) {
    return Response.json(
      {
        error: 'the report parameters are not valid',
        problems: parsed.error.issues.map((i) => ({ field: i.path.join('.'), reason: i.message })),
      },
      { status: 400 },
    );
  }
  const { format, ...params } = parsed.data;
  const result = await costReport(context.locals.services, params, projectsOf(staff));
  await audit(context, { action: 'costs.export', outcome: 'ok', actor: `staff:${staff.staff.id}`, detail: format });
  if (format === 'json') return Response.json(result);
  return new Response(costReportCsv(result), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="turning-points-cost-report.csv"',
    },
  });
};
