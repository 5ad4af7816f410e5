/**
 * GET /api/toc/<id>?format=…[&table=…] (the formats and tables of `EXPORT_FORMATS`): a theory
 * of change for evaluators' own tools and the download links of their page. Evaluator tokens get
 * the pseudonymised view keyed for their grant (no family words without consent, no stored ids,
 * steps from too few families withheld), and nothing while fewer families than the threshold
 * allow analysis (409); a signed-in staff member of its project gets the team's view. Every pull
 * is audited.
 */
import type { APIRoute } from 'astro';
import { renderToc, TocExportQuery, tooFewFamiliesText } from '../../../../server/toc-export.ts';
import { audit, tocExportAccess } from '../../../lib/access.ts';

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
  const whose =
    access.audience === 'team'
      ? { audience: access.audience }
      : { audience: access.audience, grantId: access.grantId, secret: services.secret };
  const outcome = await renderToc(services.store, id, {
    ...query.data,
    ...whose,
    minFamilies: services.config.evaluatorMinFamilies,
  });
  if (!outcome.ok && outcome.why === 'not-found')
    return Response.json({ error: `no theory of change "${id}"` }, { status: 404, headers: noStore });
  if (!outcome.ok) {
    await audit(context, {
      action: 'toc.export',
      outcome: 'refused',
      actor: access.audience === 'evaluator' ? `grant:${access.grantId}` : 'anonymous',
      docId: id,
      detail: 'too-few-families',
    });
    return Response.json(
      { error: tooFewFamiliesText(outcome.families, outcome.minFamilies) },
      { status: 409, headers: noStore },
    );
  }
  const { rendered } = outcome;
  return new Response(rendered.body, {
    headers: {
      ...noStore,
      'Content-Type': rendered.contentType,
      'Content-Disposition': `inline; filename="${rendered.filename}"`,
    },
  });
};
