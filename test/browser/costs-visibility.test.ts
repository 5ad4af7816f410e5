/**
 * Who sees costs, through the screens (issue 16): a family on a tablet opening their invite sees
 * the map without a cost figure or a cost section; a facilitator shows costs on the journey's
 * settings page with its button; the family opens the invite again and sees them.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { exampleId, token, useServer } from '../server/harness.ts';
import { launch, signedInContext, snap, submitWith, tabletContext, watchedPage, type WatchedPage } from './browser.ts';

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
});
