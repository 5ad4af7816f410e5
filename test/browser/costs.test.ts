/**
 * Cost events on the map: one person adds an event, another sees the stage's total change. Both
 * are staff: costs are for staff unless a facilitator shows them (costs-visibility.test.ts).
 */
import { join } from 'node:path';
import { describe, expect, it, beforeAll } from 'vitest';
import { useServer, exampleId } from '../server/harness.ts';
import { ARTIFACTS, launch, signedInContext, watchedPage } from './browser.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});

describe('cost events', () => {
  it('an event added on a stage in one client changes that stage’s total in another', async () => {
    const browser = await launch();
    try {
      const [a, b] = await Promise.all([
        watchedPage(await signedInContext(browser, running.current)),
        watchedPage(await signedInContext(browser, running.current)),
      ]);
      for (const [i, { page }] of [a, b].entries()) {
        await page.goto(`${running.current.url}journeys/${DOC}`);
        await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
        await page.getByLabel('Your name').fill(['Dawn', 'Gary'][i]!);
      }
      const stageTitle = 'Money stopped';
      const cardCosts = () => b.page.locator('.stage-card', { hasText: stageTitle }).locator('.costs p').textContent();
      const before = await cardCosts();
      expect(before).toMatch(/cost events?: £[\d,]+/);

      await a.page
        .getByRole('navigation', { name: 'Stages' })
        .getByRole('button', { name: stageTitle, exact: true })
        .click();
      await a.page.getByLabel('What happened').selectOption('police_callout');
      await a.page.getByLabel(/How many/).fill('4');
      await a.page.getByLabel('When, compared with support').selectOption('before');
      await a.page.getByRole('button', { name: 'Add the event' }).click();
      const listed = a.page
        .getByRole('region', { name: 'Events that cost public services' })
        .getByText('Police call-out');
      await listed.first().waitFor();
      expect(await a.page.getByRole('region', { name: 'Events that cost public services' }).textContent()).toMatch(
        /CR1\.1, 2002\/03 prices uprated to 2015\/16; Unit Cost Database v1\.4, New Economy \/ GMCA, CC BY 4\.0/,
      );

      await expect.poll(cardCosts, { timeout: 2000 }).not.toBe(before);
      expect(
        await b.page.locator('.stage-card', { hasText: stageTitle }).locator('.costs li').allTextContents(),
      ).toContain('Police call-out × 4 (before)');
      const amount = (text: string | null) => Number((text ?? '').replace(/.*£/, '').replace(/,/g, ''));
      // Four police call-outs at £35 in 2002/03 prices are £188.58 in 2015/16 prices (factor 1.347);
      // the card shows whole pounds, so the difference of two rounded totals is within £1.
      expect(Math.abs(amount(await cardCosts()) - amount(before) - 4 * 35 * 1.347)).toBeLessThan(1);
      await a.page.screenshot({ path: join(ARTIFACTS, 'editor-cost-events.png') });
      expect([...a.problems, ...b.problems]).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('a change the document refuses is said in the panel, as the theory-of-change panels say theirs, and nothing breaks', async () => {
    const browser = await launch();
    try {
      const { page, problems } = await watchedPage(await signedInContext(browser, running.current));
      await page.goto(`${running.current.url}journeys/${DOC}`);
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      await page.getByLabel('Your name').fill('Dawn');
      await page
        .getByRole('navigation', { name: 'Stages' })
        .getByRole('button', { name: 'Money stopped', exact: true })
        .click();
      const panel = page.getByRole('region', { name: 'Events that cost public services' });
      await panel.waitFor();
      const before = await panel.getByRole('listitem').count();
      await page.getByLabel('What happened').selectOption('police_callout');
      await page.getByLabel(/How many/).fill('0');
      await page.getByRole('button', { name: 'Add the event' }).click();
      // The same inline message the theory-of-change panels show (a `.note` alert), in plain words.
      const said = panel.locator('p.note[role="alert"]');
      await said.waitFor();
      expect(await said.textContent()).toMatch(/1|at least|too small/i);
      expect(await said.textContent()).not.toMatch(/addCostEvent|\$\./);
      expect(await panel.getByRole('listitem').count()).toBe(before);
      // The panel goes on working: a good value is taken, and the message goes.
      await page.getByLabel(/How many/).fill('2');
      await page.getByRole('button', { name: 'Add the event' }).click();
      await expect.poll(() => panel.getByRole('listitem').count(), { timeout: 3000 }).toBe(before + 1);
      expect(await said.count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
