/**
 * Before every page and endpoint: the services (in production server/main.ts hands them over;
 * under `astro dev` the first request opens them from the environment, once per process), and
 * the origin check that keeps other sites from posting our forms (CSRF).
 *
 * The origin check is ours rather than Astro's (`security.checkOrigin`), which answers a bare
 * "403 Cross-site POST form submissions are forbidden" that nobody can act on: this one shows a
 * page that says what happened, and also accepts the public address (PUBLIC_URL) when a proxy
 * in front changes the address the request arrives at.
 */
import { defineMiddleware } from 'astro:middleware';
import { parseConfig } from '../server/config.ts';
import { openServices, type Services } from '../server/services.ts';

let devServices: Promise<Services> | undefined;

/** What a browser sends a plain HTML form as: the requests another site can make without asking. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether this request is a form post whose Origin is not ours (or that says none). */
function isFormFromElsewhere(request: Request, url: URL, publicUrl: string | undefined): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.includes(type)) return false;
  const origin = request.headers.get('origin');
  const ours = new Set([url.origin, ...(publicUrl ? [new URL(publicUrl).origin] : [])]);
  return origin === null || !ours.has(origin);
}

export const onRequest = defineMiddleware(async (context, next) => {
  if (!context.locals.services) {
    devServices ??= openServices(parseConfig(process.env)).then((opened) => opened.services);
    context.locals.services = await devServices;
  }
  if (isFormFromElsewhere(context.request, context.url, context.locals.services.config.publicUrl))
    return context.rewrite(new Request(new URL('/refused/form-from-elsewhere', context.url)));
  return next();
});
