/**
 * GET /api/toc/<id>?format=…[&table=…] (the formats and tables of `EXPORT_FORMATS`): a theory
 * of change for evaluators' own tools. Evaluator tokens get the pseudonymised view (no family
 * words without consent, small counts suppressed); a signed-in staff member of its project gets the team's view. Every pull is audited.
 */
import type { APIRoute } from 'astro';
import { renderToc, TocExportQuery } from '../../../../server/toc-export.ts';
import { tocExportAccess } from '../../../lib/access.ts';

const noStore = { 'Cache-Control': 'no-store' };

export const GET: APIRoute = async (context) => {
  const id = context.params.id ?? '';
  const access = await tocExportAccess(context, id, context.url.searchParams.get('format') ?? 'json');
  if (!access.ok) return Response.json({ error: access.reason }, { status: access.status, headers: noStore });
  const query = TocExportQuery.safeParse(Object.fromEntries(context.url.searchParams));
  if (!query.success) {
    return Response.json(
      {
        error: 'the export parameters are not valid',
        problems: query.error.issues.map((i) => ({ field: i.path.join('.') || 'query', reason: i.message })),
      },
      { status: 400, headers: noStore },
    );
  }
  const { services } = context.locals;
  const rendered = await renderToc(services.store, id, {
    ...query.data,
    audience: access.audience,
    minFamilies: services.config.evaluatorMinFamilies,
  });
  if (!rendered) return Response.json({ error: `no theory of change "${id}"` }, { status: 404, headers: noStore });
  return new Response(rendered.body, {
    headers: {
      ...noStore,
      'Content-Type': rendered.contentType,
      'Content-Disposition': `inline; filename="${rendered.filename}"`,
    },
  });
};
