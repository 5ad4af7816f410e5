/**
 * From a family's agreement to an evaluator's export, through the screens only: a facilitator
 * starts a journey for a new family with the home page's form (mapping consent only), drafts a
 * theory of change from it and two example families, and sees it named as left out; records the
 * family's consent to analysis on its page with the form's button; drafts again, and the journey is
 * in the cohort. An evaluator link made on the invite page's button opens the evaluator's page, and
 * its JSON export counts the three families under keys of that link's own.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../server/harness.ts';
import { launch, recordConsent, signedInContext, submitWith, watchedPage } from './browser.ts';

const running = useServer();
let browser: Browser;
let page: Page;
let problems: string[];

const TITLE = 'The Achebe family, autumn workshop';
const PSEUDONYM = 'The Achebe family';
/** Two example families whose files state consent to analysis (loaded so on a new store). */
const EXAMPLES = [
  'Shutting the door, then opening it: two years with LIFE in Swindon',
  'The Holt family: from nobody to ring to a door left open',
];

beforeAll(async () => {
  browser = await launch();
  ({ page, problems } = await watchedPage(await signedInContext(browser, running.current, 'facilitator')));
  await page.setViewportSize({ width: 1366, height: 900 });
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
});

/** Draft from the new journey and the two examples with the home page's form; the toc's address. */
async function draftFromThree(title: string): Promise<string> {
  await page.goto(running.current.url);
  const form = page
    .locator('form')
    .filter({ has: page.getByRole('button', { name: 'Draft the theory of change', exact: true }) });
  await form.getByLabel('Title', { exact: true }).fill(title);
  for (const box of await form.getByRole('checkbox').all()) await box.uncheck();
  for (const name of [TITLE, ...EXAMPLES]) await form.getByRole('checkbox', { name: new RegExp(escape(name)) }).check();
  const drafted = await submitWith(form.getByRole('button', { name: 'Draft the theory of change' }));
  expect(drafted.status).toBe(303);
  return drafted.landedUrl;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a journey started through the screens, once the family agrees to analysis', () => {
  it('is left out of a draft until analysis consent is recorded on the family page, then counts for the evaluator', async () => {
    await page.goto(running.current.url);
    const start = page.locator('#new-journey');
    await start.getByLabel('Title', { exact: true }).fill(TITLE);
    await start
      .getByLabel('Family', { exact: true })
      .selectOption({ label: 'A new family (give them a pseudonym below)' });
    await start.getByLabel(/Pseudonym for a new family/).fill(PSEUDONYM);
    await start.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submitWith(start.getByRole('button', { name: 'Start the journey' }));
    expect(started.status).toBe(303);
    const journeyUrl = started.landedUrl;

    // Mapping only: the draft names it as left out, and why.
    await draftFromThree('Before the family agreed to analysis');
    const leftOut = page.getByRole('region', { name: /left out/ });
    await expect.poll(() => leftOut.textContent()).toMatch(new RegExp(`${escape(TITLE)}.*no consent to analysis`, 's'));

    // The family agrees: recorded on its page, reached from the journey.
    await page.goto(journeyUrl);
    await submitWith(page.getByRole('link', { name: 'The family and their consent' }));
    expect(
      (await recordConsent(page, { scope: /^Analysis/, decision: 'Given', givenBy: 'Ngozi, mother' })).status,
    ).toBe(303);
    await page.getByRole('status').filter({ hasText: 'Consent recorded' }).waitFor();

    // Drafted again, it is in: nothing is left out.
    const tocUrl = await draftFromThree('After the family agreed to analysis');
    expect(await page.getByRole('region', { name: /left out/ }).count()).toBe(0);
    const tocId = /\/toc\/([\w-]+)$/.exec(tocUrl)?.[1] ?? '';

    // The evaluator's link, made with the invite page's button, opens the pseudonymised page.
    await page.goto(`${running.current.url}toc/${tocId}/invite`);
    await page.getByLabel('They join as').selectOption({ value: 'evaluator' });
    expect((await submitWith(page.getByRole('button', { name: 'Make the invite' }))).status).toBe(303);
    const link = ((await page.locator('#evaluator-page-link').textContent()) ?? '').trim();
    const evaluator = await browser.newContext({ acceptDownloads: true });
    try {
      const { page: theirs } = await watchedPage(evaluator);
      theirs.setDefaultTimeout(15_000);
      await theirs.goto(link);
      await theirs.getByRole('heading', { level: 1, name: 'After the family agreed to analysis' }).waitFor();
      const [download] = await Promise.all([
        theirs.waitForEvent('download'),
        theirs.getByRole('link', { name: 'JSON', exact: true }).click(),
      ]);
      const json = JSON.parse(readFileSync(await download.path(), 'utf8')) as { journeyIds: string[] };
      // Three families count, the new one among them, under this link's keys (never stored ids).
      expect(json.journeyIds).toHaveLength(3);
      const journeyId = /\/journeys\/([\w-]+)$/.exec(journeyUrl)?.[1] ?? '';
      expect(JSON.stringify(json)).not.toContain(journeyId);
    } finally {
      await evaluator.close();
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
