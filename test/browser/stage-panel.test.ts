/**
 * A stage's panel, as a facilitator uses it with a family: it lists everything the stage has
 * (what helped and got in the way, When, links both ways, costs) in the order of the
 * conversation; each thing can be changed or removed where it is listed; a link is never
 * offered twice; When takes a month and the costs timeline follows it; words in Arabic and
 * Hebrew read right to left. All through the screens, in real Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { exampleId, useServer } from '../server/harness.ts';
import { seriousViolations } from './axe.ts';
import {
  launch,
  partsLoaded,
  savedStatus,
  signIn,
  signedInContext,
  snap,
  tabletContext,
  watchedPage,
} from './browser.ts';

const running = useServer();
let browser: Browser;
let desk: BrowserContext;
let page: Page;
let problems: string[];
let journeyUrl = '';

/** Stages of the Holt family's example journey, as their headlines read. */
const HOUSE = 'A house in a new town';
const NIGHTS = 'Nights at A&E';
const SCHOOL = 'Stopped going to school';
const MONEY = 'Money stopped';
const FALLING = 'Falling apart again';
const FIRST = 'Low after Kai was born';

const ARABIC = 'جارتنا كانت تأخذ الأطفال إلى المدرسة';
const HEBREW = 'לא היה אוטובוס אחרי ארבע';

beforeAll(async () => {
  browser = await launch();
  desk = await signedInContext(browser, running.current);
  ({ page, problems } = await watchedPage(desk));
  page.setDefaultTimeout(10_000);
  journeyUrl = `${running.current.url}journeys/${exampleId(running.current, 'slf-isolated-family')}`;
});
afterAll(async () => {
  await browser?.close();
});

/** Open the map afresh and choose a stage from the list beside it, as a person does. */
async function openStage(on: Page, title: string): Promise<Locator> {
  await on.goto(journeyUrl);
  await savedStatus(on).waitFor();
  const name = on.getByRole('toolbar', { name: 'Journey tools' }).getByLabel('Your name');
  if (!(await name.inputValue())) await name.fill('Jo (worker)');
  await on.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: title, exact: true }).click();
  const panel = on.getByRole('region', { name: new RegExp(`^Stage \\d+: ${escape(title)}$`) });
  await panel.waitFor();
  await partsLoaded(panel);
  return panel;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The options a select offers, as their labels read. */
const optionsOf = (select: Locator) =>
  select.locator('option').evaluateAll((options) => options.map((o) => o.textContent?.trim() ?? ''));

describe('a stage’s panel', () => {
  it('lists what the stage has, in the order of the conversation', async () => {
    const panel = await openStage(page, HOUSE);
    expect(await panel.getByRole('heading').allTextContents()).toEqual([
      'Stage 3',
      'What helped',
      'What got in the way',
      'When',
      'Led to',
      'Came from',
      'Events that cost public services',
    ]);
    // The words come before the level, the level before the feeling, the feeling before what helped.
    const order = await panel.evaluate((section) => {
      const marks = ['In their own words', 'Where were they', 'How did it feel?', 'What helped', 'Services involved'];
      const text = section.textContent ?? '';
      return marks.map((mark) => text.indexOf(mark));
    });
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);

    const barriers = panel.getByRole('region', { name: 'What got in the way' });
    // Listed in the order of their (random) ids.
    const barrierWords = await barriers
      .getByRole('textbox')
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    expect(barrierWords.sort()).toEqual([
      'My mum two buses and a train away.',
      'Not knowing a single person in the town.',
    ]);
    const ledTo = panel.getByRole('region', { name: 'Led to' });
    expect(
      (
        await ledTo
          .getByRole('combobox')
          .evaluateAll((boxes) => boxes.map((b) => (b as HTMLSelectElement).selectedOptions[0]?.textContent))
      ).sort(),
    ).toEqual([NIGHTS, SCHOOL]);
    expect(await panel.getByRole('region', { name: 'Came from' }).textContent()).toContain('No stage yet.');
    expect(await panel.getByRole('region', { name: 'When' }).textContent()).toContain('Set to: August 2012');
    await snap(page, 'panel-01-desktop-words', { fullPage: false });
    await panel.getByRole('region', { name: 'When' }).scrollIntoViewIfNeeded();
    await snap(page, 'panel-01-desktop-helped-and-when', { fullPage: false });
    expect(await seriousViolations(page), 'the stage panel').toEqual([]);
    expect(problems).toEqual([]);
  });

  it('edits an enabler where it is listed, then removes it; removes a barrier', async () => {
    const panel = await openStage(page, FALLING);
    const helped = panel.getByRole('region', { name: 'What helped' });
    const box = helped.getByRole('textbox', { name: 'It helped' });
    expect(await box.inputValue()).toBe('Ringing the crisis team myself this time.');
    await box.fill('Ringing the crisis team myself, at night.');
    await box.blur();
    const card = page.locator('.stage-card', { hasText: FALLING });
    await expect
      .poll(() => card.textContent(), { timeout: 2000 })
      .toContain('Helped: Ringing the crisis team myself, at night.');

    await helped.getByRole('button', { name: 'Remove “Ringing the crisis team myself, at night.”' }).click();
    await expect.poll(() => helped.textContent(), { timeout: 2000 }).toContain('Nothing yet.');
    await panel
      .getByRole('region', { name: 'What got in the way' })
      .getByRole('button', { name: 'Remove “Hearing the worker was going to step back.”' })
      .click();
    await expect
      .poll(() => panel.getByRole('region', { name: 'What got in the way' }).textContent(), { timeout: 2000 })
      .toContain('Nothing yet.');
    await expect.poll(() => card.textContent(), { timeout: 2000 }).not.toMatch(/Helped|Got in the way/);
    await savedStatus(page).waitFor();

    // Stored: a fresh page shows the stage with neither.
    const again = await openStage(page, FALLING);
    expect(await again.getByRole('region', { name: 'What helped' }).textContent()).toContain('Nothing yet.');
    expect(await again.getByRole('region', { name: 'What got in the way' }).textContent()).toContain('Nothing yet.');
    expect(problems).toEqual([]);
  });

  it('removes a link, changes where another leads, and never offers a stage already linked', async () => {
    const panel = await openStage(page, HOUSE);
    const add = panel.getByLabel('This led to…');
    const offered = await optionsOf(add);
    expect(offered).not.toContain(NIGHTS);
    expect(offered).not.toContain(SCHOOL);
    expect(offered).not.toContain(HOUSE);
    expect(offered).toContain(MONEY);

    const ledTo = panel.getByRole('region', { name: 'Led to' });
    await ledTo.getByRole('button', { name: `Remove the link to “${NIGHTS}”` }).click();
    const edge = (to: string) => page.getByRole('group', { name: `Led to: from ${HOUSE} to ${to}` });
    await edge(NIGHTS).waitFor({ state: 'detached', timeout: 2000 });
    await expect.poll(() => optionsOf(add), { timeout: 2000 }).toContain(NIGHTS);

    // "It led to Money stopped, not to school": the link's other end changed where it is listed.
    const toSchool = ledTo.getByRole('listitem').filter({
      has: page.getByRole('button', { name: `Remove the link to “${SCHOOL}”` }),
    });
    await toSchool.getByRole('combobox', { name: 'Led to' }).selectOption({ label: MONEY });
    await edge(MONEY).waitFor({ state: 'attached', timeout: 2000 });
    await edge(SCHOOL).waitFor({ state: 'detached', timeout: 2000 });
    await expect.poll(() => optionsOf(add), { timeout: 2000 }).not.toContain(MONEY);
    expect(await optionsOf(add)).toContain(SCHOOL);

    // Linked again from the list: it is then no longer offered.
    await add.selectOption({ label: NIGHTS });
    await edge(NIGHTS).waitFor({ state: 'attached', timeout: 2000 });
    await expect.poll(() => optionsOf(add), { timeout: 2000 }).not.toContain(NIGHTS);
    expect(await ledTo.getByRole('button', { name: /^Remove the link to/ }).count()).toBe(2);
    await savedStatus(page).waitFor();
    await ledTo.scrollIntoViewIfNeeded();
    await snap(page, 'panel-02-desktop-links', { fullPage: false });
    expect(problems).toEqual([]);
  });

  it('sets When to a month, after saying what to put right, and the costs timeline follows it', async () => {
    const panel = await openStage(page, FIRST);
    const when = panel.getByRole('region', { name: 'When' });
    expect(await when.textContent()).toContain('Set to: 2008');

    // A cost with no date of its own at this stage, added with the panel's cost form.
    const costs = panel.getByRole('region', { name: 'Events that cost public services' });
    await costs.getByLabel('What happened').selectOption({ label: 'Ambulance call-out' });
    await costs.getByLabel(/^How many/).fill('3');
    await costs.getByRole('button', { name: 'Add the event' }).click();
    await costs.getByRole('button', { name: /^Remove “Ambulance call-out/ }).waitFor({ timeout: 2000 });

    await when.getByLabel('How they remember it').selectOption({ label: 'A month' });
    await when.getByLabel('Year').fill('11');
    await when.getByRole('button', { name: 'Set when' }).click();
    expect(await when.getByText('Choose the month.').isVisible()).toBe(true);
    expect(await when.getByText('Enter the year as four digits, like 2014.').isVisible()).toBe(true);
    expect(await when.getByLabel('Month').evaluate((box) => box === document.activeElement)).toBe(true);
    expect(await when.getByLabel('Month').getAttribute('aria-invalid')).toBe('true');
    expect(await when.textContent()).toContain('Set to: 2008');
    await when.scrollIntoViewIfNeeded();
    await snap(page, 'panel-03-desktop-when-refused', { fullPage: false });
    expect(await seriousViolations(page), 'the When form, refused').toEqual([]);

    await when.getByLabel('Month').selectOption({ label: 'May' });
    await when.getByLabel('Year').fill('2011');
    await when.getByRole('button', { name: 'Set when' }).click();
    await expect.poll(() => when.getByRole('status').textContent(), { timeout: 2000 }).toBe('Set to: May 2011');
    expect(await when.getByRole('alert').count()).toBe(0);
    await savedStatus(page).waitFor();
    await snap(page, 'panel-04-desktop-when-set', { fullPage: false });

    // Kept: a fresh page shows it; the list view says it; the costs timeline has the year.
    const again = await openStage(page, FIRST);
    expect(await again.getByRole('region', { name: 'When' }).getByRole('status').textContent()).toBe(
      'Set to: May 2011',
    );
    await page.goto(`${journeyUrl}/list`);
    expect(await page.locator('li.stage', { hasText: FIRST }).textContent()).toContain('May 2011');
    await page.goto(`${journeyUrl}/costs`);
    const timeline = page.locator('table').filter({ has: page.getByRole('rowheader', { name: /^20\d\d/ }) });
    expect(await timeline.getByRole('rowheader').allTextContents()).toContain('2011');
    await timeline.scrollIntoViewIfNeeded();
    await snap(page, 'panel-05-costs-timeline', { fullPage: false });
    expect(problems).toEqual([]);
  });

  it('the list view says what each stage led to and came from', async () => {
    await page.goto(`${journeyUrl}/list`);
    const house = page.locator('li.stage', { hasText: HOUSE }).first();
    expect((await house.textContent())?.replace(/\s+/g, ' ')).toMatch(new RegExp(`Led to.*${escape(NIGHTS)}`));
    const nights = page.locator('li.stage').filter({ has: page.getByRole('heading', { level: 2, name: NIGHTS }) });
    expect((await nights.textContent())?.replace(/\s+/g, ' ')).toMatch(/Came from.*A house in a new town/);
    expect(await seriousViolations(page), 'the list view').toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows Arabic and Hebrew words right to left, in the panel and the list view', async () => {
    const panel = await openStage(page, MONEY);
    const add = panel.getByLabel('Something that helped, or got in the way');
    await add.fill(ARABIC);
    expect(await add.evaluate((box) => box.matches(':dir(rtl)'))).toBe(true);
    await panel.getByRole('button', { name: 'It helped', exact: true }).click();
    await add.fill(HEBREW);
    await panel.getByRole('button', { name: 'It got in the way', exact: true }).click();
    const arabic = panel.getByRole('region', { name: 'What helped' }).getByRole('textbox', { name: 'It helped' });
    await expect.poll(() => arabic.inputValue(), { timeout: 2000 }).toBe(ARABIC);
    expect(await arabic.getAttribute('dir')).toBe('auto');
    expect(await arabic.evaluate((box) => box.matches(':dir(rtl)'))).toBe(true);
    await panel.getByRole('button', { name: `Remove “${HEBREW}”` }).waitFor();
    await savedStatus(page).waitFor();
    await arabic.scrollIntoViewIfNeeded();
    await snap(page, 'panel-06-desktop-right-to-left', { fullPage: false });

    await page.goto(`${journeyUrl}/list`);
    const stage = page.locator('li.stage', { hasText: MONEY });
    const direction = (text: string) =>
      stage.getByText(text, { exact: true }).evaluate((el) => [el.getAttribute('dir'), el.matches(':dir(rtl)')]);
    expect(await direction(ARABIC)).toEqual(['auto', true]);
    expect(await direction(HEBREW)).toEqual(['auto', true]);
    expect(await direction('The doorstep loan that just kept growing.')).toEqual(['auto', false]);
    await stage.getByRole('heading', { name: 'What helped' }).scrollIntoViewIfNeeded();
    await snap(page, 'panel-07-list-right-to-left', { fullPage: false });
    expect(problems).toEqual([]);
  });

  it('reads and works on a tablet', async () => {
    const context = await tabletContext(browser);
    try {
      const tablet = await watchedPage(context);
      tablet.page.setDefaultTimeout(10_000);
      await signIn(tablet.page, running.current);
      const panel = await openStage(tablet.page, HOUSE);
      const remove = panel
        .getByRole('region', { name: 'What got in the way' })
        .getByRole('button', { name: 'Remove “My mum two buses and a train away.”' });
      await remove.tap();
      await remove.waitFor({ state: 'detached', timeout: 2000 });
      await savedStatus(tablet.page).waitFor();
      await snap(tablet.page, 'panel-08-tablet');
      await panel.getByRole('region', { name: 'When' }).scrollIntoViewIfNeeded();
      await snap(tablet.page, 'panel-09-tablet-when', { fullPage: false });
      expect(await seriousViolations(tablet.page), 'the panel on a tablet').toEqual([]);
      expect(tablet.problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
