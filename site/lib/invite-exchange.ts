/**
 * Opening an invite link leaves no trace of its token (server/SPEC.md AUTH9): the first request,
 * `/journeys/<id>?invite=<token>`, is answered with HttpOnly cookies scoped by path to that
 * document's pages and room, and a redirect (303) to the same address without the token. No
 * page is ever shown at an address holding a token, so no link, history entry, later request
 * or Referer carries one; a phone's history keeps an address that opens nothing by itself.
 *
 * The cookies are SameSite=Lax, not Strict: the link is opened from a message or an email, a
 * navigation from elsewhere, and the redirect after it must carry them. They are written as
 * headers here rather than with `context.cookies`, which keeps one cookie per name: the same
 * name on several paths would leave only the last.
 */
import { costsDocId } from '../../src/doc/index.ts';
import { INVITE_COOKIE } from '../../server/auth/document-access.ts';
import { checkGrant } from '../../server/auth/grants.ts';
import { reachedAt } from '../../server/http/forwarded.ts';
import { audit } from './access.ts';
import type { Refusal } from './refusals.ts';

export const INVITE_PARAM = 'invite';

/** The pages an invite opens, by the kind of document: the document's own page and those under it. */
const INVITED_PAGE = /^\/(journeys|toc)\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})(?:\/[a-z-]+)?$/;

/**
 * Where an invite's cookie is sent: the document's pages, its room, and for a journey its costs
 * companion's room (which admits the invite only when costs are shown, COSTS2), or for a theory
 * of change its sources.
 */
export function invitePaths(kind: 'journeys' | 'toc', docId: string): string[] {
  return kind === 'journeys'
    ? [`/journeys/${docId}`, `/collab/${docId}`, `/collab/${costsDocId(docId)}`]
    : [`/toc/${docId}`, `/collab/${docId}`, `/api/toc/${docId}`];
}

interface ExchangeContext {
  url: URL;
  request: Request;
  locals: App.Locals;
}

/** One `Set-Cookie` header for the invite's cookie on one path. */
function inviteCookie(token: string, path: string, expires: Date, secure: boolean): string {
  return `${INVITE_COOKIE}=${token}; Path=${path}; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

/**
 * An invite in the address: exchanged for cookies, answering with the redirect (303) to the
 * address without it; or, for one that opens nothing, undefined with why in
 * `locals.inviteProblem` for the page to say.
 */
export async function exchangeInvite(context: ExchangeContext): Promise<Response | undefined> {
  const token = context.url.searchParams.get(INVITE_PARAM);
  const page = INVITED_PAGE.exec(context.url.pathname);
  if (token === null || !page || context.request.method !== 'GET') return undefined;
  const [, kind, docId] = page as unknown as [string, 'journeys' | 'toc', string];
  const { store, secret, config } = context.locals.services;
  const checked = await checkGrant(store.access, secret, token, 'invite');
  const clean = new URL(context.url);
  clean.searchParams.delete(INVITE_PARAM);
  if (!checked.ok || checked.grant.docId !== docId) {
    const why = checked.ok ? 'invite-elsewhere' : checked.why;
    await audit(context, {
      action: 'invite.open',
      outcome: 'refused',
      actor: checked.ok ? `grant:${checked.grant.id}` : checked.grantId ? `grant:${checked.grantId}` : 'anonymous',
      docId,
      detail: why,
    });
    const problem: Refusal =
      why === 'invite-elsewhere'
        ? { status: 403, why: 'invite-elsewhere' }
        : why === 'broken' || why === 'wrong-kind'
          ? { status: 401, why: 'invite-broken' }
          : why === 'expired'
            ? { status: 401, why: 'invite-expired' }
            : { status: 401, why: 'invite-revoked' };
    context.locals.inviteProblem = problem;
    return undefined;
  }
  const { grant } = checked;
  const secure =
    config.publicUrl?.startsWith('https:') || reachedAt(context.request.headers, context.url, config.trustProxy).secure;
  const expires = new Date(grant.expiresAt);
  const redirect = new Response(null, { status: 303, headers: { Location: `${clean.pathname}${clean.search}` } });
  for (const path of invitePaths(kind, docId))
    redirect.headers.append('Set-Cookie', inviteCookie(token, path, expires, secure));
  const projectId = await store.access.projectOf(docId);
  await audit(context, {
    action: 'invite.open',
    outcome: 'ok',
    actor: `grant:${grant.id}`,
    docId,
    ...(projectId === undefined ? {} : { projectId }),
  });
  return redirect;
}
