/**
 * Running a workshop (issue 17; server/SPEC.md CONTROL): the facilitator on a desktop and two
 * family tablets, in real Chromium. Everything is done through the screens: the facilitator
 * makes the invite with its form, opens "Run the workshop" and presses its buttons; the tablets
 * open the link and tap. Follow, spotlight, timer, lock, pause and "Exit this page" are each
 * seen on the other screens within 1 s. A stage kept from viewers shows as kept private on a
 * viewer's screen, and is still read on the family's.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { useServer } from '../server/harness.ts';
import { launch, signIn, snap, submitWith, tabletContext, watchedPage, type WatchedPage } from './browser.ts';

/**
 * Where "Exit this page" leads (EXIT_URL): a neutral page on another origin, served here, as the
 * test machine has no internet (the default is a weather page).
 */
const env: Record<string, string> = {};
let neutral: Server;
beforeAll(async () => {
  neutral = createServer((_req, res) => res.end('<!doctype html><title>Weather</title><h1>Weather</h1>'));
  await new Promise<void>((resolve) => neutral.listen(0, '127.0.0.1', resolve));
  env.EXIT_URL = `http://127.0.0.1:${(neutral.address() as AddressInfo).port}/weather`;
});
afterAll(() => neutral?.close());
const running = useServer(env);
let browser: Browser;
let desk: WatchedPage;
let tablets: WatchedPage[] = [];
let journeyUrl = '';

const JOURNEY = 'One mum, four children and five months of intensive family support';
const SEEN_WITHIN_MS = 1000;

/** The middle of a page's map in map coordinates, and its zoom, read off what React Flow draws. */
function centreOf(page: Page) {
  return page.evaluate(() => {
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport')!;
    const m = new DOMMatrix(getComputedStyle(viewport).transform);
    const box = viewport.closest('.react-flow')!.getBoundingClientRect();
    return { x: (box.width / 2 - m.e) / m.a, y: (box.height / 2 - m.f) / m.a, zoom: m.a };
  });
}

/** How long until `seen` holds on a screen after an action, failing past 1 s. */
async function seenWithin(seen: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  await expect.poll(seen, { timeout: SEEN_WITHIN_MS, interval: 25 }).toBe(true);
  return performance.now() - started;
}

/** Whether the element is wholly on the screen. */
async function inView(locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const size = locator.page().viewportSize()!;
  return (
    box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height
  );
}

const panel = (page: Page) => page.getByRole('region', { name: 'Run the workshop' });
const card = (page: Page, number: number) => page.getByRole('group', { name: new RegExp(`^Stage ${number} of \\d+:`) });
const times: Record<string, number> = {};
/** The headline of the stage open in a page's panel, as its box holds it. */
const headlineOf = async (page: Page, number: number) =>
  (
    await page
      .getByRole('region', { name: new RegExp(`^Stage ${number}:`) })
      .getByLabel('Headline')
      .inputValue()
  ).trim();

beforeAll(async () => {
  browser = await launch();
  desk = await watchedPage(await browser.newContext({ viewport: { width: 1400, height: 900 } }));
  tablets = [await watchedPage(await tabletContext(browser)), await watchedPage(await tabletContext(browser))];
  for (const { page } of [desk, ...tablets]) page.setDefaultTimeout(10_000);
  // Tablet 2's clock runs as usual, and can be moved on to the end of the timer.
  await tablets[1]!.page.clock.install();
});
afterAll(async () => {
  await browser?.close();
});

describe('a facilitator runs the workshop from the desktop; two family tablets follow', () => {
  it('the facilitator invites the family with the form; both tablets open the link', async () => {
    const { page } = desk;
    await signIn(page, running.current);
    await page.getByRole('link', { name: JOURNEY, exact: true }).click();
    journeyUrl = page.url();
    await page.getByRole('link', { name: 'Invite people to this journey' }).click();
    await page.getByLabel('They join as').selectOption('participant');
    const made = await submitWith(page.getByRole('button', { name: 'Make an invite link' }));
    expect([made.status, made.landedStatus]).toEqual([303, 200]);
    const invite = (await page.getByRole('link', { name: /\?invite=/ }).textContent())!.trim();
    await page.goto(journeyUrl);
    await card(page, 1).waitFor();
    for (const { page: tablet } of tablets) {
      await tablet.goto(invite);
      await card(tablet, 1).waitFor();
    }
    // Nobody but a facilitator is offered the controls; only the family is offered the way out.
    await expect.poll(() => page.getByRole('button', { name: 'Exit this page' }).count()).toBe(0);
    await expect.poll(() => tablets[0]!.page.getByRole('button', { name: 'Run the workshop' }).count()).toBe(0);
    await tablets[0]!.page.getByRole('button', { name: 'Exit this page' }).waitFor();
    await page.getByRole('button', { name: 'Run the workshop' }).click();
    await panel(page).waitFor();
    await snap(page, 'workshop-01-facilitator-controls');
  });

  it('"Bring everyone here": the tablets’ maps follow the facilitator’s; one that looks around can come back', async () => {
    const { page } = desk;
    await panel(page).getByRole('button', { name: 'Bring everyone here' }).click();
    await tablets[0]!.page.getByText('Following the facilitator’s map').waitFor({ timeout: SEEN_WITHIN_MS });
    // The facilitator drags the map along the story.
    const map = (await page.locator('.react-flow').boundingBox())!;
    await page.mouse.move(map.x + map.width * 0.7, map.y + map.height * 0.6);
    await page.mouse.down();
    await page.mouse.move(map.x + map.width * 0.2, map.y + map.height * 0.5, { steps: 8 });
    await page.mouse.up();
    const lead = await centreOf(page);
    const near = async (tablet: Page) => {
      const seen = await centreOf(tablet);
      return Math.abs(seen.x - lead.x) < 5 && Math.abs(seen.y - lead.y) < 5 && Math.abs(seen.zoom - lead.zoom) < 0.01;
    };
    times.follow = await seenWithin(async () => (await near(tablets[0]!.page)) && (await near(tablets[1]!.page)));

    // Tablet 1 swipes the map to look around: it stops following, and is offered the way back.
    const { page: first } = tablets[0]!;
    const box = (await first.locator('.react-flow').boundingBox())!;
    await first.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await first.mouse.down();
    await first.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4, { steps: 5 });
    await first.mouse.up();
    const back = first.getByRole('button', { name: 'Back to the facilitator’s map' });
    await back.waitFor();
    expect(await near(first)).toBe(false);
    await snap(first, 'workshop-02-tablet-looking-around', { fullPage: false });
    await back.tap();
    await expect.poll(() => near(first)).toBe(true);
    await panel(page).getByRole('button', { name: 'Stop leading' }).click();
    await expect.poll(() => first.getByText('Following the facilitator’s map').count()).toBe(0);
  });

  it('a spotlit stage is highlighted and said on every screen', async () => {
    const { page } = desk;
    await card(page, 3).click();
    const title = await headlineOf(page, 3);
    await panel(page).getByRole('button', { name: 'Spotlight this stage' }).click();
    times.spotlight = await seenWithin(async () =>
      (
        await Promise.all(
          tablets.map(({ page: tablet }) => tablet.locator('.react-flow__node.spotlit').getAttribute('data-id')),
        )
      ).every(Boolean),
    );
    for (const { page: tablet } of tablets) {
      // Said on the card itself, above its number (drawn by editor.css).
      const label = await tablet
        .locator('.react-flow__node.spotlit .stage-card')
        .evaluate((element) => getComputedStyle(element, '::before').content);
      expect(label).toBe('"In the spotlight"');
      await expect
        .poll(() => tablet.getByRole('status').filter({ hasText: 'In the spotlight:' }).textContent())
        .toContain(title);
      await expect.poll(() => inView(tablet.locator('.react-flow__node.spotlit'))).toBe(true);
    }
    await snap(tablets[1]!.page, 'workshop-03-tablet-spotlight', { fullPage: false });
    await panel(page).getByRole('button', { name: 'End the spotlight' }).click();
    await expect.poll(() => tablets[0]!.page.locator('.react-flow__node.spotlit').count()).toBe(0);
  });

  it('the timer counts down on every screen; a minute can be added; it pauses; its end is shown in words', async () => {
    const { page } = desk;
    const timers = tablets.map(({ page: tablet }) => tablet.getByRole('timer'));
    await panel(page).getByLabel('Minutes').selectOption('2');
    await panel(page).getByRole('button', { name: 'Start the timer' }).click();
    times.timer = await seenWithin(async () =>
      (await Promise.all(timers.map((t) => t.textContent().catch(() => '')))).every((t) =>
        /^[12]:\d\d left$/.test(t ?? ''),
      ),
    );
    await panel(page).getByRole('button', { name: 'Add a minute' }).click();
    await expect.poll(() => timers[0]!.textContent(), { timeout: SEEN_WITHIN_MS }).toMatch(/^(2:[345]\d|3:00) left$/);
    await panel(page).getByRole('button', { name: 'Pause the timer' }).click();
    await expect
      .poll(() => timers[1]!.textContent(), { timeout: SEEN_WITHIN_MS })
      .toMatch(/^(2:[345]\d|3:00) \(paused\)$/);
    await snap(tablets[0]!.page, 'workshop-04-tablet-timer', { fullPage: false });
    // The facilitator carries on; on tablet 2 the three minutes pass (its clock, run forward).
    await panel(page).getByRole('button', { name: 'Carry on' }).click();
    await expect.poll(() => timers[1]!.textContent(), { timeout: SEEN_WITHIN_MS }).toMatch(/ left$/);
    const { page: second } = tablets[1]!;
    await second.clock.fastForward('03:02');
    await second.getByRole('status').filter({ hasText: 'Time is up' }).waitFor();
    await expect.poll(() => second.locator('.workshop-timer.over').isVisible()).toBe(true);
    await snap(second, 'workshop-05-tablet-time-is-up', { fullPage: false });
    await panel(page).getByRole('button', { name: 'Stop the timer' }).click();
    await expect.poll(() => tablets[0]!.page.getByRole('timer').count()).toBe(0);
  });

  it('a locked map cannot be changed from a tablet, and a locked stage opens read-only; unlocked, both can', async () => {
    const { page } = desk;
    const { page: first } = tablets[0]!;
    await expect.poll(() => first.getByRole('button', { name: 'Add a stage', exact: true }).isVisible()).toBe(true);
    await panel(page).getByRole('button', { name: 'Lock the map' }).click();
    times.lock = await seenWithin(
      async () => (await first.getByText('The facilitator has locked the map').count()) > 0,
    );
    await expect.poll(() => first.getByRole('button', { name: 'Add a stage', exact: true }).count()).toBe(0);
    await card(first, 2).tap();
    const stage = first.getByRole('region', { name: /^Stage 2:/ });
    await expect.poll(() => stage.getByLabel('Headline').isEditable()).toBe(false);
    await snap(first, 'workshop-06-tablet-locked', { fullPage: false });
    await panel(page).getByRole('button', { name: 'Lock the map' }).click();
    await expect.poll(() => stage.getByLabel('Headline').isEditable()).toBe(true);

    // One stage: the facilitator has stage 3 open and locks it.
    await card(page, 3).click();
    await panel(page).getByRole('button', { name: 'Lock this stage' }).click();
    await expect
      .poll(() => panel(page).getByRole('button', { name: 'Lock this stage' }).getAttribute('aria-pressed'))
      .toBe('true');
    await card(first, 3).tap();
    const locked = first.getByRole('region', { name: /^Stage 3:/ });
    await first.getByText('The facilitator has locked this stage.').waitFor({ timeout: SEEN_WITHIN_MS });
    await expect.poll(() => locked.getByLabel('Headline').isEditable()).toBe(false);
    await panel(page).getByRole('button', { name: 'Lock this stage' }).click();
    await expect.poll(() => locked.getByLabel('Headline').isEditable()).toBe(true);
  });

  it('"Pause this topic" takes a stage, then the whole map, off the tablets at once, and brings them back', async () => {
    const { page } = desk;
    const [first, second] = tablets.map((t) => t.page) as [Page, Page];
    await card(page, 3).click();
    const stageId = await card(page, 3).getAttribute('data-id');
    const title = await headlineOf(page, 3);
    const onTablet = (tablet: Page) => tablet.locator(`.react-flow__node[data-id="${stageId}"]`);
    expect(await onTablet(second).textContent()).toContain(title);
    await panel(page).getByRole('button', { name: 'Pause this stage' }).click();
    // It keeps its place (no stage is renumbered) but shows nothing of its story on the tablets.
    times.pauseStage = await seenWithin(async () =>
      (await Promise.all([first, second].map((t) => onTablet(t).textContent()))).every(
        (text) => text?.includes('Paused by the facilitator') === true && !text.includes(title),
      ),
    );
    // The card's spoken label follows its words (React Flow applies it in a render of its own).
    await expect
      .poll(() => second.getByRole('group', { name: /^Stage 3 of \d+: Paused by the facilitator$/ }).count())
      .toBe(1);
    // Tapping it opens nothing.
    await onTablet(first).tap();
    expect(await first.getByRole('region', { name: /^Stage 3:/ }).count()).toBe(0);
    // The facilitator still sees it, marked.
    await expect
      .poll(() => page.locator(`.react-flow__node[data-id="${stageId}"]`).getAttribute('class'))
      .toMatch(/paused-for-others/);
    await panel(page).getByRole('button', { name: 'Pause this stage' }).click();
    await expect.poll(() => onTablet(second).textContent(), { timeout: SEEN_WITHIN_MS }).toContain(title);

    await panel(page).getByRole('button', { name: 'Pause the map' }).click();
    times.pauseMap = await seenWithin(async () =>
      (await Promise.all([first, second].map((t) => t.getByText('The facilitator has paused the map').count()))).every(
        (n) => n > 0,
      ),
    );
    await expect.poll(() => second.locator('.react-flow__node').count()).toBe(0);
    expect(await second.getByRole('button', { name: 'Add a stage', exact: true }).count()).toBe(0);
    await snap(second, 'workshop-07-tablet-paused', { fullPage: false });
    await panel(page).getByRole('button', { name: 'Pause the map' }).click();
    await card(second, 1).waitFor({ timeout: SEEN_WITHIN_MS });
  });

  it('"Keep this stage from viewers": a viewer’s map shows it as kept private; the family still read it; taken off, it is back', async () => {
    const { page } = desk;
    // The facilitator invites a viewer with the form, in a tab of their own.
    const tab = await page.context().newPage();
    await tab.goto(`${journeyUrl}/invite`);
    await tab.getByLabel('They join as').selectOption('viewer');
    await submitWith(tab.getByRole('button', { name: 'Make an invite link' }));
    const invite = (await tab
      .getByRole('link', { name: /\?invite=/ })
      .last()
      .textContent())!.trim();
    await tab.close();

    await card(page, 2).click();
    const title = await headlineOf(page, 2);
    await panel(page).getByRole('button', { name: 'Keep this stage from viewers' }).click();
    await panel(page).getByRole('button', { name: 'Stop keeping this stage from viewers' }).waitFor();
    const viewer = await watchedPage(await browser.newContext({ viewport: { width: 1280, height: 800 } }));
    try {
      await viewer.page.goto(invite);
      await card(viewer.page, 2).waitFor();
      expect(await card(viewer.page, 2).getAttribute('aria-label')).toMatch(/^Stage 2 of \d+: Kept private$/);
      expect(await viewer.page.content()).not.toContain(title);
      await snap(viewer.page, 'workshop-09-viewer-sensitive', { fullPage: false });
      // The family on a tablet still read it, marked as kept from viewers.
      const onTablet = card(tablets[0]!.page, 2);
      await expect.poll(() => onTablet.textContent()).toContain(title);
      // Marked on their screen (as "sensitive: not shown to viewers" after its number); its panel
      // shows its words, read-only while it is marked.
      expect(await tablets[0]!.page.locator('.react-flow__node.sensitive').count()).toBe(1);
      await onTablet.tap();
      const opened = tablets[0]!.page.getByRole('region', { name: /^Stage 2:/ }).getByLabel('Headline');
      await expect.poll(() => opened.inputValue()).toBe(title);
      expect(await opened.isEditable()).toBe(false);
      await snap(tablets[0]!.page, 'workshop-10-tablet-sensitive', { fullPage: false });

      await panel(page).getByRole('button', { name: 'Stop keeping this stage from viewers' }).click();
      await expect
        .poll(async () => (await card(viewer.page, 2).getAttribute('aria-label'))?.endsWith(`: ${title}`), {
          timeout: 5000,
        })
        .toBe(true);
      expect(viewer.problems).toEqual([]);
    } finally {
      await viewer.page.context().close();
    }
  });

  it('"Exit this page": one tap leaves for a neutral page, Back does not show the map, and the device’s access has ended', async () => {
    const { page: second } = tablets[1]!;
    await second.goto(journeyUrl);
    await card(second, 1).waitFor();
    const tapped = performance.now();
    await second.getByRole('button', { name: 'Exit this page' }).tap();
    await second.waitForURL(env.EXIT_URL!);
    times.exit = performance.now() - tapped;
    await second.getByRole('heading', { name: 'Weather' }).waitFor();
    // Back: whatever it shows, it is not the map (an earlier visit to the map's address is refused now).
    await second.goBack();
    await second.waitForLoadState('load');
    expect(await second.locator('.react-flow__node, .map-picture').count()).toBe(0);
    expect(await second.content()).not.toContain(JOURNEY);
    // Opening the map again on this tablet: its invite is gone from it.
    const again = await second.goto(journeyUrl);
    expect(again?.status()).toBe(401);
    await expect.poll(() => second.locator('.react-flow__node').count()).toBe(0);
    expect(await second.getByRole('button', { name: 'Add a stage', exact: true }).count()).toBe(0);
    const kept = await second.evaluate(async () => (await indexedDB.databases()).length);
    expect(kept, 'databases this site kept on the tablet').toBe(0);
  });

  it('Shift pressed three times exits too (a tablet with a keyboard)', async ({ annotate }) => {
    const { page: first } = tablets[0]!;
    await card(first, 1).waitFor();
    for (let i = 0; i < 3; i++) await first.keyboard.press('Shift');
    await first.waitForURL(env.EXIT_URL!);
    await snap(desk.page, 'workshop-08-facilitator-after', { fullPage: false });
    expect(desk.problems).toEqual([]);
    expect(tablets[0]!.problems).toEqual([]);
    const rounded = Object.entries(times).map(([what, ms]) => `${what} ${Math.round(ms)} ms`);
    await annotate(`seen on the other screens after: ${rounded.join(', ')}`);
  });
});
