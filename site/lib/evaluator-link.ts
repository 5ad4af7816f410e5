/**
 * The evaluator's page link, `/evaluate/<toc id>?token=<evaluator token>` (a research cohort's:
 * `/evaluate/cohorts/<cohort id>?token=…`), opened like an invite
 * link (lib/invite-exchange.ts, SPEC AUTH9): the first request is answered with the token as an
 * HttpOnly cookie, scoped by path to the evaluator's page and the export API its downloads call
 * (lib/evaluator-cookie.ts), and a 303 to the address without it. No page is shown at an address
 * holding a token. Later requests present the cookie; each is checked and audited.
 */
import { checkGrant } from '../../server/auth/grants.ts';
import { reachedAt } from '../../server/http/forwarded.ts';
import { audit } from './access.ts';
import type { CohortRecord } from '../../server/storage/research-records.ts';
import { cohortEvaluatorPaths, EVALUATOR_COOKIE, evaluatorPaths, evaluatorTokenIn } from './evaluator-cookie.ts';

export const EVALUATOR_PARAM = 'token';

/** The link an evaluator opens (shown once on the invite page that made the token). */
export const evaluatorLink = (baseUrl: string, tocId: string, token: string): string =>
  `${baseUrl}/evaluate/${tocId}?${EVALUATOR_PARAM}=${token}`;

/** The link a research cohort's evaluator opens (shown once on the cohort's evaluators page). */
export const cohortEvaluatorLink = (baseUrl: string, cohortId: string, token: string): string =>
  `${baseUrl}/evaluate/cohorts/${cohortId}?${EVALUATOR_PARAM}=${token}`;

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
  return exchangeFor(context, evaluatorPaths(tocId));
}

/** The same for a research cohort's evaluator link (`/evaluate/cohorts/<id>?token=…`). */
export function exchangeCohortEvaluatorLink(context: Context, cohortId: string): Response | undefined {
  return exchangeFor(context, cohortEvaluatorPaths(cohortId));
}

function exchangeFor(context: Context, paths: readonly string[]): Response | undefined {
  const token = context.url.searchParams.get(EVALUATOR_PARAM);
  if (token === null || context.request.method !== 'GET') return undefined;
  const { config } = context.locals.services;
  const secure =
    config.publicUrl?.startsWith('https:') || reachedAt(context.request.headers, context.url, config.trustProxy).secure;
  const clean = new URL(context.url);
  clean.searchParams.delete(EVALUATOR_PARAM);
  const redirect = new Response(null, { status: 303, headers: { Location: `${clean.pathname}${clean.search}` } });
  // Checked on the next request, like every one after it: a bad token leaves a cookie that opens nothing.
  for (const path of paths)
    redirect.headers.append(
      'Set-Cookie',
      `${EVALUATOR_COOKIE}=${encodeURIComponent(token)}; Path=${path}; Max-Age=${90 * 24 * 3600}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`,
    );
  return redirect;
}

/** Whether the cookie this request carries is a live evaluator token for this theory of change. Audited. */
export async function admitEvaluator(context: Context, tocId: string): Promise<EvaluatorAdmission> {
  const projectId = await context.locals.services.store.access.projectOf(tocId);
  return admitFor(context, { id: tocId, action: 'evaluator.view', about: { docId: tocId }, projectId });
}

/** The same for a research cohort's evaluator page; a cohort is no document, so audited as the subject. */
export function admitCohortEvaluator(
  context: Context,
  cohortId: string,
  cohort: CohortRecord | undefined,
): Promise<EvaluatorAdmission> {
  return admitFor(context, {
    id: cohortId,
    action: 'evaluator.cohort-view',
    about: { subject: cohortId },
    projectId: cohort?.projectId,
  });
}

interface AdmitTarget {
  /** The id the evaluator grant must name (its `docId`). */
  id: string;
  action: string;
  about: { docId: string } | { subject: string };
  projectId: string | undefined;
}

async function admitFor(context: Context, target: AdmitTarget): Promise<EvaluatorAdmission> {
  const { store, secret } = context.locals.services;
  const token = evaluatorTokenIn(context.request.headers.get('cookie') ?? undefined);
  const project = target.projectId === undefined ? {} : { projectId: target.projectId };
  const refuse = async (refusal: EvaluatorRefusal, actor = 'anonymous'): Promise<EvaluatorAdmission> => {
    await audit(context, {
      action: target.action,
      outcome: 'refused',
      actor,
      ...target.about,
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
  if (checked.grant.docId !== target.id) return refuse({ status: 403, why: 'elsewhere' }, actor);
  await audit(context, { action: target.action, outcome: 'ok', actor, ...target.about, ...project });
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

/** The same refusals, said of a research cohort's figures. */
export const COHORT_EVALUATOR_REFUSALS: Record<EvaluatorRefusal['why'], { heading: string; paragraphs: string[] }> = {
  ...EVALUATOR_REFUSALS,
  'no-token': {
    heading: 'Open this page with your evaluator link',
    paragraphs: [
      'This page shows a research cohort’s figures to an evaluator. It opens with the link the research team sent you.',
      'Lost it? Ask the team for a new one.',
    ],
  },
  elsewhere: {
    heading: 'Your evaluator link is for another cohort',
    paragraphs: ['Open the link the research team sent you for this one, or ask them for one.'],
  },
};
