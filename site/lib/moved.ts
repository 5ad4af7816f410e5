/**
 * An old address of a document that moved to a random id (server/families/move-ids.ts,
 * server/SPEC.md MOVE2): `/journeys/<old>…` or `/toc/<old>…` for someone with access to the
 * document answers 303 to the same page at the new id. An invite, in the address or in the
 * cookies scoped to the old address, is re-issued as cookies for the new address (and the old
 * ones cleared). The old id goes in the fragment (`#moved-from=<old>`), which browsers never
 * send to a server: the editor finds the device's copy of the old document by it and carries
 * any unsaved changes over (site/islands/session/carry-over.ts).
 *
 * Without access the new address's page answers as it would (its refusal), never naming the new
 * id; nothing here logs or audits the old id.
 */
import { admitToDocument, INVITE_COOKIE } from '../../server/auth/document-access.ts';
import { checkGrant } from '../../server/auth/grants.ts';
import { SESSION_COOKIE } from '../../server/auth/staff-sessions.ts';
import { findMove } from '../../server/families/move-ids.ts';
import { reachedAt } from '../../server/http/forwarded.ts';
import { cookieValues } from '../../server/http/cookies.ts';
import { actorOf, audit } from './access.ts';
import { INVITE_PARAM, invitePaths } from './invite-exchange.ts';

/** The pages that move: a document's own page and those under it. */
const MOVABLE_PAGE = /^\/(journeys|toc)\/([A-Za-z0-9][A-Za-z0-9_-]{0,63})((?:\/[a-z-]+)?)$/;

/** The fragment the editor reads the old id from. */
export const MOVED_FRAGMENT = 'moved-from';

interface MovedContext {
  url: URL;
  request: Request;
  locals: App.Locals;
  rewrite(request: Request): Promise<Response>;
}

const cookie = (token: string, path: string, expires: Date, secure: boolean) =>
  `${INVITE_COOKIE}=${token}; Path=${path}; Expires=${expires.toUTCString()}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

/** The answer for an old address: a redirect to the new one, or the new page's refusal; undefined otherwise. */
export async function moveToNewAddress(context: MovedContext): Promise<Response | undefined> {
  const page = MOVABLE_PAGE.exec(context.url.pathname);
  const method = context.request.method;
  if (!page || (method !== 'GET' && method !== 'HEAD')) return undefined;
  const [, kind, oldId, rest] = page as unknown as [string, 'journeys' | 'toc', string, string];
  const { store, secret, config } = context.locals.services;
  const move = await findMove(store, secret, oldId);
  if (!move) return undefined;
  const newId = move.newId;
  const headers = { headers: { cookie: context.request.headers.get('cookie') ?? undefined } };
  const inAddress = context.url.searchParams.get(INVITE_PARAM);
  const inviteTokens = [...(inAddress ? [inAddress] : []), ...cookieValues(headers, INVITE_COOKIE)];
  const admitted = await admitToDocument(
    store.access,
    secret,
    { sessionCookie: cookieValues(headers, SESSION_COOKIE)[0], inviteTokens },
    newId,
  );
  const target = new URL(`/${kind}/${newId}${rest}`, context.url);
  for (const [key, value] of context.url.searchParams) if (key !== INVITE_PARAM) target.searchParams.append(key, value);
  if (!admitted.ok) {
    // The new page says why it opens nothing (and audits it, by the new id).
    if (inAddress) {
      const checked = await checkGrant(store.access, secret, inAddress, 'invite');
      if (!checked.ok)
        context.locals.inviteProblem =
          checked.why === 'expired'
            ? { status: 401, why: 'invite-expired' }
            : checked.why === 'broken' || checked.why === 'wrong-kind'
              ? { status: 401, why: 'invite-broken' }
              : { status: 401, why: 'invite-revoked' };
    }
    return context.rewrite(new Request(target, { headers: context.request.headers }));
  }
  const redirect = new Response(null, {
    status: 303,
    headers: { Location: `${target.pathname}${target.search}#${MOVED_FRAGMENT}=${oldId}` },
  });
  if (admitted.grant) {
    const secure =
      config.publicUrl?.startsWith('https:') ||
      reachedAt(context.request.headers, context.url, config.trustProxy).secure;
    for (const candidate of inviteTokens) {
      const checked = await checkGrant(store.access, secret, candidate, 'invite');
      if (!checked.ok || checked.grant.id !== admitted.grant.id) continue;
      for (const path of invitePaths(kind, newId))
        redirect.headers.append('Set-Cookie', cookie(candidate, path, new Date(admitted.grant.expiresAt), secure));
      break;
    }
    // The cookies for the old address open nothing any more: cleared.
    for (const path of invitePaths(kind, oldId))
      redirect.headers.append('Set-Cookie', cookie('', path, new Date(0), secure));
  }
  await audit(context, {
    action: 'document.moved',
    outcome: 'ok',
    actor: actorOf({ staff: admitted.staff, grantId: admitted.grant?.id }),
    docId: newId,
    ...(admitted.projectId === undefined ? {} : { projectId: admitted.projectId }),
  });
  return redirect;
}
