/**
 * GET: "Exit this page" (the GOV.UK pattern). The map's page replaces itself with this address
 * (`location.replace`), so Back never shows the map; this ends the device's access to it and
 * sends the person on to a neutral page (`EXIT_URL`). The invite's cookies are expired on every
 * path they were set for, and `Clear-Site-Data` wipes what this site kept on the device (the
 * copy of the map, cached pages). Nothing is looked up, nothing is logged, and it answers the
 * same for any id, so it tells nobody anything.
 */
import type { APIRoute } from 'astro';
import { INVITE_COOKIE } from '../../../../server/auth/document-access.ts';
import { invitePaths } from '../../../lib/invite-exchange.ts';

export const GET: APIRoute = ({ params, locals }) => {
  const headers = new Headers({
    location: locals.services.config.exitUrl,
    'clear-site-data': '"cache", "cookies", "storage"',
  });
  for (const path of invitePaths('journeys', params.id ?? ''))
    headers.append('set-cookie', `${INVITE_COOKIE}=; Path=${path}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`);
  return new Response(null, { status: 303, headers });
};
