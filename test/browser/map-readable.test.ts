/**
 * The Holt journey (17 stages) read as a family reads it (issue 16). On a tablet (820×1180,
 * touch) the map opens on its first stages with headlines at least 16 px on screen; "Large type"
 * makes the cards' headlines bigger with no card over another; zoomed out, cards show only their
 * number, headline and level, and their detail comes back zoomed in; the panel speaks to the
 * family ("In your own words"). On a shared screen (1920×1080) all 17 headlines are on screen
 * at 32 px or more, in numbered rows. Sizes are measured as drawn: the headline's computed font
 * size times the map's zoom, and its box inside the map.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { exampleId, token, useServer } from '../server/harness.ts';
import { seriousViolations } from './axe.ts';
import {
  ARTIFACTS,
  launch,
  savedStatus,
  signedInContext,
  snap,
  tabletContext,
  watchedPage,
  type WatchedPage,
} from './browser.ts';

const running = useServer();
let browser: Browser;
let docId = '';

/** The Holt journey: 17 stages. */
const STAGE_COUNT = 17;

beforeAll(async () => {
  docId = exampleId(running.current, 'slf-isolated-family');
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** One card's headline as drawn: its stage number, size on screen in CSS px, and whether it is in the map's view. */
interface Headline {
  stage: number;
  text: string;
  onScreenPx: number;
  inView: boolean;
}

/** Every card's headline, in the story's order, measured as the screen shows it. */
async function headlines(on: Page): Promise<Headline[]> {
  const measured = await on.locator('.react-flow').evaluate((map) => {
    const viewport = map.querySelector<HTMLElement>('.react-flow__viewport')!;
    const zoom = new DOMMatrixReadOnly(getComputedStyle(viewport).transform).a;
    // The part of the map inside the window: a map taller than the window is not all seen.
    const box = map.getBoundingClientRect();
    const view = {
      left: Math.max(box.left, 0),
      top: Math.max(box.top, 0),
      right: Math.min(box.right, window.innerWidth),
      bottom: Math.min(box.bottom, window.innerHeight),
    };
    return [...map.querySelectorAll<HTMLElement>('.react-flow__node')].map((card) => {
      const headline = card.querySelector('h3')!;
      const box = headline.getBoundingClientRect();
      return {
        stage: Number(/^Stage (\d+) of/.exec(card.getAttribute('aria-label') ?? '')?.[1]),
        text: headline.textContent ?? '',
        onScreenPx: parseFloat(getComputedStyle(headline).fontSize) * zoom,
        inView:
          box.width > 0 &&
          box.left >= view.left - 1 &&
          box.right <= view.right + 1 &&
          box.top >= view.top - 1 &&
          box.bottom <= view.bottom + 1,
      };
    });
  });
  return measured.sort((a, b) => a.stage - b.stage);
}

/** The headlines once the map has stopped moving (two looks, half a second apart, agree). */
async function settledHeadlines(on: Page): Promise<Headline[]> {
  let last = '';
  for (let look = 0; look < 20; look++) {
    const now = await headlines(on);
    if (JSON.stringify(now) === last) return now;
    last = JSON.stringify(now);
    await on.waitForTimeout(500);
  }
  throw new Error(`the map did not settle: ${last}`);
}

/** The cards' boxes on screen as drawn (the card itself, not React Flow's box around it), for overlap checks. */
async function cardBoxes(on: Page) {
  return on.locator('.react-flow__node').evaluateAll((cards) =>
    cards.map((card) => ({
      name: card.getAttribute('aria-label') ?? '',
      box: card.querySelector('.stage-card')!.getBoundingClientRect().toJSON(),
    })),
  ) as Promise<{ name: string; box: { left: number; right: number; top: number; bottom: number } }[]>;
}

/** Pairs of cards drawn over each other, as "A / B". */
function overlaps(cards: Awaited<ReturnType<typeof cardBoxes>>): string[] {
  const found: string[] = [];
  for (const [i, a] of cards.entries())
    for (const b of cards.slice(i + 1)) {
      const apart =
        a.box.right <= b.box.left ||
        b.box.right <= a.box.left ||
        a.box.bottom <= b.box.top ||
        b.box.bottom <= a.box.top;
      if (!apart) found.push(`${a.name} / ${b.name}`);
    }
  return found;
}

/** The sizes measured, kept in `test-results/readable-sizes.json` beside the screenshots. */
const measuredSizes: Record<string, string[]> = {};
function record(what: string, headlines: Headline[]): void {
  measuredSizes[what] = headlines.map((h) => `${h.stage} “${h.text}”: ${Math.round(h.onScreenPx * 10) / 10} px`);
  writeFileSync(join(ARTIFACTS, 'readable-sizes.json'), JSON.stringify(measuredSizes, null, 2));
}

describe('the Holt journey on a family’s tablet', () => {
  let tablet: WatchedPage;
  let page: Page;

  it('opens on the first stages with headlines of 16 px or more on screen', async () => {
    tablet = await watchedPage(await tabletContext(browser));
    page = tablet.page;
    page.setDefaultTimeout(10_000);
    await page.goto(`${running.current.url}journeys/${docId}?invite=${token(running.current, docId, 'participant')}`);
    await savedStatus(page).waitFor();
    await page.getByRole('group', { name: /^Stage 1 of 17: / }).waitFor();
    // The opening view is set once the cards are measured.
    const all = await settledHeadlines(page);
    expect(all).toHaveLength(STAGE_COUNT);
    const inView = all.filter((h) => h.inView);
    record('tablet, opened: headlines in view', inView);
    // The first stages, not the whole map shrunk: stages 1 and 2 are there, most of the story is a swipe away.
    expect(inView.map((h) => h.stage).slice(0, 2)).toEqual([1, 2]);
    expect(inView.length).toBeLessThan(STAGE_COUNT / 2);
    for (const headline of all)
      expect(headline.onScreenPx, `stage ${headline.stage} “${headline.text}”`).toBeGreaterThanOrEqual(16);
    await snap(page, 'readable-tablet', { fullPage: false });
    expect(tablet.problems).toEqual([]);
  });

  it('speaks to the family in the panel, and shows a picture beside the words on the main actions', async () => {
    await page
      .getByRole('group', { name: /^Stage 1 of 17: / })
      .locator('h3')
      .tap();
    const panel = page.getByRole('region', { name: /^Stage 1: / });
    await panel.getByLabel('In your own words').waitFor();
    await panel.getByRole('group', { name: 'Where were you? From stuck to independent' }).waitFor();
    await panel.getByRole('region', { name: 'What helped you?' }).waitFor();
    await panel.getByRole('region', { name: 'What got in your way?' }).waitFor();
    for (const name of ['Add a stage', 'Undo', 'Redo', 'Large type', 'Shared screen', 'Close']) {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.locator('svg.icon[aria-hidden="true"]').count(), name).toBe(1);
    }
    await snap(page, 'readable-tablet-panel', { fullPage: false });
    await page.getByRole('button', { name: 'Close', exact: true }).tap();
    await page.getByRole('navigation', { name: 'Stages' }).waitFor();
  });

  it('“Large type” makes the cards’ headlines bigger, and no card lies over another', async () => {
    const before = await settledHeadlines(page);
    await page.getByRole('button', { name: 'Large type', exact: true }).tap();
    await expect
      .poll(async () => (await headlines(page))[0]!.onScreenPx, { timeout: 5000 })
      .toBeGreaterThan(before[0]!.onScreenPx * 1.2);
    const after = await headlines(page);
    record('tablet, large type: stage 1 before and after', [before[0]!, after[0]!]);
    // The cards took the room the bigger words need, once they were measured again.
    await expect.poll(async () => overlaps(await cardBoxes(page)), { timeout: 5000 }).toEqual([]);
    await snap(page, 'readable-tablet-large-type', { fullPage: false });
    await page.getByRole('button', { name: 'Large type', exact: true }).tap();
    await expect.poll(async () => (await headlines(page))[0]!.onScreenPx).toBeCloseTo(before[0]!.onScreenPx, 1);
  });

  it('zoomed out, cards show their number, headline and level; zoomed in, their detail again', async () => {
    // The first card with the family's words on it.
    const card = page
      .locator('.react-flow__node')
      .filter({ has: page.locator('blockquote') })
      .first();
    const words = card.locator('blockquote');
    const headline = card.locator('h3');
    expect(await words.isVisible()).toBe(true);
    const zoomOut = page.locator('.react-flow__controls-zoomout');
    const zoomIn = page.locator('.react-flow__controls-zoomin');
    for (let taps = 0; taps < 6 && (await words.isVisible()); taps++) {
      await zoomOut.tap();
      await page.waitForTimeout(300);
    }
    expect(await words.isVisible(), 'the words, zoomed out').toBe(false);
    expect(await headline.isVisible(), 'the headline, zoomed out').toBe(true);
    expect(await card.locator('.stage-number').isVisible()).toBe(true);
    expect(await card.locator('.level-chip').isVisible()).toBe(true);
    await snap(page, 'readable-tablet-zoomed-out', { fullPage: false });
    for (let taps = 0; taps < 6 && !(await words.isVisible()); taps++) {
      await zoomIn.tap();
      await page.waitForTimeout(300);
    }
    expect(await words.isVisible(), 'the words, zoomed in again').toBe(true);
    expect(tablet.problems).toEqual([]);
  });

  it('axe finds no serious WCAG 2.2 AA issue on the tablet’s map', async () => {
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('the Holt journey on a shared screen (1920×1080)', () => {
  let screen: WatchedPage;
  let page: Page;

  it('shows all 17 headlines at 32 px or more, in numbered rows read left to right', async () => {
    screen = await watchedPage(await signedInContext(browser, running.current));
    page = screen.page;
    page.setDefaultTimeout(10_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${running.current.url}journeys/${docId}`);
    await savedStatus(page).waitFor();
    await page.getByRole('group', { name: /^Stage 1 of 17: / }).waitFor();
    await page.getByRole('button', { name: 'Shared screen', exact: true }).click();
    await expect
      .poll(async () => (await headlines(page)).filter((h) => h.inView).length, { timeout: 5000 })
      .toBe(STAGE_COUNT);
    const all = await settledHeadlines(page);
    record('shared screen 1920×1080: all headlines', all);
    for (const headline of all) {
      expect(headline.inView, `stage ${headline.stage} in view`).toBe(true);
      expect(headline.onScreenPx, `stage ${headline.stage} “${headline.text}”`).toBeGreaterThanOrEqual(32);
    }
    // Reading order: along each row left to right, then the next row down.
    const boxes = await page.locator('.react-flow__node').evaluateAll((cards) =>
      cards.map((card) => ({
        stage: Number(/^Stage (\d+) of/.exec(card.getAttribute('aria-label') ?? '')?.[1]),
        x: card.getBoundingClientRect().x,
        y: card.getBoundingClientRect().y,
        number: card.querySelector('.stage-number')?.textContent ?? '',
      })),
    );
    boxes.sort((a, b) => a.stage - b.stage);
    for (const [i, box] of boxes.entries()) {
      expect(box.number, 'each card shows its number').toBe(`Stage ${box.stage}`);
      const next = boxes[i + 1];
      if (!next) continue;
      const sameRow = Math.abs(next.y - box.y) < 2;
      expect(sameRow ? next.x > box.x : next.y > box.y + 50, `stage ${next.stage} after ${box.stage}`).toBe(true);
    }
    expect(new Set(boxes.map((b) => Math.round(b.y))).size, 'more than one row').toBeGreaterThan(1);
    expect(overlaps(await cardBoxes(page))).toEqual([]);
    // The links are still drawn.
    expect(await page.locator('.react-flow__edge').count()).toBeGreaterThan(0);
    await snap(page, 'readable-shared-screen', { fullPage: false });
    expect(screen.problems).toEqual([]);
  });

  it('a card chosen on the shared screen opens its panel beside the story, still all in view', async () => {
    await page
      .getByRole('group', { name: /^Stage 5 of 17: / })
      .locator('h3')
      .click();
    await page.getByRole('region', { name: /^Stage 5: / }).waitFor();
    // Staff keep the neutral words.
    await page.getByLabel('In their own words').waitFor();
    await expect
      .poll(async () => (await headlines(page)).filter((h) => h.inView).length, { timeout: 5000 })
      .toBe(STAGE_COUNT);
    await snap(page, 'readable-shared-screen-panel', { fullPage: false });
    await page.getByRole('button', { name: 'Close', exact: true }).click();
  });

  it('axe finds no serious WCAG 2.2 AA issue on the shared screen', async () => {
    expect(await seriousViolations(page)).toEqual([]);
    expect(screen.problems).toEqual([]);
  });
});
