/**
 * A long journey (120 stages, past the 60 beyond which the map draws only the cards in view)
 * opens on its first stages without drawing every card, its links meet the cards at their dots,
 * and the Stages list reaches any stage: tapped, its card is brought into view with its panel.
 * Printed, the page gives the whole journey as the PDF download does, not the map's viewport.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { storeJourney } from '../../server/journey-library.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { largeJourney } from '../fixtures/large-journey.ts';
import { removeDir, startServer, stopServer, storedId, tempDataDir, type RunningServer } from '../server/harness.ts';
import { ARTIFACTS, launch, signedInContext, snap, watchedPage, type WatchedPage } from './browser.ts';
import { tool } from '../server/tools.ts';

const STAGES = 120;
const TITLE = 'A journey of many turns';
let dataDir = '';
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  dataDir = tempDataDir();
  const store = await openSqliteStore(dataDir);
  await storeJourney(store, { ...largeJourney(STAGES), id: 'long' as never, title: TITLE });
  await store.close();
  server = await startServer(dataDir, { JOURNEYS_DIR: join(dataDir, 'none') });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  if (server) await stopServer(server);
  removeDir(dataDir);
});

/** Where each drawn link starts and ends on screen, beside the dots of the cards it joins. */
async function linkEnds(page: Page) {
  return page.locator('.react-flow__edge').evaluateAll((edges) =>
    edges.map((edge) => {
      const path = edge.querySelector<SVGPathElement>('path.react-flow__edge-path')!;
      const matrix = path.getScreenCTM()!;
      const onScreen = (point: DOMPoint) => new DOMPoint(point.x, point.y).matrixTransform(matrix);
      const start = onScreen(path.getPointAtLength(0));
      const end = onScreen(path.getPointAtLength(path.getTotalLength()));
      // A card is named "Stage 3 of 120: <headline>"; a link "Led to: from <headline> to <headline>".
      const dot = (headline: string, side: string) => {
        const card = [...document.querySelectorAll('.react-flow__node')].find((node) =>
          node.getAttribute('aria-label')?.endsWith(`: ${headline}`),
        );
        const box = card?.querySelector(`.react-flow__handle-${side}`)?.getBoundingClientRect();
        return box && { x: box.left + box.width / 2, y: box.top + box.height / 2 };
      };
      const [, source = '', target = ''] =
        /^Led to: from (.+) to (.+)$/.exec(edge.getAttribute('aria-label') ?? '') ?? [];
      return {
        start: { x: start.x, y: start.y },
        end: { x: end.x, y: end.y },
        from: dot(source, 'right'),
        to: dot(target, 'left'),
      };
    }),
  );
}

describe('a long journey', () => {
  let desk: WatchedPage;

  it('opens on its first stages, drawing only the cards in view, with every stage in the list and links at the dots', async () => {
    desk = await watchedPage(await signedInContext(browser, server));
    const { page } = desk;
    await page.goto(`${server.url}journeys/${storedId(server, TITLE)}`);
    await page.getByRole('group', { name: `Stage 1 of ${STAGES}: Stage 0` }).waitFor();
    await expect
      .poll(() => page.getByRole('navigation', { name: 'Stages' }).getByRole('listitem').count())
      .toBe(STAGES);
    const drawn = await page.locator('.react-flow__node').count();
    expect(drawn).toBeGreaterThan(2);
    expect(drawn).toBeLessThan(20);

    // Each link is drawn from the dot on its first card's right to the dot on the next card's left.
    const ends = (await linkEnds(page)).filter((end) => end.from && end.to);
    expect(ends.length).toBeGreaterThan(1);
    for (const { from, to, start, end } of ends) {
      expect(Math.hypot(start.x - from!.x, start.y - from!.y), 'starts at its dot').toBeLessThan(10);
      expect(Math.hypot(end.x - to!.x, end.y - to!.y), 'ends at its dot').toBeLessThan(10);
    }
    await snap(page, 'long-journey-desktop', { fullPage: false });
  });

  it('brings a stage chosen from the list far along the story into view, with its panel', async () => {
    const { page, problems } = desk;
    await page
      .getByRole('navigation', { name: 'Stages' })
      .getByRole('button', { name: 'Stage 100', exact: true })
      .click();
    await page.getByRole('region', { name: /^Stage 101: / }).waitFor();
    const card = page.getByRole('group', { name: `Stage 101 of ${STAGES}: Stage 100` });
    await card.waitFor();
    await expect
      .poll(async () => {
        const box = await card.boundingBox();
        const map = await page.locator('.react-flow').boundingBox();
        return !!box && !!map && box.x >= map.x && box.x + box.width <= map.x + map.width;
      })
      .toBe(true);
    await snap(page, 'long-journey-far-stage', { fullPage: false });
    expect(problems).toEqual([]);
  });

  it('printed, gives the whole journey as the PDF download does: every stage in order on numbered landscape pages, no buttons', async () => {
    const { page, problems } = desk;
    const file = join(ARTIFACTS, 'long-journey-printed.pdf');
    // Chromium's own printing, as Ctrl+P does it, onto A4 (the page asks for landscape).
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true });
    const info = tool('pdfinfo', file);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const [width = 0, height = 0] = (/^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info) ?? []).slice(1).map(Number);
    expect(width, 'landscape').toBeGreaterThan(height);
    expect(pages).toBeGreaterThan(5);
    // `-raw`: the text in the order the page drew it, card after card.
    const pageText = (n: number) => tool('pdftotext', '-raw', '-f', `${n}`, '-l', `${n}`, file, '-');
    const first = pageText(1);
    expect(first).toContain(TITLE);
    expect(first).toContain(`Page 1 of ${pages}`);
    expect(first).toMatch(/Stage 1\s+Stage 0\b/);
    const last = pageText(pages);
    expect(last).toContain(`Page ${pages} of ${pages}`);
    expect(last).toMatch(new RegExp(`Stage ${STAGES}\\s+Stage ${STAGES - 1}\\b`));
    const all = tool('pdftotext', '-raw', file, '-');
    // Every stage once, in order: each card's number, then its headline.
    const numbers = [...all.matchAll(/^Stage (\d+)$/gm)].map((match) => Number(match[1]));
    const cards = numbers.filter((n, i) => numbers[i + 1] === n - 1);
    expect(cards).toEqual(Array.from({ length: STAGES }, (_, i) => i + 1));
    for (const control of ['Add a stage', 'Zoom in', 'Large type', 'List view', 'Stages'])
      expect(all, control).not.toContain(control);
    tool('pdftoppm', '-png', '-r', '50', '-f', '1', '-l', '1', file, join(ARTIFACTS, 'long-journey-printed'));
    expect(problems).toEqual([]);
  });
});
