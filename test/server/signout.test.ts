/**
 * AUTH8 (server/SPEC.md): signing out ends the session on the server. The old cookie value opens
 * nothing, the rooms it has open are closed, and invite links the facilitator made before
 * signing out keep working.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import {
  connect,
  connectAsStaff,
  signedInStaff,
  signIn,
  synced,
  token,
  useServer,
  waitFor,
  exampleId,
} from './harness.ts';
import { postAndFollow } from './post-redirect-get.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});

const url = (path: string) => new URL(path, running.current.url).href;
const origin = () => new URL(running.current.url).origin;

/** The HTTP status a room answers the upgrade with (101 when it lets the client in). */
function upgradeStatus(docId: string, presents: { token: string } | { cookie: string }): Promise<number> {
  return new Promise((resolve) => {
    const ws =
      'token' in presents
        ? new WebSocket(`${running.current.wsUrl}/${docId}?token=${presents.token}`)
        : new WebSocket(`${running.current.wsUrl}/${docId}`, { headers: { cookie: presents.cookie } });
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

const signOut = (cookie: string) =>
  fetch(url('/signout'), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('signing out', () => {
  it('AUTH8: ends the session: its cookie opens no page and no room, its open rooms close; invites carry on', async () => {
    const { cookie } = await signedInStaff(running.current);
    const page = await fetch(url(`/journeys/${DOC}`), { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text(), 'the page hands its island no token').not.toMatch(/token&quot;|[?&]token=/);
    expect(await upgradeStatus(DOC, { cookie })).toBe(101);
    // The map the facilitator has open (left open on a shared computer, say).
    const open = connectAsStaff(running.current, DOC, cookie);
    await synced(open);
    const closes: number[] = [];
    open.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));

    const invitePage = await postAndFollow(running.current.url, `/journeys/${DOC}/invite`, cookie, {
      role: 'participant',
      hours: '4',
    });
    expect(invitePage.shown.status).toBe(200);
    const inviteLink = /href="([^"]*\?invite=[^"]+)"/.exec(invitePage.shown.html)![1]!.replaceAll('&amp;', '&');
    const invite = new URL(inviteLink).searchParams.get('invite')!;

    const out = await signOut(cookie);
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

    // Nor does it open a room; an invite (no session) still does.
    expect(await upgradeStatus(DOC, { cookie })).toBe(401);
    expect(await upgradeStatus(DOC, { token: token(running.current, DOC, 'facilitator') })).toBe(101);

    // The invite link made before signing out still lets the family in, on the page and in the room.
    const opened = await fetch(inviteLink, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const inviteCookie = opened.headers
      .getSetCookie()
      .find((header) => header.startsWith('tp_invite=') && /Path=\/journeys\//i.test(header));
    expect(inviteCookie, 'the invite cookie for the journey’s pages').toBeDefined();
    const asFamily = await fetch(new URL(opened.headers.get('location')!, running.current.url), {
      headers: { cookie: inviteCookie!.split(';')[0]! },
    });
    expect(asFamily.status).toBe(200);
    const family = connect(running.current, DOC, invite);
    await synced(family);
    family.destroy();
  });

  it('AUTH8: signing out ends that session alone: the same person signed in elsewhere stays signed in', async () => {
    const { cookie: laptop, account } = await signedInStaff(running.current);
    const tablet = await signIn(running.current, account);
    expect(tablet).not.toBe(laptop);
    const onTablet = connectAsStaff(running.current, DOC, tablet);
    await synced(onTablet);
    const closes: number[] = [];
    onTablet.provider.on('connection-close', (event) => closes.push(event?.code ?? -1));

    expect((await signOut(laptop)).status).toBe(303);
    expect((await fetch(url(`/journeys/${DOC}`), { headers: { cookie: laptop } })).status).toBe(401);
    expect((await fetch(url(`/journeys/${DOC}`), { headers: { cookie: tablet } })).status).toBe(200);
    expect(await upgradeStatus(DOC, { cookie: tablet })).toBe(101);
    // The tablet's open room is not touched by the laptop's sign-out.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(closes).toEqual([]);
    onTablet.destroy();
  });

  it('AUTH8: signing out without a session (or with an ended one) just goes home', async () => {
    const { cookie } = await signedInStaff(running.current);
    expect((await signOut(cookie)).status).toBe(303);
    const again = await signOut(cookie);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/?signed-out');
    const none = await fetch(url('/signout'), {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(none.status).toBe(303);
  });
});
