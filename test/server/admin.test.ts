/**
 * The admin page (site/pages/admin/index.astro) through real form posts by a signed-in admin:
 * adding someone gives a one-time enrolment link, shown once after the redirect, that works
 * once; showing the page again makes no other link; turning off an account asks first, then
 * ends their session and closes their open room (AUTH8) at once; a project keeps its last admin;
 * only admins reach the page, and only for their own projects.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../src/protocol/index.ts';
import { projectId, signedInStaff, signIn, useServer, waitFor, exampleId } from './harness.ts';
import { forgetsShownOnce, postAndFollow } from './post-redirect-get.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});
const url = (path: string) => new URL(path, running.current.url).href;
const origin = () => new URL(running.current.url).origin;

/** Post one of the admin page's forms as its button would. */
async function post(cookie: string, fields: Record<string, string>) {
  const response = await fetch(url('/admin'), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}

const linkIn = (html: string) => /<code[^>]*>(http[^<]+\/enrol\?code=[^<]+)<\/code>/.exec(html)?.[1];
const cookieFrom = (response: Response, name: string) =>
  response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .find((pair) => pair.startsWith(`${name}=`));

/** A stock y-websocket client whose connection carries a browser's cookie, as the editor's does. */
function cookieClient(cookie: string, docId: string) {
  const WithCookie = class extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie } });
    }
  };
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(running.current.wsUrl, docId, doc, {
    WebSocketPolyfill: WithCookie as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event) => closes.push(event?.code ?? 0));
  return { provider, closes, destroy: () => (provider.destroy(), doc.destroy()) };
}

describe('the admin page', () => {
  it('is for admins: anonymous 401, a facilitator 403, an admin 200', async () => {
    expect((await fetch(url('/admin'))).status).toBe(401);
    expect((await fetch(url('/admin/audit'))).status).toBe(401);
    const { cookie } = await signedInStaff(running.current, 'facilitator');
    const refused = await fetch(url('/admin'), { headers: { cookie } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Only admins can do this');
    expect((await fetch(url('/admin/audit'), { headers: { cookie } })).status).toBe(403);
    // Nor can a facilitator post the forms.
    expect((await post(cookie, { form: 'add-project', name: 'Mine now' })).status).toBe(403);
    const admin = await signedInStaff(running.current, 'admin');
    expect((await fetch(url('/admin'), { headers: { cookie: admin.cookie } })).status).toBe(200);
  });

  it('adds a staff member whose enrolment link is shown once, after the redirect, and works once', async () => {
    const { cookie, account } = await signedInStaff(running.current, 'admin');
    const { posted, shown } = await postAndFollow(running.current.url, '/admin', cookie, {
      form: 'add-staff',
      project: account.projectId,
      name: 'Priya Facilitator',
      email: 'priya@example.org',
      role: 'facilitator',
    });
    expect(posted.location).toBe('/admin?done=enrolment-link#made');
    expect(shown.status).toBe(200);
    expect(shown.html).toContain('This link is shown only now');
    const link = linkIn(shown.html);
    expect(link).toBeDefined();
    // The page that showed it tells the browser to forget it: shown again (a reload), it shows
    // her on the project, says the link was shown once, and neither shows nor makes another.
    expect(forgetsShownOnce(shown.setCookie)).toBe(true);
    const later = await (await fetch(url(posted.location!), { headers: { cookie } })).text();
    expect(later).toContain('Priya Facilitator');
    expect(later).toContain('Their enrolment link was shown once');
    expect(linkIn(later)).toBeUndefined();

    const opened = await fetch(link!, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/enrol');
    const enrolCookie = cookieFrom(opened, 'tp_enrol')!;
    const password = 'a long walk by the river at dusk';
    const enrolled = await fetch(url('/enrol'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: enrolCookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ password }),
    });
    expect(enrolled.status).toBe(303);
    expect(cookieFrom(enrolled, 'tp_session')).toBeDefined();
    // She signs in with the password she chose; the link opens nothing again.
    await signIn(running.current, { email: 'priya@example.org', password });
    const again = await fetch(link!, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('This link does not work any more');
  });

  it('shows a recovery link once; showing the page again leaves it working', async () => {
    const admin = await signedInStaff(running.current, 'admin');
    const facilitator = await signedInStaff(running.current, 'facilitator');
    const { posted, shown } = await postAndFollow(running.current.url, '/admin', admin.cookie, {
      form: 'recovery-link',
      project: facilitator.account.projectId,
      staff: facilitator.account.id,
    });
    expect(posted.location).toBe('/admin?done=recovery-link#made');
    const link = linkIn(shown.html);
    expect(link).toBeDefined();
    const reloaded = await (await fetch(url(posted.location!), { headers: { cookie: admin.cookie } })).text();
    expect(linkIn(reloaded)).toBeUndefined();
    expect(reloaded).toContain('Recovery link made. It was shown once');
    // The link handed on still opens the recovery page: nothing made a newer one.
    const opened = await fetch(link!, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/enrol');
  });

  it('shows a made link only to the admin who made it', async () => {
    const admin = await signedInStaff(running.current, 'admin');
    const other = await signedInStaff(running.current, 'admin');
    const facilitator = await signedInStaff(running.current, 'facilitator');
    const response = await fetch(url('/admin'), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin.cookie, origin: origin(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        form: 'recovery-link',
        project: facilitator.account.projectId,
        staff: facilitator.account.id,
      }),
    });
    expect(response.status).toBe(303);
    const sealed = cookieFrom(response, 'tp_made')!;
    // Sealed, it holds no link in the clear.
    expect(sealed).not.toMatch(/enrol|code|http/);
    // Another admin's browser, sent the same cookie, shows nothing.
    const elsewhere = await fetch(url('/admin?done=recovery-link'), {
      headers: { cookie: `${other.cookie}; ${sealed}` },
    });
    expect(linkIn(await elsewhere.text())).toBeUndefined();
  });
  it('refuses a bad form, naming each field, and adds nobody', async () => {
    const { cookie, account } = await signedInStaff(running.current, 'admin');
    const refused = await post(cookie, {
      form: 'add-staff',
      project: account.projectId,
      name: '',
      email: 'not an email',
      role: 'boss',
    });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('There is a problem');
    expect(refused.html).toContain('Name: enter their name, as colleagues know them');
    expect(refused.html).toContain('Email address: enter an email address like name@example.org');
    expect(refused.html).toContain('Role: choose admin or facilitator');
    expect(refused.html).toContain('value="not an email"');
    expect(linkIn(refused.html)).toBeUndefined();
  });

  it('turning off an account asks first, then ends their session and closes their open room with 4402 at once', async () => {
    const admin = await signedInStaff(running.current, 'admin');
    const facilitator = await signedInStaff(running.current, 'facilitator');
    expect((await fetch(url(`/journeys/${DOC}`), { headers: { cookie: facilitator.cookie } })).status).toBe(200);
    const client = cookieClient(facilitator.cookie, DOC);
    try {
      await waitFor(() => client.provider.synced, 10_000, 'the facilitator’s room to sync');
      // The first press asks, and changes nothing.
      const asked = await post(admin.cookie, {
        form: 'disable',
        project: facilitator.account.projectId,
        staff: facilitator.account.id,
      });
      expect(asked.status).toBe(200);
      expect(asked.html).toMatch(/<h1[^>]*>Turn off Test facilitator [\w-]{4}’s account\?<\/h1>/);
      expect(asked.html).toMatch(/<input type="hidden" name="confirm" value="yes"/);
      expect(asked.html).toMatch(/<a href="\/admin"[^>]*>Cancel<\/a>/);
      expect((await fetch(url(`/journeys/${DOC}`), { headers: { cookie: facilitator.cookie } })).status).toBe(200);
      expect(client.closes).toEqual([]);

      const started = Date.now();
      const disabled = await post(admin.cookie, {
        form: 'disable',
        project: facilitator.account.projectId,
        staff: facilitator.account.id,
        confirm: 'yes',
      });
      expect(disabled.status).toBe(303);
      expect(disabled.location).toBe('/admin?done=disable');
      await waitFor(() => client.closes.length > 0, 60_000, 'the room to close');
      expect(client.closes[0]).toBe(CLOSE_CODES.accessRevoked);
      // Through GrantEnds, not the next re-check: well within the 60 s asked for.
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      client.destroy();
    }
    const page = await fetch(url(`/journeys/${DOC}`), { headers: { cookie: facilitator.cookie } });
    expect(page.status).toBe(401);
    // Their password no longer signs them in, until an admin enables the account again.
    await expect(signIn(running.current, facilitator.account)).rejects.toThrow(/401/);
    const enabled = await post(admin.cookie, {
      form: 'enable',
      project: facilitator.account.projectId,
      staff: facilitator.account.id,
    });
    expect(enabled.status).toBe(303);
    await signIn(running.current, facilitator.account);
  });

  it('never lets a project lose its last admin, and says why', async () => {
    const { cookie, account } = await signedInStaff(running.current, 'admin', 'A project of one');
    const demote = await post(cookie, {
      form: 'role',
      project: account.projectId,
      staff: account.id,
      role: 'facilitator',
    });
    expect(demote.status).toBe(409);
    expect(demote.html).toContain('only admin');
    const remove = await post(cookie, { form: 'remove', project: account.projectId, staff: account.id });
    expect(remove.status).toBe(409);
    expect(remove.html).toContain('Make someone else an admin first');
    // With a second admin, the first can step down.
    const second = await signedInStaff(running.current, 'admin', 'A project of one');
    expect(
      (await post(second.cookie, { form: 'role', project: account.projectId, staff: account.id, role: 'facilitator' }))
        .status,
    ).toBe(303);
    // The first, a facilitator now, manages the project no more.
    const disable = await post(cookie, { form: 'disable', project: account.projectId, staff: second.account.id });
    expect(disable.status).toBe(403);
  });

  it('acts only on projects the admin administers', async () => {
    const other = await signedInStaff(running.current, 'admin', 'Someone else’s study');
    const { cookie } = await signedInStaff(running.current, 'admin');
    const page = await (await fetch(url('/admin'), { headers: { cookie } })).text();
    expect(page).not.toContain('Someone else’s study');
    const refused = await post(cookie, {
      form: 'end-sessions',
      project: other.account.projectId,
      staff: other.account.id,
    });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain('only an admin of this project can do this');
    expect((await fetch(url('/admin'), { headers: { cookie: other.cookie } })).status).toBe(200);
  });

  it('creates a project with its creator as admin, renames it and changes its settings', async () => {
    const { cookie } = await signedInStaff(running.current, 'admin');
    const created = await post(cookie, { form: 'add-project', name: 'Young carers study' });
    expect(created.status).toBe(303);
    const id = projectId(running.current, 'Young carers study');
    const page = await (await fetch(url('/admin?done=add-project'), { headers: { cookie } })).text();
    expect(page).toContain('Project created. You are its admin.');
    expect(page).toContain('Young carers study');
    expect((await post(cookie, { form: 'rename-project', project: id, name: 'Young carers evaluation' })).status).toBe(
      303,
    );
    const bad = await post(cookie, {
      form: 'settings',
      project: id,
      consentScopes: 'share-photos: Share photos of the map\nNo colon here',
      retentionMonths: 'two years',
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('line 2: write a short id, a colon, then what families are asked');
    expect(bad.html).toContain('enter a whole number of months, like 24');
    const saved = await post(cookie, {
      form: 'settings',
      project: id,
      consentScopes: 'share-photos: Share photos of the map',
      retentionMonths: '36',
    });
    expect(saved.status).toBe(303);
    const after = await (await fetch(url('/admin'), { headers: { cookie } })).text();
    expect(after).toContain('Young carers evaluation');
    expect(after).toContain('share-photos: Share photos of the map');
    expect(after).toContain('value="36"');
  });
});
