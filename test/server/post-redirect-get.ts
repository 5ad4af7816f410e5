/**
 * Posting a form that makes a link (an invite, an enrolment or recovery link) as a browser does
 * (site/lib/shown-once.ts): the POST answers 303 and a sealed cookie for that page; the browser
 * follows the redirect with it, sees the link once, and is told to forget the cookie.
 */
import { expect } from 'vitest';

export const SHOWN_ONCE_COOKIE = 'tp_made';

export interface Followed {
  /** The answer to the POST. */
  posted: { status: number; location: string | null; setCookie: string[] };
  /** The page the browser then showed, with the cookie the POST set. */
  shown: { status: number; html: string; setCookie: string[] };
}

/**
 * Post the form (with the staff member's session cookie, from this site), then follow its
 * redirect as a browser would, sending the cookie it was given. Fails unless the POST answered
 * 303 back to the same page with the shown-once cookie, HttpOnly, SameSite=Strict, scoped to
 * that page and short-lived.
 */
export async function postAndFollow(
  serverUrl: string,
  path: string,
  cookie: string,
  fields: Record<string, string>,
): Promise<Followed> {
  const address = new URL(path, serverUrl);
  const response = await fetch(address, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: address.origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  await response.body?.cancel();
  const posted = {
    status: response.status,
    location: response.headers.get('location'),
    setCookie: response.headers.getSetCookie(),
  };
  expect(posted.status, `posting ${path}`).toBe(303);
  expect(new URL(posted.location!, address).pathname).toBe(address.pathname);
  const made = posted.setCookie.find((header) => header.startsWith(`${SHOWN_ONCE_COOKIE}=`));
  expect(made, 'the shown-once cookie').toBeDefined();
  expect(made).toMatch(new RegExp(`; Path=${address.pathname.replace(/[/]/g, '\\/')}(;|$)`));
  expect(made).toMatch(/; Max-Age=120(;|$)/);
  expect(made).toMatch(/; HttpOnly(;|$)/);
  expect(made).toMatch(/; SameSite=Strict(;|$)/);
  const page = await fetch(new URL(posted.location!, address), {
    headers: { cookie: `${cookie}; ${made!.split(';')[0]}` },
  });
  return { posted, shown: { status: page.status, html: await page.text(), setCookie: page.headers.getSetCookie() } };
}

/** Whether an answer tells the browser to forget the shown-once cookie. */
export const forgetsShownOnce = (setCookie: string[]): boolean =>
  setCookie.some(
    (header) => header.startsWith(`${SHOWN_ONCE_COOKIE}=`) && /Expires=Thu, 01 Jan 1970|Max-Age=0/.test(header),
  );
