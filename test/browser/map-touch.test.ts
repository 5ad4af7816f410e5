/**
 * The journey map on a family's tablet (820×1180, touch), by touch alone: a swipe that starts on
 * a card pans the map and never reorders the story; "Add a stage" shows the new card and its
 * panel on screen; every target is at least 44×44 CSS pixels; "Move to…" reorders and says so.
 * Then the same on a 1920×1080 desktop, where a mouse drag on a card pans too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { exampleId, token, useServer } from '../server/harness.ts';
import { launch, savedStatus, snap, tabletContext, watchedPage, type WatchedPage } from './browser.ts';

const running = useServer();
let browser: Browser;
let tablet: WatchedPage;
let page: Page;
let docId = '';

/** The Holt journey: 17 stages. */
const STAGE_COUNT = 17;

beforeAll(async () => {
  docId = exampleId(running.current, 'slf-isolated-family');
  browser = await launch();
  tablet = await watchedPage(await tabletContext(browser));
  page = tablet.page;
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
});

/** The stages as the cards read them out, "Stage N of M: title", in the story's order. */
async function storyOrder(on: Page): Promise<string[]> {
  const labels = await on
    .locator('.react-flow__node')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label') ?? ''));
  const number = (label: string) => Number(/^Stage (\d+) of/.exec(label)?.[1]);
  return labels.sort((a, b) => number(a) - number(b));
}

const cardNamed = (on: Page, title: string): Locator =>
  on.getByRole('group', { name: new RegExp(`^Stage \\d+ of \\d+: ${title}$`) });

/**
 * A finger's swipe from `from`, `by` pixels sideways, as the touch screen reports it: a touch
 * start, moves in small steps, and an end (Chromium's own touch input, not script events).
 */
async function swipe(on: Page, from: { x: number; y: number }, by: number): Promise<void> {
  const cdp = await on.context().newCDPSession(on);
  const at = (x: number) => [{ x: Math.round(x), y: Math.round(from.y) }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(from.x) });
  for (let step = 1; step <= 12; step++)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(from.x + (by * step) / 12) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Every button, box, list and link a person can reach on the page, that is shown, smaller than 44×44. */
async function smallTargets(on: Page): Promise<string[]> {
  return on
    .locator('main')
    .locator('button, input, select, textarea, a')
    .evaluateAll((elements) =>
      elements.flatMap((element) => {
        const box = element.getBoundingClientRect();
        const shown = box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
        if (!shown || (box.width >= 44 && box.height >= 44)) return [];
        const name =
          element.getAttribute('aria-label') ??
          element.getAttribute('title') ??
          (element.textContent?.trim() || element.getAttribute('type') || element.tagName);
        return [`${element.tagName.toLowerCase()} “${name}” ${Math.round(box.width)}×${Math.round(box.height)}`];
      }),
    );
}

/** Whether `inner` lies wholly inside `outer`, allowing a pixel for rounding. */
function inside(
  inner: { x: number; y: number; width: number; height: number },
  outer: { x: number; y: number; width: number; height: number },
): boolean {
  return (
    inner.x >= outer.x - 1 &&
    inner.y >= outer.y - 1 &&
    inner.x + inner.width <= outer.x + outer.width + 1 &&
    inner.y + inner.height <= outer.y + outer.height + 1
  );
}

describe('the journey map on a tablet, by touch', () => {
  it('opens the invite link and shows the map', async () => {
    const opened = await page.goto(
      `${running.current.url}journeys/${docId}?invite=${token(running.current, docId, 'participant')}`,
    );
    expect(opened?.status()).toBe(200);
    await savedStatus(page).waitFor();
    expect(await storyOrder(page)).toHaveLength(STAGE_COUNT);
    // The map is drawn once it has its size: wait for the first card to be measured and shown.
    await cardNamed(page, 'Low after Kai was born').waitFor();
    await snap(page, 'touch-01-tablet-opened', { fullPage: false });
    expect(tablet.problems).toEqual([]);
  });

  it('a swipe that starts on a card pans the map and leaves the story’s order as it was', async () => {
    const before = await storyOrder(page);
    const card = cardNamed(page, "Kai's diagnosis");
    const start = await card.boundingBox();
    const map = await page.locator('.react-flow').boundingBox();
    if (!start || !map) throw new Error('the card or the map is not on the page');
    // From the card's middle, 300 pixels to the left, as a finger drags the story along.
    const from = { x: start.x + start.width / 2, y: Math.min(start.y + start.height / 2, map.y + map.height - 60) };
    await swipe(page, from, -300);
    // The map moved under the finger: the card with it, by about as far.
    await expect.poll(async () => (await card.boundingBox())?.x, { timeout: 5000 }).toBeLessThan(start.x - 200);
    const after = await card.boundingBox();
    expect(Math.abs(after!.x - (start.x - 300)), 'the card followed the finger').toBeLessThan(40);
    expect(after!.y, 'a sideways swipe does not move it up or down').toBeCloseTo(start.y, -1);
    // The story is exactly as it was, here and as the server keeps it.
    expect(await storyOrder(page)).toEqual(before);
    await savedStatus(page).waitFor();
    expect(await storyOrder(page)).toEqual(before);
    await snap(page, 'touch-02-after-swipe', { fullPage: false });
    expect(tablet.problems).toEqual([]);
  });

  it('“Add a stage”, tapped, shows the new card on the map and its headline on screen', async () => {
    await page.getByRole('button', { name: 'Add a stage', exact: true }).tap();
    // The first change asks for a name; once given, the stage is added.
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Your name').tap();
    await page.keyboard.type('Ellie');
    await dialog.getByRole('button', { name: 'Continue' }).tap();
    await dialog.waitFor({ state: 'hidden' });

    const card = cardNamed(page, 'A new stage');
    await expect.poll(() => card.getAttribute('aria-label')).toBe(`Stage 18 of 18: A new stage`);
    const panel = page.getByRole('region', { name: 'Stage 18: A new stage' });
    const headline = panel.getByLabel('Headline');
    await headline.waitFor();
    const viewport = page.viewportSize()!;
    const windowBox = { x: 0, y: 0, width: viewport.width, height: viewport.height };
    // The map brings the new card (the last, far to the right) into the part it shows above the panel.
    await expect
      .poll(
        async () => {
          const [cardBox, mapBox, sheetBox] = await Promise.all([
            card.boundingBox(),
            page.locator('.react-flow').boundingBox(),
            page.locator('aside.side').boundingBox(),
          ]);
          if (!cardBox || !mapBox || !sheetBox) return 'not drawn';
          if (!inside(cardBox, mapBox)) return `card ${JSON.stringify(cardBox)} outside map ${JSON.stringify(mapBox)}`;
          if (cardBox.y + cardBox.height > sheetBox.y + 1) return 'card under the panel';
          return 'in view';
        },
        { timeout: 5000 },
      )
      .toBe('in view');
    // The panel lies over the map's lower part, with its headline box on screen, unscrolled.
    expect(inside((await headline.boundingBox())!, windowBox), 'the headline is within the window').toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const close = page.getByRole('button', { name: 'Close', exact: true });
    expect(inside((await close.boundingBox())!, windowBox), 'the close button is within the window').toBe(true);
    // The headline is chosen for typing over, as on the desktop.
    await headline.tap();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Ellie’s new friend');
    await savedStatus(page).waitFor();
    await snap(page, 'touch-03-new-stage', { fullPage: false });
    expect(tablet.problems).toEqual([]);
  });

  it('every button, box, list and link on the tablet is at least 44×44, and feelings sit in an even row', async () => {
    // With a stage open (its panel over the map) and closed (the list of stages below it).
    expect(await smallTargets(page), 'with a stage open').toEqual([]);
    const feelings = page.getByRole('group', { name: 'How did it feel?' }).getByRole('button');
    const boxes = await Promise.all((await feelings.all()).map((button) => button.boundingBox()));
    expect(boxes).toHaveLength(5);
    expect(new Set(boxes.map((box) => Math.round(box!.y))).size, 'one row').toBe(1);
    const widths = boxes.map((box) => box!.width);
    expect(Math.max(...widths) - Math.min(...widths), `equal widths: ${widths.join(', ')}`).toBeLessThan(1);
    // The services' boxes are measured on their own too: each box, not only its label, is a finger's size.
    const checks = page.getByRole('group', { name: 'Services involved' }).getByRole('checkbox');
    expect(await checks.count()).toBeGreaterThan(3);
    for (const check of await checks.all()) {
      const box = (await check.boundingBox())!;
      expect(
        Math.min(box.width, box.height),
        (await check.getAttribute('aria-label')) ?? 'a service’s box',
      ).toBeGreaterThanOrEqual(44);
    }
    // The map's zoom, fit and lock buttons.
    const controls = page.locator('.react-flow__controls-button');
    expect(await controls.count()).toBe(4);
    for (const control of await controls.all()) {
      const box = (await control.boundingBox())!;
      expect(
        [box.width, box.height].every((side) => side >= 44),
        (await control.getAttribute('title')) ?? 'a map control',
      ).toBe(true);
    }
    // The dots a link is drawn from answer a finger anywhere in the 44×44 square around them
    // (measured on the new card, which the map keeps in view above the panel).
    const dot = cardNamed(page, 'Ellie’s new friend').locator('.react-flow__handle.source');
    const reach = await dot.evaluate((handle) => {
      const box = handle.getBoundingClientRect();
      const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
      return [-21, 21].flatMap((dx) =>
        [-21, 21].map((dy) => document.elementFromPoint(x + dx, y + dy)?.closest('.react-flow__handle') === handle),
      );
    });
    expect(reach, 'the corners of a 42×42 square around a dot').toEqual([true, true, true, true]);
    // For the picture: the feelings and services, scrolled up in the panel as a finger would.
    await feelings.first().scrollIntoViewIfNeeded();
    await snap(page, 'touch-04-panel-targets', { fullPage: false });

    await page.getByRole('button', { name: 'Close', exact: true }).tap();
    await page.getByRole('navigation', { name: 'Stages' }).waitFor();
    expect(await smallTargets(page), 'with the list of stages').toEqual([]);
    expect(tablet.problems).toEqual([]);
  });

  it('“Move to…” reorders the story and says what happened', async () => {
    const stages = page.getByRole('navigation', { name: 'Stages' });
    await stages.getByRole('button', { name: 'Money stopped', exact: true }).tap();
    const panel = page.getByRole('region', { name: /^Stage 5: Money stopped$/ });
    await panel.getByLabel('Move to…').selectOption({ label: 'After “Nights at A&E”' });
    const news = page.getByRole('status').filter({ hasText: 'Moved' });
    await expect.poll(() => news.textContent()).toBe('Moved “Money stopped” after “Nights at A&E”');
    const order = await storyOrder(page);
    expect(order[4]).toBe('Stage 5 of 18: Nights at A&E');
    expect(order[5]).toBe('Stage 6 of 18: Money stopped');
    // The map glides the moved card on screen, above the panel that is still open.
    await expect
      .poll(
        async () => {
          const card = await cardNamed(page, 'Money stopped').boundingBox();
          const sheet = await page.locator('aside.side').boundingBox();
          if (!card || !sheet) return 'not drawn';
          if (card.y < 0 || card.y + Math.min(card.height, 80) > sheet.y)
            return `card top ${card.y}, height ${card.height}; panel top ${sheet.y}`;
          return 'in view';
        },
        { timeout: 5000 },
      )
      .toBe('in view');
    await savedStatus(page).waitFor();
    await snap(page, 'touch-05-moved', { fullPage: false });
    expect(tablet.problems).toEqual([]);
  });
});

describe('the journey map on a 1920×1080 desktop', () => {
  it('a mouse drag on a card pans the map too; a new stage is brought into view beside its panel', async () => {
    const desk = await watchedPage(await browser.newContext({ viewport: { width: 1920, height: 1080 } }));
    const on = desk.page;
    on.setDefaultTimeout(10_000);
    await on.goto(`${running.current.url}journeys/${docId}?invite=${token(running.current, docId, 'participant')}`);
    await savedStatus(on).waitFor();
    await on.getByRole('toolbar', { name: 'Journey tools' }).getByLabel('Your name').fill('Jo (worker)');
    const before = await storyOrder(on);
    const card = cardNamed(on, 'A house in a new town');
    const start = (await card.boundingBox())!;
    await on.mouse.move(start.x + start.width / 2, start.y + 40);
    await on.mouse.down();
    await on.mouse.move(start.x + start.width / 2 - 400, start.y + 40, { steps: 12 });
    await on.mouse.up();
    await expect.poll(async () => (await card.boundingBox())!.x).toBeLessThan(start.x - 300);
    expect(await storyOrder(on)).toEqual(before);
    await snap(on, 'touch-06-desktop-after-drag', { fullPage: false });

    await on.getByRole('button', { name: 'Add a stage', exact: true }).click();
    const added = cardNamed(on, 'A new stage');
    await expect.poll(() => added.getAttribute('aria-label')).toBe('Stage 19 of 19: A new stage');
    await expect
      .poll(async () => inside((await added.boundingBox())!, (await on.locator('.react-flow').boundingBox())!), {
        timeout: 5000,
      })
      .toBe(true);
    await on.getByRole('region', { name: 'Stage 19: A new stage' }).getByLabel('Headline').waitFor();
    await snap(on, 'touch-07-desktop-new-stage', { fullPage: false });
    expect(desk.problems).toEqual([]);
  });
});
