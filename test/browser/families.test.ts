/**
 * A facilitator working with a family, through the screens: starts a journey for a new family
 * with the home page's form, opens the family's page from the journey, records analysis and
 * share-words consent with the form's button, sees them in force and in the history, withdraws
 * share-words and sees that; a date in the future is refused with the error summary and the form
 * as typed. Screenshots of the family page at 1366×900, a tablet (820×1180) and 1920×1080; axe
 * (WCAG 2.2 AA) finds nothing on the families list or the family page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, recordConsent, signedInContext, snap, submitWith, watchedPage } from './browser.ts';
import { useServer } from '../server/harness.ts';
import { wcagViolations } from './axe.ts';

const running = useServer();
let browser: Browser;
let facilitator: BrowserContext;
let page: Page;
let problems: string[];
const PSEUDONYM = 'The Fernley family';

beforeAll(async () => {
  browser = await launch();
  facilitator = await signedInContext(browser, running.current, 'facilitator');
  ({ page, problems } = await watchedPage(facilitator));
  await page.setViewportSize({ width: 1366, height: 900 });
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
});

const card = (short: string) =>
  page.locator('.scope').filter({ has: page.getByRole('heading', { name: new RegExp(`^${short}:`) }) });

describe('a facilitator records a family’s consent', () => {
  it('starts a journey for a new family, records and withdraws consent on the family page', async () => {
    await page.goto(running.current.url);
    const start = page.locator('#new-journey');
    await start.getByLabel('Title', { exact: true }).fill('Our first year');
    await start
      .getByLabel('Family', { exact: true })
      .selectOption({ label: 'A new family (give them a pseudonym below)' });
    await start.getByLabel(/Pseudonym for a new family/).fill(PSEUDONYM);
    await start.getByLabel('How the family agreed').selectOption({ label: 'Said so in person (verbal)' });
    await start.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submitWith(start.getByRole('button', { name: 'Start the journey' }));
    expect(started.status).toBe(303);
    expect(started.landedUrl).toMatch(/\/journeys\/[^/]+$/);

    await submitWith(page.getByRole('link', { name: 'The family and their consent' }));
    await page.getByRole('heading', { level: 1, name: PSEUDONYM }).waitFor();
    await expect.poll(() => card('Mapping').textContent()).toMatch(/Given/);
    expect(await card('Analysis').textContent()).toMatch(/Not asked yet/);

    const analysis = await recordConsent(page, { scope: /^Analysis/, decision: 'Given', givenBy: 'Dawn, mother' });
    expect(analysis).toMatchObject({ status: 303, landedStatus: 200 });
    await page.getByRole('status').filter({ hasText: 'Consent recorded' }).waitFor();
    expect(await card('Analysis').textContent()).toMatch(/Given.*Dawn, mother.*Signed a consent form/s);

    const words = await recordConsent(page, {
      scope: /^Words/,
      decision: 'Given',
      givenBy: 'Kayleigh, for her own words',
    });
    expect(words.status).toBe(303);
    expect(await card('Words').textContent()).toMatch(/Given.*Kayleigh, for her own words/s);
    const history = page.locator('table.history tbody tr');
    expect(await history.count()).toBe(3);
    expect(await history.first().textContent()).toMatch(/Words.*Given.*Kayleigh/s);

    // A day in the future is refused: the summary says what to do, and the form is as typed.
    const future = `${new Date().getUTCFullYear() + 2}-01-15`;
    const refused = await recordConsent(page, {
      scope: /^Costs/,
      decision: 'Given',
      givenBy: 'Dawn, mother',
      decidedOn: future,
    });
    expect(refused).toMatchObject({ status: 400, landedStatus: 400 });
    const summary = page.getByRole('alert');
    expect(await summary.textContent()).toMatch(
      /There is a problem.*The day they decided: the day they decided cannot be after today/s,
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('error-summary');
    expect(await page.locator('#consent-decidedOn').inputValue()).toBe(future);
    expect(await page.locator('#consent-givenBy').inputValue()).toBe('Dawn, mother');
    await summary.getByRole('link').first().click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('consent-decidedOn');
    expect(await history.count()).toBe(3);

    await page.locator('#consent-decidedOn').fill(new Date().toISOString().slice(0, 10));
    const withdrawn = await recordConsent(page, {
      scope: /^Words/,
      decision: 'Withdrawn',
      givenBy: 'Kayleigh, for her own words',
    });
    expect(withdrawn.status).toBe(303);
    await page.getByRole('status').filter({ hasText: 'Withdrawal recorded' }).waitFor();
    expect(await card('Words').textContent()).toMatch(/Withdrawn/);
    expect(await history.count()).toBe(4);
    expect(await history.first().textContent()).toMatch(/Words.*Withdrawn/s);
    expect(await history.nth(1).textContent()).toMatch(/Words.*Given/s);

    expect(await wcagViolations(page)).toEqual([]);
    await snap(page, 'family-page-1366');
    await page.setViewportSize({ width: 820, height: 1180 });
    await snap(page, 'family-page-tablet');
    // Nothing wider than the tablet: no sideways scrolling to reach a field.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    expect(await wcagViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await snap(page, 'family-page-1920');

    await submitWith(page.getByRole('link', { name: 'Families', exact: true }).first());
    const row = page.getByRole('row').filter({ hasText: PSEUDONYM });
    expect(await row.textContent()).toMatch(/Our first year.*Mapping.*Analysis/s);
    expect(await row.textContent()).not.toMatch(/Words/);
    expect(await wcagViolations(page)).toEqual([]);
    await snap(page, 'families-list-1920');
    // The one refused form answered 400, as it should; nothing else went wrong on any page.
    expect(problems.filter((problem) => !/status of 400/.test(problem))).toEqual([]);
  }, 180_000);
});
