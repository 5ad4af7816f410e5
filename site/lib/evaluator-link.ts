/**
 * The evaluator's page link, `/evaluate/<toc id>?token=<evaluator token>`, opened like an invite
 * link (lib/invite-exchange.ts, SPEC AUTH9): the first request is answered with the token as an
 * HttpOnly cookie, scoped by path to the evaluator's page and the export API its downloads call
 * (lib/evaluator-cookie.ts), and a 303 to the address without it. No page is shown at an address
 * holding a token. Later requests present the cookie; each is checked and audited.
 */
import { checkGrant } from '../../server/auth/grants.ts';
import { reachedAt } from '../../server/http/forwarded.ts';
import { audit } from './access.ts';
import { EVALUATOR_COOKIE, evaluatorPaths, evaluatorTokenIn } from './evaluator-cookie.ts';

export const EVALUATOR_PARAM = 'token';

/** The link an evaluator opens (shown once on the invite page that made the token). */
export const evaluatorLink = (baseUrl: string, tocId: string, token: string): string =>
  `${baseUrl}/evaluate/${tocId}?${EVALUATOR_PARAM}=${token}`;

interface Context {
  url: URL;
  request: Request;
  locals: App.Locals;
}

/** Why the evaluator's page opens nothing, for the page to say. */
export type EvaluatorRefusal =
  { status: 401; why: 'no-token' | 'expired' | 'revoked' | 'broken' } | { status: 403; why: 'elsewhere' };

export type EvaluatorAdmission = { ok: true; grantId: string } | { ok: false; refusal: EvaluatorRefusal };

/** The token in the link, exchanged for the cookie: the 303 to the address without it. Undefined without one. */
export function exchangeEvaluatorLink(context: Context, tocId: string): Response | undefined {
  const token = context.url.searchParams.get(EVALUATOR_PARAM);
  if (token === null || context.request.method !== 'GET') return undefined;
  const { config } = context.locals.services;
  const secure =
    config.publicUrl?.startsWith('https:') || reachedAt(context.request.headers, context.url, config.trustProxy).secure;
  const clean = new URL(context.url);
  clean.searchParams.delete(EVALUATOR_PARAM);
  const redirect = new Response(null, { status: 303, headers: { Location: `${clean.pathname}${clean.search}` } });
  // Checked on the next request, like every one after it: a bad token leaves a cookie that opens nothing.
  for (const path of evaluatorPaths(tocId))
    redirect.headers.append(
      'Set-Cookie',
      `${EVALUATOR_COOKIE}=${encodeURIComponent(token)}; Path=${path}; Max-Age=${90 * 24 * 3600}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
    );
  return redirect;
}

/** Whether the cookie this request carries is a live evaluator token for this theory of change. Audited. */
export async function admitEvaluator(context: Context, tocId: string): Promise<EvaluatorAdmission> {
  const { store, secret } = context.locals.services;
  const token = evaluatorTokenIn(context.request.headers.get('cookie') ?? undefined);
  const projectId = await store.access.projectOf(tocId);
  const project = projectId === undefined ? {} : { projectId };
  const refuse = async (refusal: EvaluatorRefusal, actor = 'anonymous'): Promise<EvaluatorAdmission> => {
    await audit(context, {
      action: 'evaluator.view',
      outcome: 'refused',
      actor,
      docId: tocId,
      ...project,
      detail: refusal.why,
    });
    return { ok: false, refusal };
  };
  if (token === undefined) return refuse({ status: 401, why: 'no-token' });
  const checked = await checkGrant(store.access, secret, token, 'evaluator');
  if (!checked.ok) {
    const actor = checked.grantId ? `grant:${checked.grantId}` : 'anonymous';
    const why =
      checked.why === 'expired'
        ? 'expired'
        : checked.why === 'revoked' || checked.why === 'used'
          ? 'revoked'
          : 'broken';
    return refuse({ status: 401, why }, actor);
  }
  const actor = `grant:${checked.grant.id}`;
  if (checked.grant.docId !== tocId) return refuse({ status: 403, why: 'elsewhere' }, actor);
  await audit(context, { action: 'evaluator.view', outcome: 'ok', actor, docId: tocId, ...project });
  return { ok: true, grantId: checked.grant.id };
}

/** What the page says to an evaluator it refuses. */
export const EVALUATOR_REFUSALS: Record<EvaluatorRefusal['why'], { heading: string; paragraphs: string[] }> = {
  'no-token': {
    heading: 'Open this page with your evaluator link',
    paragraphs: [
      'This page shows a theory of change to an evaluator. It opens with the link the research team sent you.',
      'Lost it? Ask the team for a new one.',
    ],
  },
  expired: { heading: 'Your evaluator link has run out', paragraphs: ['Ask the research team for a new one.'] },
  revoked: { heading: 'Your evaluator link has been stopped', paragraphs: ['Ask the research team for a new one.'] },
  broken: {
    heading: 'This evaluator link does not work',
    paragraphs: [
      'It may have been copied only in part. Open the whole link again, or ask the research team for a new one.',
    ],
  },
  elsewhere: {
    heading: 'Your evaluator link is for another theory of change',
    paragraphs: ['Open the link the research team sent you for this one, or ask them for one.'],
  },
};
