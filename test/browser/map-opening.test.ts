/**
 * The map opens from the page itself: its stages and first cards are drawn from the journey the
 * server sent with the page, before the live room has connected (on a family's tablet on a slow
 * line, the room took seconds more). What a person chooses and types before the room is there
 * waits, and is stored once it connects. Played on a tablet with the rooms cut by a real relay
 * (pages load, WebSocket upgrades are refused), as on a network that blocks or delays them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { exampleId, token, useServer, type RunningServer } from '../server/harness.ts';
import { launch, signedInContext, snap, tabletContext, watchedPage } from './browser.ts';
import { causedByTheCut, relay } from './network-cut.ts';

const running = useServer();
let server: RunningServer;
let browser: Browser;
let facilitator: BrowserContext;
let DOC = '';

beforeAll(async () => {
  server = running.current;
  DOC = exampleId(server, 'slf-isolated-family');
  browser = await launch();
  facilitator = await signedInContext(browser, server);
});
afterAll(async () => {
  await browser?.close();
});

const stageList = (page: Page) => page.getByRole('navigation', { name: 'Stages' });

/** The first stage as anyone else now sees it, in the list view opened fresh by the facilitator. */
async function firstStageAsFacilitator(): Promise<string> {
  const page = await facilitator.newPage();
  await page.goto(`${server.url}journeys/${DOC}/list`);
  const text = (await page.locator('li.stage').first().textContent()) ?? '';
  await page.close();
  return text;
}

describe('the map opens from the page', () => {
  it('shows the map as a picture while its code loads, says it is opening, then puts the live map in its place', async () => {
    const { page, problems } = await watchedPage(await tabletContext(browser));
    // The map's code held back, as on a slow line where it takes seconds to arrive.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_astro/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}journeys/${DOC}?invite=${token(server, DOC, 'participant')}`);
    await page.getByRole('status').filter({ hasText: 'Opening the map…' }).waitFor();
    // The family sees their first stages, and every stage named, before any code has run.
    const picture = page.locator('.map-picture');
    const firstCard = picture.locator('.react-flow__node').first();
    expect(await firstCard.isVisible()).toBe(true);
    expect(await firstCard.locator('h3').textContent()).toBe('Low after Kai was born');
    expect(await picture.locator('nav li').count()).toBe(17);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('The Holt family');
    // Nothing in it can be used yet, and assistive technology is told the map is opening instead.
    await expect(firstCard.tap({ timeout: 1000 })).rejects.toThrow(/inert|not receive|Timeout/);
    expect(await page.getByRole('navigation', { name: 'Stages' }).count()).toBe(0);
    await snap(page, 'map-opening-tablet-code-loading', { fullPage: false });

    release();
    await page.getByRole('navigation', { name: 'Stages' }).waitFor();
    expect(await picture.count()).toBe(0);
    expect(await page.getByText('Opening the map…').count()).toBe(0);
    await page.locator('.react-flow__node').first().tap();
    await page.getByRole('region', { name: /^Stage 1: / }).waitFor();
    expect(problems).toEqual([]);
  });

  it('draws every stage before the room connects; a level chosen then is stored once it does, and words are typed from then', async () => {
    const network = await relay(server.url);
    network.cutRooms();
    const { page, problems } = await watchedPage(await tabletContext(browser));
    const stageCount = await (async () => {
      const list = await facilitator.newPage();
      await list.goto(`${server.url}journeys/${DOC}/list`);
      const count = await list.locator('li.stage').count();
      await list.close();
      return count;
    })();
    expect(stageCount).toBe(17);

    await page.goto(`${network.url}journeys/${DOC}?invite=${token(server, DOC, 'participant')}`);
    await expect.poll(() => stageList(page).getByRole('listitem').count()).toBe(stageCount);
    const firstCard = page.locator('.react-flow__node').first();
    await firstCard.waitFor({ state: 'visible' });
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /Offline/ })
          .count(),
      )
      .toBe(1);
    await snap(page, 'map-opening-tablet-before-room');

    // Chosen with no room: the panel opens from the page's journey, and the choice waits. The
    // words are shown but typed in only once the document itself is here: this device may hold
    // words kept from an earlier visit that the page's copy lacks.
    await firstCard.tap();
    const panel = page.getByRole('region', { name: /^Stage 1: / });
    const wordsBox = panel.getByLabel('In your own words');
    expect(await wordsBox.inputValue()).toMatch(/depression/);
    expect(await wordsBox.isEditable()).toBe(false);
    await panel.getByRole('button', { name: /Trying things/ }).tap();
    const dialog = page.getByRole('dialog', { name: 'What should the others call you?' });
    await dialog.getByLabel('Your name').fill('Kerry');
    await dialog.getByRole('button', { name: 'Continue' }).tap();
    expect(await firstStageAsFacilitator()).not.toContain('Trying things');

    network.restore();
    const saved = page.getByRole('status').filter({ hasText: /^✓?\s*Saved$/ });
    await saved.waitFor({ timeout: 15_000 });
    expect(await firstStageAsFacilitator()).toContain('Trying things');
    await expect.poll(() => wordsBox.isEditable()).toBe(true);
    const words = 'Written once the map had reached the server.';
    await wordsBox.fill(words);
    // "Saved" may still be showing from the level: the words are looked for in a fresh list
    // view until they are there, each look a page of its own (seconds on a busy machine).
    await expect.poll(firstStageAsFacilitator, { timeout: 15_000 }).toContain(words);
    await saved.waitFor();
    expect(problems.filter((p) => !causedByTheCut(p))).toEqual([]);
    await network.close();
  });
});
