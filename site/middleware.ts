/**
 * Before every page and endpoint: the services (in production server/main.ts hands them over;
 * under `astro dev` the first request opens them from the environment, once per process), the
 * origin check that keeps other sites from posting our forms (CSRF), and the net under every
 * page: one that fails is logged by its path alone, never its query string (which may hold an
 * invite token or a sign-in code), and answers 500.
 *
 * An invite in a page's address is exchanged for cookies and the address left without it
 * (lib/invite-exchange.ts). A page with islands names the scripts they load in its head.
 *
 * The origin check is ours rather than Astro's (`security.checkOrigin`), which answers a bare
 * "403 Cross-site POST form submissions are forbidden" that nobody can act on: this one shows a
 * page that says what happened, and also accepts the public address (PUBLIC_URL), and behind a
 * trusted proxy (TRUST_PROXY) the address the proxy says the request arrived at.
 */
import { defineMiddleware } from 'astro:middleware';
import { publicUrl } from '../server/auth/staff-sessions.ts';
import { parseConfig } from '../server/config.ts';
import { reachedAt } from '../server/http/forwarded.ts';
import { withoutSecrets } from '../server/http/redact.ts';
import { openServices, type Services } from '../server/services.ts';
import { exchangeInvite } from './lib/invite-exchange.ts';
import { moveToNewAddress } from './lib/moved.ts';

let devServices: Promise<Services> | undefined;

/** What a browser sends a plain HTML form as: the requests another site can make without asking. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether this request is a form post whose Origin is not ours (or that says none). */
function isFormFromElsewhere(request: Request, url: URL, services: Services): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type)) return false;
  const origin = request.headers.get('origin');
  const { config } = services;
  const ours = new Set([
    reachedAt(request.headers, url, config.trustProxy).origin,
    ...(config.publicUrl ? [new URL(config.publicUrl).origin] : []),
  ]);
  return origin === null || !ours.has(origin);
}

/** A page, with its islands' scripts named in its head so they load at once (server/module-preload.ts). */
async function withPreloads(response: Response, preload: ((html: string) => string) | undefined): Promise<Response> {
  if (!preload || response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html'))
    return response;
  const html = preload(await response.text());
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(html, { status: response.status, statusText: response.statusText, headers });
}

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.locals.services) {
    devServices ??= openServices(parseConfig(process.env)).then((opened) => opened.services);
    context.locals.services = await devServices;
    context.locals.baseUrl = publicUrl(context.locals.services.config);
  }
  if (isFormFromElsewhere(context.request, context.url, context.locals.services))
    return context.rewrite(new Request(new URL('/refused/form-from-elsewhere', context.url)));
  const { log } = context.locals;
  // The invite exchange reads and writes storage: it fails inside the same net as the pages.
  // An old address of a moved document goes to its new one first (lib/moved.ts).
  const answer = async () => (await moveToNewAddress(context)) ?? (await exchangeInvite(context)) ?? (await next());
  // Under `astro dev` there is no server log: Astro's own error overlay shows the failure.
  if (!log) return answer();
  try {
    return await withPreloads(await answer(), context.locals.preloadModules);
  } catch (error) {
    const { name, message, stack = '' } = error instanceof Error ? error : new Error(String(error));
    const logged = Object.assign(new Error(withoutSecrets(message)), { name, stack: withoutSecrets(stack) });
    log.error({ path: context.url.pathname, err: logged }, 'a page failed');
    return new Response(
      'Something went wrong on the server. Try again; if it happens again, tell whoever runs Turning Points.\n',
      {
        status: 500,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      },
    );
  }
});
