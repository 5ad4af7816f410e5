/** Reloading and losing the network lose nothing (the editor keeps a full replica and re-sends). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { removeDir, startServer, stopServer, tempDataDir, token, type RunningServer } from '../server/harness.ts';
import { launch, watchedPage } from './browser.ts';
import { relay } from './network-cut.ts';

const DOC = 'life-swindon-chronic-crisis';
let server: RunningServer;
let dataDir: string;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  browser = await launch();
  context = await browser.newContext();
});
afterAll(async () => {
  await browser?.close();
  await stopServer(server);
  removeDir(dataDir);
});

const saved = (page: Page) =>
  page
    .getByRole('status')
    .filter({ hasText: /^✓?\s*Saved$/ })
    .waitFor({ timeout: 10_000 });
const stages = (page: Page) => page.getByRole('navigation', { name: 'Stages' }).getByRole('button');

describe('nothing is lost', () => {
  it('a reload shows everything that was saved', async () => {
    const { page, problems } = await watchedPage(context);
    await page.goto(`${server.url}journeys/${DOC}?invite=${token(DOC, 'participant')}`);
    await saved(page);
    const before = await stages(page).count();
    await page.getByRole('button', { name: 'Add a stage', exact: true }).click();
    await page.getByLabel('In their own words').fill('We moved into the new flat and it was ours.');
    await saved(page);
    await page.reload();
    await saved(page);
    await page.getByRole('navigation', { name: 'Stages' }).waitFor();
    expect(await stages(page).count()).toBe(before + 1);
    await stages(page).last().click();
    expect(await page.getByLabel('In their own words').inputValue()).toBe(
      'We moved into the new flat and it was ours.',
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('while the network is down, changes are kept and said to be; when it returns they are saved', async () => {
    const network = await relay(server.url);
    const { page } = await watchedPage(context);
    const invite = token(DOC, 'participant');
    await page.goto(`${network.url}journeys/${DOC}?invite=${invite}`);
    await saved(page);
    network.cut();
    await page.getByRole('status').filter({ hasText: 'Offline' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Add a stage', exact: true }).click();
    await page.getByLabel('In their own words').fill('Written with no network at all.');
    await page.getByRole('button', { name: /Trying things/ }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/Offline: changes kept/);
    await page.waitForTimeout(1500);
    network.restore();
    await saved(page);

    const other = await (await browser.newContext()).newPage();
    await other.goto(`${server.url}journeys/${DOC}/list?invite=${invite}`);
    expect(await other.textContent('body')).toContain('Written with no network at all.');
    await other.close();
    await page.close();
    await network.close();
  });
});
