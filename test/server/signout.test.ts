/**
 * AUTH8 (server/SPEC.md): signing out ends the session on the server. The old cookie value opens
 * nothing, the rooms it has open are closed, the room tokens pages minted for that session are
 * refused, and invite links the facilitator made before signing out keep working.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connect, signinUrl, synced, token, useServer, waitFor } from './harness.ts';

const DOC = 'slf-isolated-family';
const running = useServer();

const url = (path: string) => new URL(path, running.current.url).href;
const origin = () => new URL(running.current.url).origin;

async function signIn(): Promise<string> {
  const response = await fetch(await signinUrl(running.current), { redirect: 'manual' });
  expect(response.status).toBe(303);
  return response.headers.getSetCookie()[0]!.split(';')[0]!;
}

/** The room token a page hands its island (Astro serialises island props into an attribute). */
function roomTokenIn(html: string): string {
  const props = /<astro-island[^>]*\sprops="([^"]*)"/.exec(html)?.[1];
  if (!props) throw new Error('no island on the page');
  const decoded = JSON.parse(props.replaceAll('&quot;', '"').replaceAll('&amp;', '&')) as Record<
    string,
    [number, unknown]
  >;
  return String(decoded.token![1]);
}

/** The HTTP status a room answers the upgrade with (101 when it lets the client in). */
function upgradeStatus(docId: string, accessToken: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${running.current.wsUrl}/${docId}?token=${accessToken}`);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => undefined);
  });
}

describe('signing out', () => {
  it('AUTH8: ends the session: its cookie and the room tokens minted for it stop working; invites carry on', async () => {
    const cookie = await signIn();
    const page = await fetch(url(`/journeys/${DOC}`), { headers: { cookie } });
    expect(page.status).toBe(200);
    const pageToken = roomTokenIn(await page.text());
    const claims = JSON.parse(Buffer.from(pageToken.split('.')[0]!, 'base64url').toString()) as { sid?: string };
    expect(claims.sid, 'the page’s room token names the session').toMatch(/^[\w-]{8,32}$/);
    expect(await upgradeStatus(DOC, pageToken)).toBe(101);
    // The map the facilitator has open (left open on a shared computer, say).
    const open = connect(running.current, DOC, pageToken);
    await synced(open);
    const closes: number[] = [];
    open.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));

    const invitePage = await fetch(url(`/journeys/${DOC}/invite`), {
      method: 'POST',
      headers: { cookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ role: 'participant', hours: '4' }).toString(),
    });
    expect(invitePage.status).toBe(200);
    const inviteLink = /href="([^"]*\?invite=[^"]+)"/.exec(await invitePage.text())![1]!.replaceAll('&amp;', '&');
    const invite = new URL(inviteLink).searchParams.get('invite')!;

    const out = await fetch(url('/signout'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe('/?signed-out');
    expect(out.headers.getSetCookie().join()).toMatch(
      /tp_session=;|tp_session=deleted|Max-Age=0|Expires=Thu, 01 Jan 1970/i,
    );
    // The room connection opened under the session is closed at once: 4402, not reconnected.
    await waitFor(() => closes.includes(4402), 3000, 'the open map to be closed with 4402');
    expect(open.provider.shouldConnect).toBe(false);
    open.destroy();
    const home = await fetch(url('/?signed-out'));
    expect(await home.text()).toContain('You have signed out.');

    // The old cookie value, sent again as if it had never been deleted, opens nothing.
    const after = await fetch(url('/'), { headers: { cookie } });
    expect(after.status).toBe(200);
    expect(await after.text()).not.toContain('<h1>Journeys</h1>');
    expect((await fetch(url(`/journeys/${DOC}`), { headers: { cookie } })).status).toBe(401);
    expect((await fetch(url(`/journeys/${DOC}/invite`), { headers: { cookie } })).status).toBe(401);
    expect((await fetch(url('/api/reports/costs'), { headers: { cookie } })).status).toBe(401);
    const refused = await fetch(url('/api/journeys'), {
      method: 'POST',
      headers: { cookie, origin: origin(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ title: 'After sign-out', familyPseudonym: 'The Nobody family', consent: 'yes' }),
    });
    expect(refused.status).toBe(401);

    // The room token the page minted for that session is refused; a plain one (no session) is not.
    expect(await upgradeStatus(DOC, pageToken)).toBe(401);
    expect(await upgradeStatus(DOC, token(DOC, 'facilitator'))).toBe(101);

    // The invite link made before signing out still lets the family in, on the page and in the room.
    expect((await fetch(inviteLink)).status).toBe(200);
    const family = connect(running.current, DOC, invite);
    await synced(family);
    family.destroy();
  });

  it('AUTH8: a used sign-in link is no room token either', async () => {
    const link = await signinUrl(running.current);
    await fetch(link, { redirect: 'manual' }); // uses it up, if the test above has not
    expect(await upgradeStatus(DOC, new URL(link).searchParams.get('code')!)).toBe(401);
  });
});
