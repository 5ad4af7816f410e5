/**
 * Invites leave no trace, and can be taken back (server/SPEC.md AUTH9, AUTH8, AUTH5). A
 * facilitator, signed in through the screens, starts a journey and makes a participant invite
 * with the invite page's form, which shows the link once (a reload shows it no more, and makes
 * no other invite); a family's tablet opens the link. From then on the token is in
 * no address, history entry, later request URL, WebSocket URL, Referer, link or page, and the
 * map works. The facilitator then revokes the invite with its button on the invite page: the
 * tablet's map says so within seconds, and the link, opened again, says it was stopped (and
 * leaves the address at once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page, Request } from 'playwright-core';
import { useServer } from '../server/harness.ts';
import { deskAndTablet, launch, savedStatus, signIn, snap, submitWith, type WatchedPage } from './browser.ts';
import { wcagViolations } from './axe.ts';

const running = useServer();
let browser: Browser;
/** The facilitator's desktop: the map on the shared screen, and the invite page beside it. */
let desk: WatchedPage;
let deskInvites: Page;
/** The family's tablet. */
let tablet: WatchedPage;
let journeyUrl = '';
let link = '';
let token = '';

/** Everything the tablet asked for after opening the link: each URL and the Referer it sent. */
const sent: Promise<{ url: string; referer: string | undefined }>[] = [];
const sockets: string[] = [];

const HEADLINE = 'When the new caseworker came';

beforeAll(async () => {
  browser = await launch();
  ({ desk, tablet } = await deskAndTablet(browser));
  tablet.page.on('request', (request: Request) => {
    sent.push(request.allHeaders().then((headers) => ({ url: request.url(), referer: headers.referer })));
  });
  tablet.page.on('websocket', (socket) => sockets.push(socket.url()));
});
afterAll(async () => {
  await browser?.close();
});

/** The address of every entry in the page's session history (what Back and Forward can return to). */
async function historyOf(page: Page): Promise<string[]> {
  await page.waitForLoadState('load');
  const devtools = await page.context().newCDPSession(page);
  try {
    const { entries } = await devtools.send('Page.getNavigationHistory');
    return entries.map((entry) => entry.url);
  } finally {
    await devtools.detach();
  }
}

describe('an invite leaves no trace and can be revoked', () => {
  it('the facilitator starts a journey and makes a participant invite on the invite page', async () => {
    const { page } = desk;
    await signIn(page, running.current);
    const start = page.locator('form').filter({ has: page.getByRole('button', { name: 'Start the journey' }) });
    await start.getByLabel('Title').fill('The Ashdowns, first visit');
    await start.getByLabel('Pseudonym for a new family (not their real name)').fill('The Ashdowns');
    await start.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submitWith(start.getByRole('button', { name: 'Start the journey' }));
    expect(started.status, 'starting the journey').toBe(303);
    journeyUrl = started.landedUrl;

    await page.getByRole('link', { name: 'Invite people to this journey' }).click();
    await page.waitForURL(`${journeyUrl}/invite`);
    // A viewer's link first, so the list holds more than the one revoked later.
    await page.getByLabel('They join as').selectOption('viewer');
    await page.getByLabel('The link works for').selectOption({ label: 'a day' });
    // The form answers with a redirect back to the page, which shows the new link once.
    const viewer = await submitWith(page.getByRole('button', { name: 'Make an invite link' }));
    expect([viewer.status, viewer.landedStatus, viewer.landedUrl]).toEqual([303, 200, `${journeyUrl}/invite`]);
    await page.getByLabel('They join as').selectOption('participant');
    await page.getByLabel('The link works for').selectOption({ label: '4 hours (one workshop)' });
    const participant = await submitWith(page.getByRole('button', { name: 'Make an invite link' }));
    expect([participant.status, participant.landedStatus]).toEqual([303, 200]);
    await page.getByText('This link is shown only now').waitFor();
    link = (await page.getByRole('link', { name: /\?invite=/ }).textContent())!.trim();
    expect(link).toMatch(new RegExp(`^${journeyUrl}\\?invite=[\\w-]+\\.[\\w-]+$`));
    token = new URL(link).searchParams.get('invite')!;

    // The list: both invites, newest first, made by this facilitator, working, each with its Revoke button.
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).textContent()).toMatch(/participant.*Test facilitator.*Works/);
    expect(await rows.nth(2).textContent()).toMatch(/viewer.*Test facilitator.*Works/);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(2);
    await expect.poll(() => page.getByText('A link or token is shown only once').count()).toBe(1);
    await snap(page, 'invites-01-invite-page-desktop');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByRole('heading', { name: 'Invites made for this journey' }).scrollIntoViewIfNeeded();
    await snap(page, 'invites-02-invite-page-1920', { fullPage: false });
    await page.setViewportSize({ width: 1400, height: 900 });

    // A reload shows the list without the link, and adds no invite (it used to post the form again).
    const reloaded = await page.reload();
    expect(reloaded?.request().method()).toBe('GET');
    expect(await page.getByRole('link', { name: /\?invite=/ }).count()).toBe(0);
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(2);
    // How scripts connect is there for those who look for it, closed.
    const forScripts = page.locator('details', { hasText: 'For scripts and other software' });
    expect(await forScripts.getAttribute('open')).toBeNull();
    expect(await page.getByText('npx turning-points token').isVisible()).toBe(false);

    deskInvites = page;
    desk = { ...desk, page: await page.context().newPage() };
    desk.page.on('pageerror', (error) => desk.problems.push(String(error)));
    await desk.page.goto(journeyUrl);
    await savedStatus(desk.page).waitFor();
    expect(desk.problems).toEqual([]);
  });

  it('the tablet opens the link: the token leaves the address at once and is in no later request, Referer, link or page', async () => {
    const { page } = tablet;
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(opened?.request().redirectedFrom()?.url(), 'answered with a redirect').toBe(link);
    await savedStatus(page).waitFor();
    expect(page.url()).toBe(journeyUrl);
    expect(await page.evaluate(() => window.location.href)).toBe(journeyUrl);
    expect(await page.content()).not.toContain(token);
    expect(await page.$$eval('a[href]', (links) => links.map((a) => (a as HTMLAnchorElement).href))).not.toContainEqual(
      expect.stringContaining(token),
    );

    // Around the site and back: no history entry holds the token.
    await page.getByRole('link', { name: 'List view' }).tap();
    await page.waitForURL(`${journeyUrl}/list`);
    expect(await page.content()).not.toContain(token);
    const history = await historyOf(page);
    expect(history.slice(-2)).toEqual([journeyUrl, `${journeyUrl}/list`]);
    for (const address of history) expect(address).not.toContain(token);
    await page.goBack();
    expect(page.url()).toBe(journeyUrl);
    await savedStatus(page).waitFor();
    expect(tablet.problems).toEqual([]);
  });

  it('the map works: a stage the tablet adds and names reaches the facilitator’s screen', async () => {
    const { page } = tablet;
    await page.getByRole('button', { name: 'Add a stage', exact: true }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Your name').tap();
    await page.keyboard.type('Dee');
    await dialog.getByRole('button', { name: 'Continue' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    const panel = page.getByRole('region', { name: /^Stage 1:/ });
    await panel.getByLabel('Headline').tap();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(HEADLINE);
    await savedStatus(page).waitFor();
    const card = desk.page.getByRole('group', { name: /^Stage 1 of 1:/ });
    await expect.poll(() => card.getAttribute('aria-label'), { timeout: 5000 }).toBe(`Stage 1 of 1: ${HEADLINE}`);
    expect(tablet.problems).toEqual([]);
  });

  it('the facilitator revokes it with its button: the tablet’s map is refused within seconds; reloaded, the link says it was stopped', async ({
    annotate,
  }) => {
    const page = deskInvites;
    await page.goto(`${journeyUrl}/invite`);
    const revoke = page.getByRole('button', { name: /^Revoke the participant invite/ });
    const pressedAt = Date.now();
    const revoked = await submitWith(revoke);
    expect(revoked.status, 'the revoke').toBe(303);
    expect(revoked.landedStatus).toBe(200);
    // The tablet first: how long it took is the point.
    await tablet.page.getByRole('heading', { name: 'This link has been stopped.' }).waitFor({ timeout: 8000 });
    const seconds = (Date.now() - pressedAt) / 1000;
    await annotate(`the tablet showed the refusal ${seconds.toFixed(2)} s after Revoke was pressed`);
    expect(seconds).toBeLessThan(8);
    await snap(tablet.page, 'invites-04-tablet-refused');

    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/participant invite .* is revoked/);
    const rows = page.getByRole('table').getByRole('row');
    expect(await rows.nth(1).textContent()).toMatch(/participant.*Revoked$/);
    expect(await page.getByRole('button', { name: /^Revoke/ }).count()).toBe(1);
    await snap(page, 'invites-03-after-revoking');
    // The list, with a revoked invite and a working one, passes the same WCAG checks as every page.
    expect(await wcagViolations(page)).toEqual([]);

    const reloaded = await tablet.page.reload();
    expect(reloaded?.status()).toBe(401);
    await tablet.page.getByRole('heading', { level: 1, name: 'This link has been stopped.' }).waitFor();
    await snap(tablet.page, 'invites-05-tablet-reloaded');
  });

  it('the dead link, opened again, is refused and its token leaves the address; nothing the tablet sent ever carried it', async () => {
    const { page } = tablet;
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(401);
    await page.getByRole('heading', { level: 1, name: 'This link has been stopped.' }).waitFor();
    // The layout's script took it out: the page's CSP let the inline script run (its hash is listed) and broke nothing.
    await expect.poll(() => page.evaluate(() => window.location.href)).toBe(journeyUrl);
    for (const address of await historyOf(page)) expect(address).not.toContain(token);
    expect(tablet.problems.filter((problem) => /Content Security Policy|Refused to/i.test(problem))).toEqual([]);

    // The two navigations to the link itself are the only requests that carried the token.
    const requests = await Promise.all(sent);
    const carrying = requests.filter((r) => r.url.includes(token));
    expect(carrying.map((r) => r.url)).toEqual([link, link]);
    expect(requests.filter((r) => r.referer?.includes(token)).map((r) => `${r.url} from ${r.referer}`)).toEqual([]);
    expect(sockets.length).toBeGreaterThan(0);
    for (const socket of sockets) expect(socket).not.toContain(token);
  });
});
