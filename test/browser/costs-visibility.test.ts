/**
 * What staff choose to give a family, through the screens. Who sees costs (issue 16): a family on
 * a tablet opening their invite sees the map without a cost figure or a cost section; a
 * facilitator shows costs on the journey's settings page with its button; the family opens the
 * invite again and sees them. Their take-home print (issue 17): not on their map until staff
 * offer it on the settings page; then a tap on the map downloads it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { exampleId, token, useServer } from '../server/harness.ts';
import { launch, signedInContext, snap, submitWith, tabletContext, watchedPage, type WatchedPage } from './browser.ts';
import { tool } from '../server/tools.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});

/** The family opens their invite on the tablet and waits for the map; the first stage's panel is opened. */
async function openAsFamily(tablet: WatchedPage, invite: string): Promise<void> {
  const { page } = tablet;
  await page.goto(`${running.current.url}journeys/${DOC}?invite=${invite}`);
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await page
    .getByRole('navigation', { name: 'Stages' })
    .getByRole('button', { name: 'Money stopped', exact: true })
    .tap();
  await page.getByRole('region', { name: /^Stage \d+: Money stopped/ }).waitFor();
}

const figuresOn = (tablet: WatchedPage) => tablet.page.getByText(/£[\d,]+/);

describe('who sees costs', () => {
  it('a participant on a tablet sees no cost figure until a facilitator shows costs on the settings page', async () => {
    const browser = await launch();
    try {
      const invite = token(running.current, DOC, 'participant');
      const tablet = await watchedPage(await tabletContext(browser));
      tablet.page.setDefaultTimeout(10_000);
      await openAsFamily(tablet, invite);
      // The map is there, and nothing of what it cost: no figure, no cost section, no link to the costs.
      expect(await tablet.page.locator('.stage-card').count()).toBeGreaterThan(0);
      expect(await figuresOn(tablet).count()).toBe(0);
      expect(await tablet.page.getByRole('region', { name: 'Events that cost public services' }).count()).toBe(0);
      expect(await tablet.page.getByRole('link', { name: 'Costs', exact: true }).count()).toBe(0);
      await snap(tablet.page, 'costs-hidden-tablet');

      const desk = await watchedPage(await signedInContext(browser, running.current));
      await desk.page.goto(`${running.current.url}journeys/${DOC}/settings`);
      const section = desk.page.locator('#costs-visibility');
      expect(await section.textContent()).toContain('Only staff see the cost events');
      const shown = await submitWith(section.getByRole('button', { name: 'Show costs to participants' }));
      expect(shown.status).toBe(303);
      expect(shown.landedStatus).toBe(200);
      await desk.page.getByRole('status').filter({ hasText: 'now see what the journey cost' }).waitFor();
      await section.getByRole('button', { name: 'Hide costs from participants' }).waitFor();

      await openAsFamily(tablet, invite);
      // The stage's card says its events and what they cost, and its panel lists them.
      const cardCosts = tablet.page.locator('.stage-card', { hasText: 'Money stopped' }).locator('.costs p');
      await expect.poll(() => cardCosts.textContent(), { timeout: 10_000 }).toMatch(/cost events?: £[1-9][\d,]*/);
      const listed = tablet.page
        .getByRole('region', { name: 'Events that cost public services' })
        .getByRole('listitem');
      await expect.poll(() => listed.count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await snap(tablet.page, 'costs-shown-tablet');
      expect([...tablet.problems, ...desk.problems]).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('the family’s take-home print: offered on the settings page, then a tap on their map downloads it', async () => {
    const browser = await launch();
    const folder = mkdtempSync(join(tmpdir(), 'tp-take-home-'));
    try {
      const invite = token(running.current, DOC, 'participant');
      const tablet = await watchedPage(await tabletContext(browser));
      tablet.page.setDefaultTimeout(10_000);
      await openAsFamily(tablet, invite);
      const link = tablet.page.getByRole('link', { name: /^Take your story home/ });
      expect(await link.count()).toBe(0);

      const desk = await watchedPage(await signedInContext(browser, running.current));
      await desk.page.goto(`${running.current.url}journeys/${DOC}/settings`);
      const section = desk.page.locator('#take-home');
      expect(await section.textContent()).toContain('Only staff can download it');
      const offered = await submitWith(section.getByRole('button', { name: 'Let the family download it' }));
      expect(offered.status).toBe(303);
      await desk.page.getByRole('status').filter({ hasText: 'can now download' }).waitFor();

      await openAsFamily(tablet, invite);
      await snap(tablet.page, 'take-home-offered-tablet');
      const [download] = await Promise.all([tablet.page.waitForEvent('download'), link.tap()]);
      const saved = join(folder, 'take-home.pdf');
      await download.saveAs(saved);
      const text = tool('pdftotext', '-layout', saved, '-');
      expect(text).toContain('Money stopped');
      expect(text).not.toMatch(/£\s?\d/);
      expect([...tablet.problems, ...desk.problems]).toEqual([]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
      await browser.close();
    }
  });
});
