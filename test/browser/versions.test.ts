/**
 * Versions through the screens (issue 17): a facilitator keeps a version by name from the link
 * under the map, changes a stage's headline on the map, ends the session from "Run the
 * workshop" (the server keeps a version), compares the named version with the journey now, and
 * restores it over the journey; the map then shows the headline as it was. A stage deleted for
 * good at the family's request, from the settings page, is gone from the map and the versions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useServer } from '../server/harness.ts';
import {
  launch,
  partsLoaded,
  savedStatus,
  signIn,
  snap,
  submitWith,
  watchedPage,
  type WatchedPage,
} from './browser.ts';

const running = useServer();
let browser: Browser;
let desk: WatchedPage;
let journeyUrl = '';
let oldHeadline = '';

const JOURNEY = 'One mum, four children and five months of intensive family support';
const NEW_HEADLINE = 'Renamed after the first session';
/** The journey's first stage, as its example file names it: deleted for good in the last step. */
const FIRST_STAGE = 'Living with their dad';

beforeAll(async () => {
  browser = await launch();
  desk = await watchedPage(await browser.newContext({ viewport: { width: 1400, height: 900 } }));
  desk.page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
});

describe('versions of a journey, through the screens', () => {
  it('a facilitator keeps the journey as it is now, by name', async () => {
    const { page } = desk;
    await signIn(page, running.current);
    await page.getByRole('link', { name: JOURNEY, exact: true }).click();
    journeyUrl = page.url();
    await savedStatus(page).waitFor();
    await page.getByRole('link', { name: 'Versions', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Versions: ${JOURNEY}` }).waitFor();
    await page.getByText(/None yet/).waitFor();
    // A name is needed: the empty form is refused, saying so.
    const refused = await submitWith(page.getByRole('button', { name: 'Keep this version' }));
    expect(refused.status).toBe(400);
    await page.getByRole('link', { name: /Name: give the version a name/ }).waitFor();
    await page.getByLabel('Name').fill('after session 1');
    const kept = await submitWith(page.getByRole('button', { name: 'Keep this version' }));
    expect([kept.status, kept.landedStatus]).toEqual([303, 200]);
    await page.getByRole('status').filter({ hasText: 'Kept “after session 1”' }).waitFor();
    await snap(page, 'versions-01-kept');
  });

  it('a headline changed on the map; "End session" keeps another version', async () => {
    const { page } = desk;
    await page.goto(journeyUrl);
    await savedStatus(page).waitFor();
    await page.getByRole('toolbar', { name: 'Journey tools' }).getByLabel('Your name').fill('Jo (worker)');
    await page.getByRole('group', { name: /^Stage 2 of \d+:/ }).click();
    const panel = page.getByRole('region', { name: /^Stage 2:/ });
    await partsLoaded(panel);
    const headline = panel.getByLabel('Headline');
    oldHeadline = await headline.inputValue();
    await headline.fill(NEW_HEADLINE);
    await expect.poll(() => savedStatus(page).count()).toBe(1);
    await page.getByRole('button', { name: 'Run the workshop' }).click();
    await page.getByRole('region', { name: 'Run the workshop' }).getByRole('button', { name: 'End session' }).click();
    await page.getByRole('link', { name: 'Versions', exact: true }).click();
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('cell', { name: 'Kept when a session ended' }).count();
      })
      .toBe(1);
  });

  it('comparing the named version with the journey now names the changed stage; restoring it puts the headline back', async () => {
    const { page } = desk;
    const from = page.getByLabel('From');
    await from.selectOption((await from.locator('option', { hasText: 'after session 1' }).getAttribute('value'))!);
    await page.getByLabel('To').selectOption('now');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('heading', { level: 1, name: 'What changed' }).waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: NEW_HEADLINE }).textContent()).toContain('headline');
    await snap(page, 'versions-02-compare');

    await page.getByRole('link', { name: 'All versions' }).click();
    await page.getByRole('link', { name: 'after session 1', exact: true }).click();
    await page.getByText('A version, read-only').waitFor();
    expect(await page.getByRole('heading', { level: 2, name: oldHeadline }).count()).toBe(1);
    await snap(page, 'versions-03-version');
    const restored = await submitWith(page.getByRole('button', { name: 'Restore it over the journey' }));
    expect(restored.status).toBe(303);
    await savedStatus(page).waitFor();
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: oldHeadline }).count())
      .toBe(1);
    expect(await page.getByRole('navigation', { name: 'Stages' }).getByText(NEW_HEADLINE).count()).toBe(0);
  });

  it('a stage deleted for good at the family’s request, from the settings page: refused until ticked, then gone from the map and the versions', async () => {
    const { page } = desk;
    await page.goto(`${journeyUrl}/settings`);
    const form = page.locator('#erase-stage');
    await form.getByLabel('The stage to delete for good').selectOption({ label: `Stage 1: ${FIRST_STAGE}` });
    // Not ticked: refused, saying why, and nothing is deleted.
    const unticked = await submitWith(form.getByRole('button', { name: 'Delete the stage for good' }));
    expect(unticked.status).toBe(400);
    await page.getByRole('link', { name: /tick the box to say the family asked for this/ }).waitFor();
    await snap(page, 'versions-04-delete-refused');
    await form.getByLabel(/The family asked for it/).check();
    const deleted = await submitWith(form.getByRole('button', { name: 'Delete the stage for good' }));
    expect([deleted.status, deleted.landedStatus]).toEqual([303, 200]);
    await page.getByRole('status').filter({ hasText: 'deleted for good' }).waitFor();
    await page.getByRole('link', { name: 'Open the map' }).click();
    await savedStatus(page).waitFor();
    expect(await page.getByRole('navigation', { name: 'Stages' }).getByText(FIRST_STAGE).count()).toBe(0);
    await page.getByRole('link', { name: 'Versions', exact: true }).click();
    await page.getByRole('link', { name: 'after session 1', exact: true }).click();
    await page.getByText('A version, read-only').waitFor();
    expect(await page.getByText(FIRST_STAGE).count()).toBe(0);
    // The two 400s are the forms refused on purpose: the empty name, and the box not ticked.
    expect(desk.problems.filter((problem) => !problem.includes('status of 400'))).toEqual([]);
  });
});
