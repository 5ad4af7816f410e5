/**
 * The cookie an evaluator's page link leaves (lib/evaluator-link.ts): the evaluator token, HttpOnly,
 * sent only to that theory of change's (or research cohort's) evaluator page and its export API,
 * so the page's download links work in a browser with no Authorization header to set.
 */
import { cookieValues } from '../../server/http/cookies.ts';

export const EVALUATOR_COOKIE = 'tp_evaluator';

/** Where the cookie goes: the evaluator's page, and the export API its downloads call. */
export const evaluatorPaths = (tocId: string): string[] => [`/evaluate/${tocId}`, `/api/toc/${tocId}`];

/** The same for a research cohort's evaluator: their page, and the cohort's figures API. */
export const cohortEvaluatorPaths = (cohortId: string): string[] => [
  `/evaluate/cohorts/${cohortId}`,
  `/api/cohorts/${cohortId}`,
];

/** The token the browser sent in the cookie, if one. */
export function evaluatorTokenIn(cookieHeader: string | undefined): string | undefined {
  return cookieValues({ headers: { cookie: cookieHeader } }, EVALUATOR_COOKIE)[0];
}

/** The cookie as the `Authorization` header a script would send, for the one check of both. */
export function evaluatorCookieHeader(cookieHeader: string | undefined): string | undefined {
  const token = evaluatorTokenIn(cookieHeader);
  return token === undefined ? undefined : `Bearer ${token}`;
}
