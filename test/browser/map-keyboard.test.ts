/**
 * The map with the keyboard alone, on a desktop: Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y undo and redo
 * one's own change (and leave a text box's typing to the browser); Escape closes the panel and
 * gives the focus back to the card; the toolbar's skip link reaches the panel in a few key
 * presses where the map's cards and links took dozens; staff reach the journey's settings from
 * the map; the cost report remembers the journeys last chosen until one asks it to forget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { exampleId, token, useServer, type RunningServer } from '../server/harness.ts';
import { seriousViolations } from './axe.ts';
import { launch, signedInContext, watchedPage } from './browser.ts';

const HOLT = 'The Holt family: from nobody to ring to a door left open';
const running = useServer();
let server: RunningServer;
let browser: Browser;
let facilitator: BrowserContext;
let holt = '';

beforeAll(async () => {
  server = running.current;
  holt = exampleId(server, 'slf-isolated-family');
  browser = await launch();
  facilitator = await signedInContext(browser, server);
});
afterAll(async () => {
  await browser?.close();
});

async function openMap(context: BrowserContext, address: string): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(context);
  await watched.page.goto(`${server.url}${address}`);
  await watched.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: 10_000 });
  const yourName = watched.page.getByLabel('Your name');
  if (await yourName.isEditable()) await yourName.fill('Jo (worker)');
  return watched;
}

const inPanel = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement;
    return !!active && active.id !== 'side-panel' && !!active.closest('#side-panel');
  });

/** Tab until the focus is on a control in the side panel; how many presses that took (at most 400). */
async function tabsToPanel(page: Page): Promise<number> {
  for (let presses = 1; presses <= 400; presses++) {
    await page.keyboard.press('Tab');
    if (await inPanel(page)) return presses;
  }
  throw new Error('the keyboard never reached the panel');
}

/**
 * From the toolbar's last stop, the skip link: Tab on through the map, and the skip link's own
 * way (Enter, then Tab). What the keys cost, measured both ways.
 */
async function measureSkip(page: Page): Promise<{ through: number; skipping: number }> {
  const skip = page.getByRole('link', { name: 'Skip the map to the panel' });
  await skip.focus();
  const through = await tabsToPanel(page);
  await skip.focus();
  await page.keyboard.press('Enter');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('side-panel');
  const skipping = 1 + (await tabsToPanel(page));
  return { through, skipping };
}

const cards = (page: Page) => page.locator('.react-flow__node');
const activeId = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.getAttribute('data-id') ?? document.activeElement?.outerHTML.slice(0, 120),
  );

describe('the journey map with the keyboard', () => {
  it('undoes and redoes one’s own change with Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y, and leaves a text box’s typing to the browser', async () => {
    const { page, problems } = await openMap(facilitator, `journeys/${holt}`);
    const before = await cards(page).count();
    await page.getByRole('button', { name: 'Add a stage', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cards(page).count(), { timeout: 5000 }).toBe(before + 1);

    // On a button, Ctrl+Z is the map's undo: this person's last change goes, and comes back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => cards(page).count(), { timeout: 5000 }).toBe(before);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => cards(page).count(), { timeout: 5000 }).toBe(before + 1);
    await page.keyboard.press('Control+z');
    await expect.poll(() => cards(page).count(), { timeout: 5000 }).toBe(before);
    await page.keyboard.press('Control+y');
    await expect.poll(() => cards(page).count(), { timeout: 5000 }).toBe(before + 1);

    // In the headline box, Ctrl+Z takes back that box's typing, not the new stage.
    await cards(page).last().focus();
    await page.keyboard.press('Enter');
    const headline = page.getByLabel('Headline');
    await headline.focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' at last');
    await expect.poll(() => headline.inputValue(), { timeout: 2000 }).toMatch(/ at last$/);
    await page.keyboard.press('Control+z');
    await expect.poll(() => headline.inputValue(), { timeout: 2000 }).not.toMatch(/ at last$/);
    expect(await cards(page).count()).toBe(before + 1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Escape closes the stage’s panel and the focus is back on its card', async () => {
    const { page, problems } = await openMap(facilitator, `journeys/${holt}`);
    const card = cards(page).nth(1);
    const id = await card.getAttribute('data-id');
    await card.focus();
    await page.keyboard.press('Enter');
    const headline = page.getByLabel('Headline');
    await headline.waitFor();
    // Into the panel by the skip link, then Escape from the panel's first control.
    await page.getByRole('link', { name: 'Skip the map to the panel' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await inPanel(page)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Stages' }).waitFor({ timeout: 5000 });
    expect(await headline.count()).toBe(0);
    await expect.poll(() => activeId(page), { timeout: 2000 }).toBe(id);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the skip link reaches the panel in a few presses, with a panel open or the stage list; axe finds nothing serious', async ({
    annotate,
  }) => {
    const { page, problems } = await openMap(facilitator, `journeys/${holt}`);
    const list = await measureSkip(page);
    await cards(page).first().focus();
    await page.keyboard.press('Enter');
    await page.getByLabel('Headline').waitFor();
    const panel = await measureSkip(page);
    await annotate(
      `Holt journey, Tab presses from the skip link to the panel: stage list ${list.through} through the map, ${list.skipping} skipping (with Enter); stage panel ${panel.through} through the map, ${panel.skipping} skipping`,
    );
    expect(list.skipping).toBeLessThanOrEqual(3);
    expect(panel.skipping).toBeLessThanOrEqual(3);
    expect(list.through).toBeGreaterThan(list.skipping);
    await page.getByRole('link', { name: 'Skip the map to the panel' }).focus();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows staff a link to the journey’s settings, and an invited participant none', async () => {
    const { page } = await openMap(facilitator, `journeys/${holt}`);
    await page.getByRole('link', { name: 'Journey settings' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/journeys/${holt}/settings`, { timeout: 10_000 });
    await page.close();

    const family = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const invited = await openMap(family, `journeys/${holt}?invite=${token(server, holt, 'participant')}`);
    expect(await invited.page.getByRole('link', { name: 'Journey settings' }).count()).toBe(0);
    await family.close();
  });
});

describe('the theory of change with the keyboard', () => {
  it('Escape gives the focus back to the step; the skip link passes its many cards and links', async ({ annotate }) => {
    // Setup: a theory of change drafted from four example journeys, through the draft form's endpoint.
    const form = new URLSearchParams({ title: 'How families move on' });
    for (const file of [
      'life-swindon-chronic-crisis',
      'slf-disengaged-young-people',
      'slf-isolated-family',
      'family-action-single-mother',
    ])
      form.append('journeyIds', exampleId(server, file));
    const drafted = await facilitator.request.post(`${server.url}api/toc`, {
      data: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin },
      maxRedirects: 0,
    });
    const address = (drafted.headers().location ?? '').replace(/^\//, '');
    expect(address).toMatch(/^toc\/[^/]+$/);

    const { page, problems } = await openMap(facilitator, address);
    const overview = await measureSkip(page);
    const step = cards(page).first();
    const id = await step.getAttribute('data-id');
    await step.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#side-panel h2').first().textContent(), { timeout: 5000 }).toBeTruthy();
    const panel = await measureSkip(page);
    await annotate(
      `Theory of change, Tab presses from the skip link to the panel: overview ${overview.through} through the map, ${overview.skipping} skipping; step panel ${panel.through} through the map, ${panel.skipping} skipping`,
    );
    expect(panel.skipping).toBeLessThanOrEqual(3);
    expect(overview.through).toBeGreaterThan(overview.skipping);
    await page.keyboard.press('Escape');
    await expect.poll(() => activeId(page), { timeout: 2000 }).toBe(id);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the cost report', () => {
  it('ticks the journeys last chosen, and forgets them when asked', async () => {
    const page = await facilitator.newPage();
    await page.goto(`${server.url}reports/costs`);
    const holtBox = page.getByLabel(HOLT);
    expect(await holtBox.isChecked()).toBe(false);
    await holtBox.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Work it out' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Return on investment' }).waitFor({ timeout: 10_000 });

    await page.goto(`${server.url}reports/costs`);
    expect(await page.getByLabel(HOLT).isChecked()).toBe(true);
    const cookies = await facilitator.cookies(`${server.url}reports/costs`);
    const kept = cookies.find((cookie) => cookie.name === 'tp_cohort');
    expect(kept?.httpOnly).toBe(true);
    expect(kept?.value).not.toMatch(/Holt/);

    await page.getByRole('button', { name: 'Forget my last choice' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Work it out' }).waitFor();
    await expect.poll(() => page.getByLabel(HOLT).isChecked(), { timeout: 5000 }).toBe(false);
    expect(await page.getByRole('button', { name: 'Forget my last choice' }).count()).toBe(0);
    await page.close();
  });
});
