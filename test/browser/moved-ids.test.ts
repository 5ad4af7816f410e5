/**
 * MOVE4: a tablet with unsaved changes to a journey under its old id (a title slug) comes back
 * online after the server moved the journey to a random id. Its page is moved to the new
 * address and what it typed offline arrives in the new journey; its copy of the old one is gone.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { writeOldStore } from '../fixtures/old-store.ts';
import {
  removeDir,
  startServer,
  stopServer,
  storedId,
  tempDataDir,
  token,
  type RunningServer,
} from '../server/harness.ts';
import { launch, signedInContext, snap, tabletContext, watchedPage } from './browser.ts';
import { causedByTheCut, relay, type NetworkCut } from './network-cut.ts';

const OLD = 'life-swindon-chronic-crisis';
const FAMILY = 'The Marsh family';
const WORDS = 'Typed at the workshop with the network down, before the move.';

let server: RunningServer;
let dataDir: string;
let browser: Browser;
let network: NetworkCut;

const status = (page: Page) => page.getByRole('status').filter({ hasText: /Saved|Saving|Offline/ });
const saved = (page: Page) =>
  page
    .getByRole('status')
    .filter({ hasText: /^✓?\s*Saved$/ })
    .waitFor({ timeout: 20_000 });

/** The step the move is, as not run yet: the store as the version before this one served it. */
function asBeforeTheMove(): void {
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { timeout: 10_000 });
  db.prepare("DELETE FROM server_steps WHERE name = 'random-ids-v1'").run();
  db.close();
}

beforeAll(async () => {
  dataDir = tempDataDir();
  await writeOldStore(dataDir);
  // The previous version did not move ids: its store is served as it was until the restart.
  const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { timeout: 10_000 });
  db.prepare("INSERT INTO server_steps (name, done_at) VALUES ('random-ids-v1', ?)").run(new Date().toISOString());
  db.close();
  server = await startServer(dataDir);
  network = await relay(server.url);
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await network?.close();
  if (server) await stopServer(server);
  removeDir(dataDir);
});

describe('a tablet’s unsaved changes follow a journey to its new id', () => {
  it('edits made offline under the old id arrive in the moved journey when the tablet is back', async () => {
    const context: BrowserContext = await tabletContext(browser);
    const { page, problems } = await watchedPage(context);
    page.setDefaultTimeout(20_000);
    page.on('dialog', (dialog) => void dialog.accept().catch(() => undefined));
    await page.goto(`${network.url}journeys/${OLD}?invite=${token(server, OLD, 'participant')}`);
    await saved(page);

    network.cut();
    await expect.poll(() => status(page).textContent(), { timeout: 15_000 }).toMatch(/Offline/);
    await page.getByRole('button', { name: 'Add a stage', exact: true }).tap();
    const dialog = page.getByRole('dialog', { name: 'What should the others call you?' });
    await dialog.getByLabel('Your name').fill('Kerry');
    await dialog.getByRole('button', { name: 'Continue' }).tap();
    await page.getByLabel('Headline').fill('The night the power went');
    await page.getByLabel('In your own words').fill(WORDS);
    await expect.poll(() => status(page).textContent()).toMatch(/Offline: changes kept/);

    // This version starts on the same data: the journey moves to a random id.
    const port = new URL(server.url).port;
    await stopServer(server);
    asBeforeTheMove();
    server = await startServer(dataDir, { PORT: port });
    const moved = storedId(server, FAMILY);
    expect(moved).toMatch(/^j_[0-9a-z]{16}$/);

    network.restore();
    // The old room is gone: the page goes to the old address, which moves it to the new one.
    await page.waitForURL(`${network.url}journeys/${moved}`, { timeout: 30_000 }).catch(async (error: unknown) => {
      // What the tablet shows instead, so a failure says where it stopped (it failed once in CI, unexplained).
      await snap(page, 'moved-ids-stuck', { fullPage: false }).catch(() => undefined);
      const shown = await page.evaluate(() => document.body.innerText.slice(0, 300)).catch(() => 'no page');
      throw new Error(`the tablet stayed on ${page.url()}, showing: ${shown}`, { cause: error });
    });
    await saved(page);
    expect(page.url(), 'the fragment naming the old id is taken out of the address').toBe(
      `${network.url}journeys/${moved}`,
    );

    const facilitator = await signedInContext(browser, server);
    const list = await facilitator.newPage();
    await expect
      .poll(
        async () => {
          await list.goto(`${server.url}journeys/${moved}/list`);
          return (await list.textContent('main')) ?? '';
        },
        { timeout: 20_000 },
      )
      .toContain(WORDS);
    expect(await list.textContent('main')).toContain('The night the power went');

    const copies = await page.evaluate(async () =>
      (await indexedDB.databases()).map((db) => db.name).filter((name) => name?.startsWith('turning-points-doc-')),
    );
    expect(copies, 'the copy of the old journey is gone from the tablet').toEqual([`turning-points-doc-${moved}`]);
    // What failed to load while the network was cut (the room, a panel part tried again once back) is expected.
    expect(problems.filter((p) => !causedByTheCut(p) && !/status of 40[14]/.test(p))).toEqual([]);
    await context.close();
  });
});
