/**
 * A link just made (an invite, an evaluator token, an enrolment or recovery link) is shown once,
 * and reloading the page must not make another (Post/Redirect/Get). The form's POST makes it,
 * keeps it here for one showing and answers 303 to the same page; the GET that follows shows it
 * and forgets it, so a reload shows the page without it and posts nothing.
 *
 * It waits in a cookie the browser sends back to that page only (HttpOnly, SameSite=Strict,
 * Path = the page, two minutes). The cookie is sealed with AES-256-GCM under a key derived from
 * the server's secret, so the browser's cookie store never holds a working link in the clear,
 * and it opens only for the staff member who made it, on the page that made it.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { AstroCookies } from 'astro';
import type { z } from 'zod';
import { reachedAt } from '../../server/http/forwarded.ts';

export const SHOWN_ONCE_COOKIE = 'tp_made';
/** Long enough for the redirect on a slow connection; short enough that a forgotten tab holds nothing. */
export const SHOWN_ONCE_SECONDS = 120;

interface PageContext {
  cookies: AstroCookies;
  request: Request;
  url: URL;
  locals: App.Locals;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Its own key, so a sealed cookie can never be taken for a token signed with the secret itself. */
const keyOf = (secret: Buffer) => createHmac('sha256', secret).update('turning-points shown-once cookie').digest();

/** What the seal binds the cookie to: who made the link, and on which page. */
const boundTo = (context: PageContext, staffId: string) => Buffer.from(`${staffId}\n${context.url.pathname}`);

/** Keep what was just made for the next showing of this page to this staff member. */
export function keepForOneShowing(context: PageContext, staffId: string, made: unknown): void {
  const { secret, config } = context.locals.services;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  cipher.setAAD(boundTo(context, staffId));
  const until = Date.now() + SHOWN_ONCE_SECONDS * 1000;
  const sealed = Buffer.concat([cipher.update(JSON.stringify({ until, made }), 'utf8'), cipher.final()]);
  const secure =
    !!config.publicUrl?.startsWith('https:') ||
    reachedAt(context.request.headers, context.url, config.trustProxy).secure;
  context.cookies.set(SHOWN_ONCE_COOKIE, Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url'), {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: context.url.pathname,
    maxAge: SHOWN_ONCE_SECONDS,
  });
}

/**
 * What was kept for this showing, if anything, and forget it: the browser deletes the cookie
 * with this answer. Anything that does not open (another person's, another page's, too old,
 * altered) is forgotten too, and shows nothing.
 */
export function takeOneShowing<T>(context: PageContext, staffId: string, shape: z.ZodType<T>): T | undefined {
  const value = context.cookies.get(SHOWN_ONCE_COOKIE)?.value;
  if (value === undefined) return undefined;
  context.cookies.delete(SHOWN_ONCE_COOKIE, { path: context.url.pathname });
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyOf(context.locals.services.secret),
      bytes.subarray(0, IV_BYTES),
    );
    decipher.setAAD(boundTo(context, staffId));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const opened = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    const { until, made } = JSON.parse(opened.toString('utf8')) as { until?: unknown; made?: unknown };
    if (typeof until !== 'number' || until < Date.now()) return undefined;
    const parsed = shape.safeParse(made);
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Sealed for someone else or another page, or altered: there is nothing to show.
    return undefined;
  }
}
