/**
 * Research across families, through the screens (issue 18, server/SPEC.md PROFILE1, TYPE1,
 * COHORT1): a researcher opens the synthetic demonstration cohort from the Cohorts link, finds
 * family types with the form's button and gives one a label; records a family's issue profile
 * by ticking the checklist and sees Phase Two eligibility with the problems that meet it; defines
 * the project's indicators and records the family's assessments at referral and closure; makes a
 * cohort of that family with the form and sees its profile and assessments in the cohort view. The cohort
 * view shows every chart with its table with JavaScript off. Screenshots at 1366×900, a tablet
 * (820×1180, touch) and a 1920×1080 shared screen; axe finds nothing on the cohort view.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import { useServer } from '../server/harness.ts';
import { launch, signedInContext, snap, submitWith, watchedPage } from './browser.ts';
import { wcagViolations } from './axe.ts';

const running = useServer();
let browser: Browser;
let researcher: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launch();
  researcher = await signedInContext(browser, running.current, 'facilitator');
  ({ page, problems } = await watchedPage(researcher));
  await page.setViewportSize({ width: 1366, height: 900 });
  page.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
});

const issueLabel = (id: string) => PHASE_TWO_ISSUE_SET.issues.find((issue) => issue.id === id)?.label ?? id;
const LABEL = 'Isolated families needing specialist help';

describe('research across families', () => {
  it('finds family types in the synthetic cohort and labels one', async () => {
    await page.goto(running.current.url);
    await submitWith(page.getByRole('link', { name: 'Cohorts', exact: true }));
    await submitWith(page.getByRole('link', { name: 'Synthetic demonstration families (illustrative)' }));
    await page.getByRole('heading', { level: 1, name: 'Synthetic demonstration families (illustrative)' }).waitFor();
    expect(await page.locator('main').textContent()).toMatch(/invented for illustration/);

    const found = await submitWith(page.getByRole('button', { name: 'Find family types' }));
    expect(found).toMatchObject({ status: 303, landedStatus: 200 });
    await page.getByRole('status').filter({ hasText: 'Family types found.' }).waitFor();
    const said = (await page.locator('#types').textContent()) ?? '';
    const [, types, families] = /(\d) types among (\d+) families/.exec(said) ?? [];
    expect(Number(families)).toBe(300);
    // Leicestershire's four, found again in the synthetic families' answers (15% of them flipped at random).
    expect(Number(types)).toBe(4);
    // One row per type, each with its label field, and the charts of sizes and issues.
    await expect.poll(() => page.locator('#types input[id^="label-"]').count()).toBe(Number(types));
    expect(await page.locator('#types svg.tp-chart').count()).toBe(2);

    await page.getByLabel('Label of type 1').fill(LABEL);
    const labelled = await submitWith(
      page
        .locator('#types form')
        .filter({ has: page.getByLabel('Label of type 1') })
        .getByRole('button', { name: 'Save label' }),
    );
    expect(labelled.status).toBe(303);
    await page.getByRole('status').filter({ hasText: 'Label saved.' }).waitFor();
    expect(await page.getByLabel('Label of type 1').inputValue()).toBe(LABEL);
    // The label is in the charts too, as text.
    expect(await page.locator('#types svg.tp-chart').first().textContent()).toContain('Isolated families');
    // Found again with another seed, the type that keeps most of the same families keeps its label.
    await page.getByLabel('Seed').fill('2');
    expect((await submitWith(page.getByRole('button', { name: 'Find family types again' }))).status).toBe(303);
    const labels = await page
      .locator('#types input[id^="label-"]')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(labels).toContain(LABEL);
    expect(problems).toEqual([]);
  });

  it('records a family’s issue profile and assessments and sees them in a cohort of it', async () => {
    await page.goto(running.current.url);
    await submitWith(page.getByRole('link', { name: 'Families', exact: true }));
    const family = page.locator('main a[href^="/families/"]').first();
    const pseudonym = ((await family.textContent()) ?? '').trim();
    await submitWith(family);
    const familyPage = new URL(page.url()).pathname;
    await submitWith(page.getByRole('link', { name: 'Issue profile and Phase Two eligibility' }));
    await page.getByRole('heading', { level: 1, name: `Issue profile: ${pseudonym}` }).waitFor();

    await page.getByLabel('Date').fill('2016-03-14');
    await page.getByLabel(issueLabel('poor-attendance'), { exact: true }).check();
    await page.getByLabel(issueLabel('domestic-abuse'), { exact: true }).check();
    const saved = await submitWith(page.getByRole('button', { name: 'Save this profile' }));
    expect(saved).toMatchObject({ status: 303, landedStatus: 200 });
    await page.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    const table = page.locator('table.profile-table');
    expect(await table.locator('thead').textContent()).toMatch(/At referral\s*14 Mar 2016/);
    expect(await table.locator('tfoot').textContent()).toMatch(/Eligible/);

    // A date that is not a date is refused, named, with the ticks kept.
    await page.getByLabel('Date').fill('');
    await page.getByLabel(issueLabel('offending'), { exact: true }).check();
    const refused = await submitWith(page.getByRole('button', { name: 'Save this profile' }));
    expect(refused.status).toBe(400);
    expect(await page.locator('.error-summary, [role="alert"]').first().textContent()).toMatch(/Date/);
    expect(await page.getByLabel(issueLabel('offending'), { exact: true }).isChecked()).toBe(true);

    // The project defines its indicators, then the family's assessments at referral and closure.
    await page.goto(new URL('/cohorts', running.current.url).href);
    await submitWith(page.getByRole('link', { name: /Your project’s indicators/ }));
    await page.getByLabel('Name of the set').fill('Our indicators');
    await page.locator('#indicator-1-label').fill('Feeling safe at home');
    await page.locator('#indicator-1-kind').selectOption({ label: 'Levels' });
    await page.locator('#indicator-1-levels').fill('Not at all / A little / Mostly / Fully');
    await page.locator('#indicator-1-better').selectOption({ label: 'Higher is better' });
    await page.locator('#indicator-2-label').fill('Police call-outs');
    await page.locator('#indicator-2-kind').selectOption({ label: 'A number' });
    await page.locator('#indicator-2-unit').fill('call-outs');
    await page.locator('#indicator-2-better').selectOption({ label: 'Lower is better' });
    expect((await submitWith(page.getByRole('button', { name: 'Save the indicators' }))).status).toBe(303);
    await page.goto(new URL(familyPage, running.current.url).href);
    await submitWith(page.getByRole('link', { name: 'Outcomes: assessments over time' }));
    for (const [point, date, level, callOuts] of [
      ['At referral', '2016-03-14', '1: Not at all', '5'],
      ['At closure', '2017-03-01', '3: Mostly', '1'],
    ] as const) {
      await page.getByLabel(point, { exact: true }).check();
      await page.getByLabel('Date').fill(date);
      await page.getByLabel('Feeling safe at home').selectOption({ label: level });
      await page.getByLabel('Police call-outs').fill(callOuts);
      const recorded = await submitWith(page.getByRole('button', { name: 'Save this assessment' }));
      expect(recorded).toMatchObject({ status: 303, landedStatus: 200 });
    }

    // A cohort of this family counts it as eligible, and its assessments in the figures.
    await page.goto(new URL('/cohorts', running.current.url).href);
    await page.getByLabel('Name').fill('Our first families');
    await page.getByLabel(pseudonym, { exact: false }).first().check();
    const made = await submitWith(page.getByRole('button', { name: 'Make the cohort' }));
    expect(made).toMatchObject({ status: 303, landedStatus: 200 });
    await page.getByRole('heading', { level: 1, name: 'Our first families' }).waitFor();
    const eligible = page.locator('#eligibility tr').filter({ hasText: /^\s*Eligible/ });
    expect(await eligible.locator('td').textContent()).toBe('1');
    const fromAssessments = page.locator('#figures table').filter({ hasText: 'From assessments on “Our indicators”' });
    const moved = fromAssessments.locator('tr').filter({ hasText: 'Feeling safe at home: moved at least one level' });
    expect(await moved.locator('td').last().textContent()).toBe('1');
    // The indicator in levels is charted at referral and closure, with its table.
    const safe = page.locator('#figures figure.tp-chart-figure').filter({ hasText: 'Feeling safe at home' });
    expect(await safe.locator('svg.tp-chart').count()).toBe(1);
    expect(await safe.locator('table').textContent()).toMatch(/At referral.*At closure/s);
    // LIFE's "average reduction in police call outs": 5 to 1 is 80% fewer.
    expect(
      await fromAssessments.locator('tr').filter({ hasText: 'Police call-outs: average change' }).textContent(),
    ).toMatch(/80%/);
    await snap(page, 'research-cohort-desktop');
  });

  it('shows the cohort view’s charts and tables with no JavaScript, on a tablet and a shared screen', async () => {
    const cohorts = await researcher.newPage();
    await cohorts.goto(new URL('/cohorts', running.current.url).href);
    const href = await cohorts
      .getByRole('link', { name: 'Synthetic demonstration families (illustrative)' })
      .getAttribute('href');
    await cohorts.close();
    const state = await researcher.storageState();
    const still = await browser.newContext({
      javaScriptEnabled: false,
      storageState: state,
      viewport: { width: 1920, height: 1080 },
    });
    const shared = await still.newPage();
    await shared.goto(new URL(href ?? '/cohorts', running.current.url).href);
    const charts = shared.locator('figure.tp-chart-figure');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    for (const figure of await charts.all()) {
      expect(await figure.locator('svg.tp-chart').isVisible()).toBe(true);
      expect(await figure.locator('table tbody tr').count()).toBeGreaterThan(0);
    }
    await snap(shared, 'research-cohort-shared-screen');
    await still.close();

    const tablet = await browser.newContext({
      storageState: state,
      hasTouch: true,
      isMobile: true,
      viewport: { width: 820, height: 1180 },
    });
    const onTablet = await tablet.newPage();
    await onTablet.goto(new URL(href ?? '/cohorts', running.current.url).href);
    expect(await onTablet.locator('svg.tp-chart').count()).toBeGreaterThanOrEqual(3);
    // Nothing makes the page wider than the tablet: a wide table scrolls in its own box.
    expect(await onTablet.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    await snap(onTablet, 'research-cohort-tablet');
    // axe runs in the page: on the tablet, where scripts run.
    expect(await wcagViolations(onTablet)).toEqual([]);
    await tablet.close();
  });
});
