/**
 * The evaluator's page, through the screens: a facilitator makes an evaluator link on the theory
 * of change's invite page with the form's button; the evaluator opens it in a browser of their
 * own, reads the pseudonymised steps, and downloads the JSON through the page's link (the page's
 * cookie carries the token: no header to set). The page passes axe (WCAG 2.2 AA).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../server/harness.ts';
import { launch, signIn, snap, submitWith, watchedPage } from './browser.ts';
import { wcagViolations } from './axe.ts';

const running = useServer();
let browser: Browser;
let staffPage: Page;
let tocId = '';
let evaluatorLink = '';

const TITLE = 'What helped families, for the evaluator’s page';

beforeAll(async () => {
  browser = await launch();
  ({ page: staffPage } = await watchedPage(await browser.newContext({ viewport: { width: 1400, height: 900 } })));
  staffPage.setDefaultTimeout(15_000);
});
afterAll(async () => {
  await browser?.close();
});

describe('the evaluator’s page', () => {
  it('staff make an evaluator link on the invite page, by its button', async () => {
    await signIn(staffPage, running.current);
    const form = staffPage
      .locator('form')
      .filter({ has: staffPage.getByRole('button', { name: 'Draft the theory of change', exact: true }) });
    await form.getByLabel('Title', { exact: true }).fill(TITLE);
    const drafted = await submitWith(form.getByRole('button', { name: 'Draft the theory of change' }));
    expect(drafted.status).toBe(303);
    tocId = /\/toc\/([\w-]+)$/.exec(drafted.landedUrl)?.[1] ?? '';
    await staffPage.goto(`${running.current.url}toc/${tocId}/invite`);
    await staffPage.getByLabel('They join as').selectOption({ value: 'evaluator' });
    await staffPage.getByLabel('It works for').selectOption({ label: 'a week' });
    const made = await submitWith(staffPage.getByRole('button', { name: 'Make the invite' }));
    expect([made.status, made.landedStatus]).toEqual([303, 200]);
    evaluatorLink = ((await staffPage.locator('#evaluator-page-link').textContent()) ?? '').trim();
    expect(evaluatorLink).toContain(`/evaluate/${tocId}?token=`);
  });

  it('the evaluator opens it in a browser of their own, reads the page and downloads the JSON', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    try {
      const { page, problems } = await watchedPage(context);
      page.setDefaultTimeout(15_000);
      await page.goto(evaluatorLink);
      // The token left the address at once: the page is shown at the address without it.
      expect(page.url()).toBe(`${running.current.url}evaluate/${tocId}`);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Impact' }).waitFor();
      expect(await page.getByText(/^Families: /).count()).toBeGreaterThan(0);
      await page.getByRole('heading', { name: 'What this rests on' }).waitFor();
      await snap(page, 'evaluator-page-01');

      expect(await wcagViolations(page)).toEqual([]);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'JSON', exact: true }).click(),
      ]);
      const path = await download.path();
      const { readFileSync } = await import('node:fs');
      const json = JSON.parse(readFileSync(path, 'utf8')) as { id: string; title: string; journeyIds: string[] };
      expect(json.title).toBe(TITLE);
      // Keys for this grant, never the stored journey ids.
      expect(json.journeyIds.length).toBe(4);
      for (const id of json.journeyIds) expect(id).toMatch(/^j-[\w-]{16}$/);

      // Nothing else opens with the page's cookie.
      const canvas = await page.goto(`${running.current.url}toc/${tocId}`);
      expect(canvas?.status()).toBe(401);
      expect(problems.filter((p) => !/401/.test(p))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
