/**
 * A family member on a tablet, by touch alone: the facilitator makes a participant invite with
 * the invite page's form; the family's tablet (no account, no cookies) opens the link, and by
 * tapping adds a stage, gives a name when asked, types the stage in their own words, and taps a
 * level and a feeling. The facilitator, on the desktop, sees the new stage appear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { useServer } from '../server/harness.ts';
import { deskAndTablet, launch, savedStatus, signIn, snap, submitWith, type WatchedPage } from './browser.ts';

const running = useServer();
let browser: Browser;
/** The facilitator's desktop. */
let desk: WatchedPage;
/** The family's tablet. */
let tablet: WatchedPage;
let journeyUrl = '';
let invite = '';

const JOURNEY = { title: 'The Hills, spring workshop', family: 'The Hills' };
const STAGE = {
  headline: 'When Nan got ill',
  words: 'I was looking after everyone and nobody was looking after me.',
  level: 'Opening up',
  feeling: 'Low',
};

beforeAll(async () => {
  browser = await launch();
  ({ desk, tablet } = await deskAndTablet(browser));
});
afterAll(async () => {
  await browser?.close();
});

describe('a family member joins from a tablet, by touch', () => {
  it('the facilitator starts a journey and makes a participant invite with the invite form', async () => {
    const { page } = desk;
    await signIn(page, running.current);
    const start = page.locator('form').filter({ has: page.getByRole('button', { name: 'Start the journey' }) });
    await start.getByLabel('Title').fill(JOURNEY.title);
    await start.getByLabel('Pseudonym for a new family (not their real name)').fill(JOURNEY.family);
    await start.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submitWith(start.getByRole('button', { name: 'Start the journey' }));
    expect(started.status, 'starting the journey').toBe(303);
    expect(started.landedStatus).toBe(200);
    journeyUrl = started.landedUrl;

    await page.getByRole('link', { name: 'Invite people to this journey' }).click();
    await page.waitForURL(`${journeyUrl}/invite`);
    await page.getByLabel('They join as').selectOption('participant');
    await page.getByLabel('The link works for').selectOption({ label: '4 hours (one workshop)' });
    const made = await submitWith(page.getByRole('button', { name: 'Make an invite link' }));
    expect([made.status, made.landedStatus], 'making the invite').toEqual([303, 200]);
    invite = (await page.getByRole('link', { name: /\?invite=/ }).textContent())!.trim();
    expect(invite).toMatch(new RegExp(`^${journeyUrl}\\?invite=[\\w.-]+$`));
    await snap(page, 'tablet-01-facilitator-invite');

    // The facilitator keeps the map open on the shared screen, under their own name.
    await page.goto(journeyUrl);
    await savedStatus(page).waitFor();
    await page.getByRole('toolbar', { name: 'Journey tools' }).getByLabel('Your name').fill('Jo (worker)');
    expect(desk.problems).toEqual([]);
  });

  it('the tablet opens the invite link, with no account', async () => {
    const { page } = tablet;
    const opened = await page.goto(invite);
    expect(opened?.status(), 'opening the invite on the tablet').toBe(200);
    // The link's token became a cookie on the tablet: the address it shows holds none.
    expect(page.url()).toBe(journeyUrl);
    await page.getByRole('heading', { level: 1, name: JOURNEY.title }).waitFor();
    await savedStatus(page).waitFor();
    await snap(page, 'tablet-02-opened');
    expect(tablet.problems).toEqual([]);
  });

  it('tapping "Add a stage" first asks their name; once given, the stage is added', async () => {
    const { page } = tablet;
    await page.getByRole('button', { name: 'Add a stage', exact: true }).tap();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 2000 });
    await snap(page, 'tablet-03-name-prompt');
    await dialog.getByLabel('Your name').tap();
    await page.keyboard.type('Kayla');
    await dialog.getByRole('button', { name: 'Continue' }).tap();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('region', { name: /^Stage 1:/ }).waitFor({ timeout: 2000 });
    // What the tablet shows just then, without scrolling.
    await snap(page, 'tablet-03-after-adding', { fullPage: false });
    await expect
      .poll(() => desk.page.getByRole('list', { name: 'Who is here' }).textContent(), { timeout: 2000 })
      .toContain('Kayla');
    expect(tablet.problems).toEqual([]);
  });

  it('they type the stage in their own words and tap a level and a feeling', async () => {
    const { page } = tablet;
    const panel = page.getByRole('region', { name: /^Stage 1:/ });
    await panel.getByLabel('Headline').tap();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(STAGE.headline);
    await panel.getByLabel('In your own words').tap();
    await page.keyboard.type(STAGE.words);
    await panel
      .getByRole('group', { name: 'Where were you? From stuck to independent' })
      .getByRole('button', { name: new RegExp(`^${STAGE.level}\\b`) })
      .tap();
    await panel
      .getByRole('group', { name: 'How did it feel?' })
      .getByRole('button', { name: STAGE.feeling, exact: true })
      .tap();
    await savedStatus(page).waitFor({ timeout: 5000 });
    await snap(page, 'tablet-04-stage-typed');
    expect(tablet.problems).toEqual([]);
  });

  it('the facilitator’s screen shows the new stage with its words, level and feeling', async () => {
    const card = desk.page.getByRole('group', { name: /^Stage 1 of 1:/ });
    await expect.poll(() => card.getAttribute('aria-label'), { timeout: 2000 }).toBe(`Stage 1 of 1: ${STAGE.headline}`);
    await expect.poll(() => card.textContent(), { timeout: 2000 }).toContain(STAGE.words);
    const shown = (await card.textContent()) ?? '';
    expect(shown).toContain(STAGE.level);
    expect(shown).toContain(`Feeling: ${STAGE.feeling}`);
    await snap(desk.page, 'tablet-05-facilitator-sees-the-stage');
    expect(desk.problems).toEqual([]);
  });
});
