/**
 * Erasing a family through the screens (server/SPEC.md ERASE1, ERASE2), in real Chromium: the
 * facilitator starts a journey for a new family and invites the family's tablet (touch), which
 * types a stage in the family's own words. Staff find the family under Families, follow its erase
 * link, tick "The family asked for this" and press the button. The list says once that the family
 * was erased, and it is gone from it; the tablet is told at once (the editor's erased message) and
 * its copy on the device is gone; the journey's address then shows the erased page (410); the
 * family's pages are gone. The erase page is looked at on a desktop, a tablet and a large screen, and axe finds
 * no serious violation on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { useServer } from '../server/harness.ts';
import { deskAndTablet, launch, savedStatus, signIn, snap, submitWith, type WatchedPage } from './browser.ts';
import { seriousViolations } from './axe.ts';

const running = useServer();
let browser: Browser;
let desk: WatchedPage;
let tablet: WatchedPage;
let journeyUrl = '';
let journeyId = '';
let familyId = '';

const JOURNEY = { title: 'The Ashworths, first session', family: 'The Ashworths' };
const WORDS = 'The night the police came I hid in the bathroom with my little brother.';

/** The device copies of documents this browser keeps (the editor's IndexedDB databases). */
const deviceCopies = (page: Page) =>
  page.evaluate(async () =>
    (await indexedDB.databases()).map((db) => db.name).filter((name) => name?.startsWith('turning-points-doc-')),
  );

beforeAll(async () => {
  browser = await launch();
  ({ desk, tablet } = await deskAndTablet(browser));
});
afterAll(async () => {
  await browser?.close();
});

describe('staff erase a family while its tablet has the journey open', () => {
  it('the facilitator starts a journey and the family’s tablet types a stage through an invite', async () => {
    const { page } = desk;
    await signIn(page, running.current);
    const start = page.locator('#new-journey');
    await start.getByLabel('Title', { exact: true }).fill(JOURNEY.title);
    await start
      .getByLabel('Family', { exact: true })
      .selectOption({ label: 'A new family (give them a pseudonym below)' });
    await start.getByLabel(/Pseudonym for a new family/).fill(JOURNEY.family);
    await start.getByLabel('How the family agreed').selectOption({ label: 'Said so in person (verbal)' });
    await start.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submitWith(start.getByRole('button', { name: 'Start the journey' }));
    expect([started.status, started.landedStatus], 'starting the journey').toEqual([303, 200]);
    journeyUrl = started.landedUrl;
    journeyId = new URL(journeyUrl).pathname.split('/').at(-1)!;
    await page.getByRole('link', { name: 'Invite people to this journey' }).click();
    await page.getByLabel('They join as').selectOption('participant');
    const made = await submitWith(page.getByRole('button', { name: 'Make an invite link' }));
    expect([made.status, made.landedStatus], 'making the invite').toEqual([303, 200]);
    const invite = (await page.getByRole('link', { name: /\?invite=/ }).textContent())!.trim();

    const family = tablet.page;
    expect((await family.goto(invite))?.status(), 'opening the invite').toBe(200);
    await savedStatus(family).waitFor();
    await family.getByRole('button', { name: 'Add a stage', exact: true }).tap();
    const dialog = family.getByRole('dialog');
    await dialog.getByLabel('Your name').tap();
    await family.keyboard.type('Mia');
    await dialog.getByRole('button', { name: 'Continue' }).tap();
    const panel = family.getByRole('region', { name: /^Stage 1:/ });
    await panel.getByLabel('In your own words').tap();
    await family.keyboard.type(WORDS);
    await savedStatus(family).waitFor({ timeout: 5000 });
    expect(await deviceCopies(family)).toEqual([`turning-points-doc-${journeyId}`]);
    expect(tablet.problems).toEqual([]);
    expect(desk.problems).toEqual([]);
  });

  it('the erase page says what will go, on a desktop, a tablet and a large screen, with no serious axe violation', async () => {
    // Staff find the family in the list, open its page, and follow its erase link.
    const { page } = desk;
    await page.getByRole('banner').getByRole('link', { name: 'Families' }).click();
    await page.getByRole('heading', { level: 1, name: 'Families' }).waitFor();
    await page.getByRole('link', { name: JOURNEY.family, exact: true }).click();
    await page.getByRole('link', { name: 'Erase this family' }).click();
    familyId = new URL(page.url()).pathname.split('/')[2]!;
    expect(page.url()).toBe(new URL(`/families/${familyId}/erase`, running.current.url).href);
    await page.getByRole('heading', { level: 1, name: `Erase ${JOURNEY.family}` }).waitFor();
    const main = (await page.getByRole('main').textContent()) ?? '';
    expect(main).toContain(JOURNEY.title);
    expect(main).toContain('1 person has their journeys open now');
    for (const [name, viewport] of [
      ['desktop', { width: 1400, height: 900 }],
      ['tablet', { width: 820, height: 1180 }],
      ['1920x1080', { width: 1920, height: 1080 }],
    ] as const) {
      await page.setViewportSize(viewport);
      await snap(page, `erase-page-${name}`);
    }
    await page.setViewportSize({ width: 1400, height: 900 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('unticked, the button asks again; ticked, the family is erased and the tablet is told, its copy deleted', async () => {
    const { page } = desk;
    const refused = await submitWith(page.getByRole('button', { name: 'Erase this family' }));
    expect(refused.status).toBe(400);
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await page.getByRole('link', { name: 'Tick the box to say the family asked for this' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('asked');
    expect(await seriousViolations(page)).toEqual([]);
    await snap(page, 'erase-page-unticked');

    await page.getByLabel('The family asked for this').check();
    const erased = await submitWith(page.getByRole('button', { name: 'Erase this family' }));
    expect([erased.status, erased.landedStatus]).toEqual([303, 200]);
    expect(new URL(erased.landedUrl).pathname).toBe('/families');
    // The list says so once, naming no one, and the family is not in it.
    await page.getByRole('status').filter({ hasText: 'The family was erased' }).waitFor();
    expect(await page.getByRole('main').textContent()).not.toContain(JOURNEY.family);
    await snap(page, 'erase-families-after');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Families' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'The family was erased' }).count()).toBe(0);

    const family = tablet.page;
    await family.getByRole('alert').filter({ hasText: 'This map has been deleted.' }).waitFor({ timeout: 5000 });
    await expect.poll(() => deviceCopies(family), { timeout: 5000 }).toEqual([]);
    await snap(family, 'erase-tablet-told');
  });

  it('the journey’s address shows the erased page (410), and the family’s pages are gone', async () => {
    const family = tablet.page;
    // A copy this device might still hold (say it was offline when the editor was told): the page wipes it.
    await family.evaluate(
      (name) =>
        new Promise((resolve) => {
          const opening = indexedDB.open(name);
          opening.onsuccess = () => resolve(opening.result.close());
        }),
      `turning-points-doc-${journeyId}`,
    );
    expect(await deviceCopies(family)).toEqual([`turning-points-doc-${journeyId}`]);
    const reopened = await family.goto(journeyUrl);
    expect(reopened?.status()).toBe(410);
    await family.getByRole('heading', { level: 1, name: 'This journey was erased' }).waitFor();
    expect(await family.textContent('main')).not.toContain(JOURNEY.title);
    await expect.poll(() => deviceCopies(family), { timeout: 5000 }).toEqual([]);
    expect(await seriousViolations(family)).toEqual([]);
    await snap(family, 'erase-tablet-410');

    const { page } = desk;
    for (const path of [`/families/${familyId}/erase`, `/families/${familyId}/export`]) {
      expect((await page.goto(new URL(path, running.current.url).href))?.status(), path).toBe(404);
    }
    await page.getByRole('heading', { level: 1, name: 'There is no family here' }).waitFor();
    // No script error or refused script (CSP) on any page, the erased page's own included
    // (Chromium reports the 400 and 410 answers themselves on the console: this test asked for both).
    const expected = (problem: string) => /status of (400 \(Bad Request\)|410 \(Gone\))/.test(problem);
    expect(tablet.problems.filter((problem) => !expected(problem))).toEqual([]);
    expect(desk.problems.filter((problem) => !expected(problem))).toEqual([]);
  });
});
