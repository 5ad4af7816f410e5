/**
 * REFUSE1 in the editor, through the screens: when the server closes a map's connection with a
 * refusal's code, the map tab says why in plain words, keeps the person's unsaved words on
 * screen to copy, erases its copy on the device and its replica, and the refused change never
 * reaches the server, not even after a reload with a fresh sign-in.
 *
 * What the page sends is intercepted with Playwright's WebSocket routing, to stand for a network
 * that has not yet delivered the last change when the server refuses: the server's own close,
 * and its code, pass through untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { connect, synced, token, useServer, exampleId } from '../server/harness.ts';
import { launch, savedStatus, signIn, snap, tabletContext, watchedPage } from './browser.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'life-swindon-chronic-crisis');
});
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The device copies this page's origin holds (one IndexedDB database per document). */
const deviceCopies = (page: Page) =>
  page.evaluate(async () =>
    (await indexedDB.databases()).map((db) => db.name).filter((name) => name?.startsWith('turning-points-doc-')),
  );

/** A stage's words as the server has them, read by a stock y-websocket client. */
async function storedWords(headline: string): Promise<string> {
  const client = connect(running.current, DOC, token(running.current, DOC, 'viewer'));
  try {
    await synced(client);
    for (const [, stage] of client.doc.getMap('stages'))
      if (String((stage as { get(key: string): unknown }).get('title')) === headline)
        return String((stage as { get(key: string): unknown }).get('words'));
    throw new Error(`no stage "${headline}" on the server`);
  } finally {
    client.destroy();
  }
}

/**
 * Route this page's room connections through the test: what the page sends is passed on
 * unless `held`, when it is lost on the way, as on a network that stalls.
 */
async function interceptRooms(page: Page): Promise<{ hold(): void; release(): void }> {
  let held = false;
  await page.routeWebSocket(/\/collab\//, (route) => {
    const server = route.connectToServer();
    route.onMessage((message) => {
      if (!held) server.send(message);
    });
  });
  return { hold: () => (held = true), release: () => (held = false) };
}

describe('the editor after the server refuses', () => {
  it('REFUSE1: signed out in another tab, the map says so, keeps the unsaved words to copy, and never sends them again', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(running.current.url).origin,
    });
    const { page: map, problems } = await watchedPage(context);
    map.setDefaultTimeout(10_000);
    const network = await interceptRooms(map);
    const account = await signIn(map, running.current);

    // The facilitator opens the map and types into a stage's words; that much is saved.
    await map.goto(`${running.current.url}journeys/${DOC}`);
    await savedStatus(map).waitFor();
    const invitePeople = map.getByRole('link', { name: 'Invite people to this journey' });
    expect(await invitePeople.count()).toBe(1);
    await map.getByRole('toolbar', { name: 'Journey tools' }).getByLabel('Your name').fill('Jo (worker)');
    const stages = await map.getByRole('navigation', { name: 'Stages' }).getByRole('button').allTextContents();
    const [headline, otherHeadline] = stages as [string, string];
    const title = (await map.getByRole('heading', { level: 1 }).textContent())!;
    await map.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: headline, exact: true }).click();
    const words = map.getByLabel('In their own words');
    const before = await words.inputValue();
    await words.fill(`${before} Saved first.`);
    await savedStatus(map).waitFor();
    expect(await storedWords(headline)).toBe(`${before} Saved first.`);

    // The next words do not reach the server before the facilitator signs out in another tab.
    network.hold();
    await words.press('End');
    await words.pressSequentially(' Then the door went.');
    await map.getByRole('status').filter({ hasText: 'Saving…' }).waitFor();
    const home = await context.newPage();
    await home.goto(running.current.url);
    await home.getByRole('button', { name: 'Sign out' }).click();
    await home.getByText('You have signed out.').waitFor();

    // The map tab says why, in plain words, and the family's story has left the screen.
    await map.getByRole('alert').filter({ hasText: 'Your sign-in here has ended.' }).waitFor();
    expect(await map.getByRole('alert').textContent()).toContain('Sign in again to carry on');
    expect(await map.locator('.react-flow__node').count()).toBe(0);
    expect(await map.title()).toBe('Your sign-in here has ended. · Turning Points');
    const body = (await map.textContent('body'))!;
    expect(body).not.toContain(title);
    expect(body).not.toContain(otherHeadline);
    // The page's own links to the journey no longer open it: only the way to sign in is offered.
    expect(await invitePeople.count()).toBe(0);
    expect(await map.getByRole('main').getByRole('link').allTextContents()).toEqual(['Go to the home page to sign in']);
    // What was not saved is there to read and copy, and only that.
    const unsaved = map.getByRole('region', { name: 'Your words that were not saved' });
    const boxes = unsaved.getByRole('textbox');
    expect(await boxes.count()).toBe(1);
    expect(await boxes.first().inputValue()).toBe(`${before} Saved first. Then the door went.`);
    expect(await boxes.first().getAttribute('readonly')).not.toBeNull();
    await snap(map, 'refusal-signed-out-desktop');
    await unsaved.getByRole('button', { name: 'Copy my words' }).click();
    await unsaved.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await map.evaluate(() => navigator.clipboard.readText())).toContain('Then the door went.');
    // The copy on this computer is gone: it would send the refused change at the next visit.
    await expect.poll(() => deviceCopies(map), { timeout: 5000 }).toEqual([]);
    expect(await storedWords(headline)).toBe(`${before} Saved first.`);

    // A fresh sign-in with their password, then the map tab is loaded again.
    await signIn(home, running.current, account);
    network.release();
    await map.reload();
    await savedStatus(map).waitFor();
    await map.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: headline, exact: true }).click();
    expect(await map.getByLabel('In their own words').inputValue()).toBe(`${before} Saved first.`);
    // Saved: the server holds all this page has, and that is without the refused words.
    expect(await storedWords(headline)).toBe(`${before} Saved first.`);
    expect(problems.filter((p) => !/WebSocket|status of 401/.test(p))).toEqual([]);
    await context.close();
  });

  it('REFUSE1: an invite that runs out on a family’s tablet says so, keeps the unsaved words, and a new link opens the map without them', async () => {
    const context = await tabletContext(browser);
    const { page, problems } = await watchedPage(context);
    page.setDefaultTimeout(10_000);
    const network = await interceptRooms(page);
    // Long enough for a loaded two-core machine to open the map and add a stage before it runs out.
    const invite = `${running.current.url}journeys/${DOC}?invite=${token(running.current, DOC, 'participant', 35)}`;
    const runsOutAt = Date.now() + 35_000;
    await page.goto(invite);
    await savedStatus(page).waitFor();
    await page.getByRole('button', { name: 'Add a stage', exact: true }).tap();
    const dialog = page.getByRole('dialog', { name: 'What should the others call you?' });
    await dialog.getByLabel('Your name').fill('Dean');
    await dialog.getByRole('button', { name: 'Continue' }).tap();
    const headline = 'The letter from the council';
    await page.getByLabel('Headline').fill(headline);
    await savedStatus(page).waitFor();

    // The last words are still on their way when the link runs out.
    network.hold();
    await page.getByLabel('In your own words').fill('It said we owed four hundred pounds.');
    await page.getByRole('status').filter({ hasText: 'Saving…' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'This link has run out.' }).waitFor({ timeout: 45_000 });
    expect(await page.getByRole('alert').textContent()).toContain('Ask the person running the session for a new one.');
    const unsaved = page.getByRole('region', { name: 'Your words that were not saved' });
    expect(await unsaved.getByRole('textbox').inputValue()).toBe('It said we owed four hundred pounds.');
    expect(await page.locator('.react-flow__node').count()).toBe(0);
    await expect.poll(() => deviceCopies(page), { timeout: 5000 }).toEqual([]);
    await snap(page, 'refusal-link-ran-out-tablet');

    // The same link opened again: the server's own page says the same thing in the same words. The
    // map may say so a moment before the link's last millisecond: open it once that has passed.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, runsOutAt + 1000 - Date.now())));
    const again = await context.newPage();
    expect((await again.goto(invite))?.status()).toBe(401);
    await again.getByRole('heading', { level: 1, name: 'This link has run out.' }).waitFor();
    expect(await again.getByRole('main').textContent()).toContain('Ask the person running the session for a new one.');
    await snap(again, 'refusal-link-ran-out-page-tablet', { fullPage: false });
    await again.close();

    // Leaving before the words are copied asks first: nothing else keeps them.
    let asked = false;
    page.once('dialog', (question) => {
      asked = question.type() === 'beforeunload';
      void question.accept();
    });
    // The person running the session gives a new link; the tablet opens it.
    network.release();
    await page.goto(`${running.current.url}journeys/${DOC}?invite=${token(running.current, DOC, 'participant')}`);
    expect(asked).toBe(true);
    await savedStatus(page).waitFor();
    await page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: headline, exact: true }).tap();
    expect(await page.getByLabel('In your own words').inputValue()).toBe('');
    expect(await storedWords(headline)).toBe('');
    expect(problems.filter((p) => !/WebSocket|status of 401/.test(p))).toEqual([]);
    await context.close();
    // It waits out a 35 s link on purpose: the usual minute leaves a loaded machine too little.
  }, 120_000);
});
