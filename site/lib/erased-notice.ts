/**
 * "The family was erased", said once on the families list after the erase page's button: the
 * erase page keeps the notice for the list's next showing (shown-once.ts, sealed to the staff
 * member and the list's address) and answers 303 there; a reload of the list says it no more.
 * The notice names no one: the family's pseudonym was erased with it.
 */
import type { AstroCookies } from 'astro';
import { z } from 'zod';
import { keepForOneShowing, takeOneShowing } from './shown-once.ts';

export const FAMILIES_PAGE = '/families';

interface PageContext {
  cookies: AstroCookies;
  request: Request;
  url: URL;
  locals: App.Locals;
}

const Notice = z.strictObject({ erased: z.literal(true) });

/** Keep the notice for the families list's next showing to this staff member. */
export function keepErasedNotice(context: PageContext, staffId: string): void {
  const list = {
    cookies: context.cookies,
    request: context.request,
    locals: context.locals,
    url: new URL(FAMILIES_PAGE, context.url),
  };
  keepForOneShowing(list, staffId, { erased: true });
}

/** Whether the families list should say a family was just erased (and forget it). */
export function takeErasedNotice(context: PageContext, staffId: string): boolean {
  return takeOneShowing(context, staffId, Notice)?.erased === true;
}
