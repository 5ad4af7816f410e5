/**
 * Nothing anyone types is lost: reloads, closed tabs, a network that goes away, two people
 * choosing at once, and Delete. Each case is played through the screens, as a family member on
 * a tablet and a facilitator would. (An invite that ends mid-session, and signing out with
 * words unsaved, are refusals: test/browser/refusal.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { token, useServer, type RunningServer, exampleId } from '../server/harness.ts';
import { ARTIFACTS, launch, signedInContext, watchedPage } from './browser.ts';
import { causedByTheCut, relay } from './network-cut.ts';

let DOC = '';
const running = useServer();
let server: RunningServer;
let browser: Browser;
/** Signed in once, with the server's one-time link; each test opens its own pages in it. */
let facilitator: BrowserContext;

beforeAll(async () => {
  server = running.current;
  DOC = exampleId(server, 'life-swindon-chronic-crisis');
  browser = await launch();
  facilitator = await signedInContext(browser, server);
});
afterAll(async () => {
  await browser?.close();
});

const tablet = () =>
  browser.newContext({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
const status = (page: Page) => page.getByRole('status').filter({ hasText: /Saved|Saving|Offline/ });
const saved = (page: Page, timeout = 10_000) =>
  page
    .getByRole('status')
    .filter({ hasText: /^✓?\s*Saved$/ })
    .waitFor({ timeout });
const stageList = (page: Page) => page.getByRole('navigation', { name: 'Stages' });

/** Tap "Add a stage"; on a device with no name yet, answer "What should the others call you?". */
async function addStage(page: Page, name?: string): Promise<void> {
  await page.getByRole('button', { name: 'Add a stage', exact: true }).tap();
  if (name) {
    const dialog = page.getByRole('dialog', { name: 'What should the others call you?' });
    await dialog.getByLabel('Your name').fill(name);
    await dialog.getByRole('button', { name: 'Continue' }).tap();
  }
  await page.getByLabel('Headline').waitFor();
}

/** The journey as anyone else now sees it: its list view, opened fresh by the facilitator. */
async function listAsFacilitator(facilitator: BrowserContext): Promise<string> {
  const page = await facilitator.newPage();
  await page.goto(`${server.url}journeys/${DOC}/list`);
  const text = (await page.textContent('main')) ?? '';
  await page.close();
  return text;
}

describe('nothing typed is lost', () => {
  it('an edit made offline survives a reload and a closed tab, reaches the server when the network is back, and leaving while unsaved asks first', async () => {
    const network = await relay(server.url);
    const context = await tablet();
    const invite = `${network.url}journeys/${DOC}?invite=${token(server, DOC, 'participant')}`;
    const { page, problems } = await watchedPage(context);
    await page.goto(invite);
    await saved(page);
    await addStage(page, 'Kerry');
    await page.getByLabel('Headline').fill('Moving day');
    await saved(page);

    network.cut();
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toMatch(/Offline: changes kept/);
    await page.getByLabel('In your own words').fill('Written with no network, then the page was reloaded.');
    await page.getByRole('button', { name: /Trying things/ }).tap();

    // Leaving with something unsaved asks first.
    let asked = false;
    page.once('dialog', (dialog) => {
      asked = dialog.type() === 'beforeunload';
      void dialog.dismiss();
    });
    await page.close({ runBeforeUnload: true });
    await expect.poll(() => asked, { timeout: 5000 }).toBe(true);
    expect(page.isClosed()).toBe(false);

    // The person reloads ("Leave") once the page itself loads again but the room cannot yet be
    // reached: the map shows what they wrote, kept on the device, and says it is not saved.
    page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
    network.restore();
    network.cutRooms();
    await page.reload();
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toMatch(/Offline: changes kept/);
    await stageList(page).getByRole('button', { name: 'Moving day', exact: true }).tap();
    // The page's copy is drawn first; the words kept on the device follow as soon as it is read.
    await expect
      .poll(() => page.getByLabel('In your own words').inputValue(), { timeout: 5000 })
      .toBe('Written with no network, then the page was reloaded.');
    expect(await listAsFacilitator(facilitator)).not.toContain('Written with no network');
    network.restore();
    await saved(page);
    expect(await listAsFacilitator(facilitator)).toContain('Written with no network, then the page was reloaded.');

    // A closed tab (or one the tablet discarded): the next visit sends what was kept.
    network.cut();
    await expect.poll(() => status(page).textContent(), { timeout: 10_000 }).toMatch(/Offline/);
    await page.getByLabel('In your own words').fill('Then the tab was closed with no network.');
    await page.close();
    network.restore();
    const again = await watchedPage(context);
    await again.page.goto(invite);
    await saved(again.page);
    expect(await listAsFacilitator(facilitator)).toContain('Then the tab was closed with no network.');

    // Everything is stored and the person leaves: the shared tablet keeps no copy of the map.
    await again.page.goto(`${network.url}`);
    const copies = await again.page.evaluate(async () =>
      (await indexedDB.databases()).map((db) => db.name).filter((name) => name?.startsWith('turning-points-doc-')),
    );
    expect(copies).toEqual([]);
    expect([...problems, ...again.problems].filter((p) => !causedByTheCut(p))).toEqual([]);
    await again.page.close();
    await network.close();
    await context.close();
  });

  it('a stale choice from a tablet coming back online is shown to both people, who can put theirs back; headlines typed at once merge', async () => {
    const network = await relay(server.url);
    const context = await tablet();
    const { page: family } = await watchedPage(context);
    await family.goto(`${network.url}journeys/${DOC}?invite=${token(server, DOC, 'participant')}`);
    await saved(family);
    await addStage(family, 'Tia');
    await family.getByLabel('Headline').fill('The new school');
    await saved(family);

    const { page: worker } = await watchedPage(facilitator);
    await worker.goto(`${server.url}journeys/${DOC}`);
    await worker.getByLabel('Your name').fill('Jo (worker)');
    await saved(worker);
    await stageList(worker).getByRole('button', { name: 'The new school', exact: true }).click();
    await worker.getByText('Also working on this stage: Tia').waitFor({ timeout: 3000 });
    await family.getByText('Also working on this stage: Jo (worker)').waitFor({ timeout: 3000 });

    network.cut();
    await expect.poll(() => status(family).textContent(), { timeout: 10_000 }).toMatch(/Offline/);
    await family.getByRole('button', { name: 'Low', exact: true }).tap();
    const headline = family.getByLabel('Headline');
    await headline.tap();
    await headline.press('Home');
    await headline.pressSequentially('Starting ');
    await worker.getByRole('button', { name: 'High', exact: true }).click();
    const workerHeadline = worker.getByLabel('Headline');
    await workerHeadline.click();
    await workerHeadline.press('End');
    await workerHeadline.pressSequentially(' in September');
    await saved(worker);
    network.restore();
    await saved(family, 15_000);

    // Both headlines' words are kept, on both screens.
    for (const page of [family, worker])
      await expect
        .poll(() => page.getByLabel('Headline').inputValue(), { timeout: 5000 })
        .toBe('Starting The new school in September');

    // Whichever choice the document kept, both people are told, with what the other chose.
    const told = (page: Page) => page.getByRole('region', { name: 'Changes that met yours' });
    await told(family).waitFor({ timeout: 5000 });
    await told(worker).waitFor({ timeout: 5000 });
    const familySees = (await told(family).textContent()) ?? '';
    const workerSees = (await told(worker).textContent()) ?? '';
    await family.screenshot({ path: join(ARTIFACTS, 'overwrite-tablet.png') });
    await worker.screenshot({ path: join(ARTIFACTS, 'overwrite-facilitator.png') });
    expect(familySees).toContain('Jo (worker)');
    expect(workerSees).toContain('Tia');
    const pressedFeeling = (page: Page) =>
      page.locator('.feeling-picker button[aria-pressed="true"]').first().textContent();
    const kept = await pressedFeeling(worker);
    expect(await pressedFeeling(family)).toBe(kept);
    // The person whose choice was replaced puts it back, in one tap, for everyone.
    const replaced = kept === 'High' ? family : worker;
    await replaced.getByRole('button', { name: 'Put mine back' }).click();
    const wanted = kept === 'High' ? 'Low' : 'High';
    for (const page of [family, worker]) await expect.poll(() => pressedFeeling(page), { timeout: 5000 }).toBe(wanted);

    await worker.close();
    await network.close();
    await context.close();
  });

  it('Delete acts only on what has the focus, and one Undo brings a stage back with its links, factors and cost events', async () => {
    const { page, problems } = await watchedPage(facilitator);
    await page.goto(`${server.url}journeys/${DOC}`);
    await page.getByLabel('Your name').fill('Jo (worker)');
    await saved(page);
    const before = await listAsFacilitator(facilitator);
    const cards = page.locator('.react-flow__node');
    const stageCount = await cards.count();
    const linkCount = await page.locator('.react-flow__edge').count();
    expect(linkCount).toBeGreaterThan(0);

    // A stage is selected, then the focus moves to a link: Delete removes the link alone.
    const firstEdge = page.locator('.react-flow__edge').first();
    const edgeId = await firstEdge.getAttribute('data-id');
    const source = await page.evaluate(
      (id) => document.querySelector(`.react-flow__edge[data-id="${id}"]`)?.getAttribute('aria-label') ?? '',
      edgeId,
    );
    expect(source).toMatch(/^Led to: from /);
    await cards.first().click();
    await firstEdge.focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 3000 }).toBe(linkCount - 1);
    expect(await cards.count()).toBe(stageCount);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 3000 }).toBe(linkCount);

    // The focus on a stage that has links, enablers, barriers and cost events: Delete removes it.
    // A title may itself hold " to ", so the link's label is read against the cards' own headings.
    const busy = await page.evaluate(() => {
      const label = document.querySelector('.react-flow__edge')?.getAttribute('aria-label') ?? '';
      const titles = [...document.querySelectorAll('.react-flow__node h3')].map((h) => h.textContent ?? '');
      return titles.find((from) => titles.some((to) => label === `Led to: from ${from} to ${to}`)) ?? '';
    });
    expect(busy).not.toBe('');
    const card = cards.filter({ has: page.getByRole('heading', { name: busy, exact: true }) }).first();
    await card.focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => cards.count(), { timeout: 3000 }).toBe(stageCount - 1);
    await saved(page);
    expect(await listAsFacilitator(facilitator)).not.toContain(busy);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => cards.count(), { timeout: 3000 }).toBe(stageCount);
    await expect.poll(() => page.locator('.react-flow__edge').count(), { timeout: 3000 }).toBe(linkCount);
    await saved(page);
    expect(await listAsFacilitator(facilitator)).toBe(before);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the status says Offline as soon as the browser knows the network is gone, not half a minute later', async () => {
    const context = await tablet();
    const { page } = await watchedPage(context);
    await page.goto(`${server.url}journeys/${DOC}?invite=${token(server, DOC, 'participant')}`);
    await saved(page);
    await context.setOffline(true);
    await expect.poll(() => status(page).textContent(), { timeout: 2000 }).toMatch(/Offline: changes kept/);
    await context.setOffline(false);
    await saved(page);
    await context.close();
  });

  // Last: it signs the file's facilitator out.
  it('signing out in another tab takes the family’s story off the map tab left open', async () => {
    const { page: map } = await watchedPage(facilitator);
    await map.goto(`${server.url}journeys/${DOC}`);
    await saved(map);
    expect(await map.locator('.react-flow__node').count()).toBeGreaterThan(0);
    const home = await facilitator.newPage();
    await home.goto(server.url);
    await home.getByRole('button', { name: 'Sign out' }).click();
    await home.getByText('You have signed out.').waitFor();
    await map.getByRole('heading', { name: 'Your sign-in here has ended.' }).waitFor({ timeout: 5000 });
    expect(await map.locator('.react-flow__node').count()).toBe(0);
    expect(await map.textContent('body')).not.toContain('Shutting the door');
    await map.screenshot({ path: join(ARTIFACTS, 'signed-out-map-tab.png') });
  });
});
