/** Keyboard alone, axe-core (WCAG 2.2 AA), and user text shown as text, in real Chromium. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { token, useServer, type RunningServer, exampleId } from '../server/harness.ts';
import { ARTIFACTS, launch, signedInContext, watchedPage } from './browser.ts';
import { seriousViolations } from './axe.ts';

let DOC = '';
const running = useServer();
let server: RunningServer;
let browser: Browser;
let signedIn: BrowserContext;

beforeAll(async () => {
  server = running.current;
  DOC = exampleId(server, 'family-action-single-mother');
  browser = await launch();
  signedIn = await signedInContext(browser, server);
});
afterAll(async () => {
  await browser?.close();
});

/** Press Tab until the element with this accessible name has focus. */
async function tabTo(
  page: Page,
  role: Parameters<Page['getByRole']>[0],
  name: string | RegExp,
  limit = 120,
): Promise<void> {
  const target = page.getByRole(role, { name }).first();
  for (let i = 0; i < limit; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${String(name)} with Tab`);
}

/** WCAG's contrast ratio of two opaque `rgb(r, g, b)` colours (a see-through background is refused). */
function contrast(foreground: string, background: string): number {
  const luminance = (colour: string) => {
    const parts = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(colour);
    if (!parts || (parts[4] !== undefined && Number(parts[4]) < 1)) throw new Error(`not an opaque colour: ${colour}`);
    const [r, g, b] = [parts[1], parts[2], parts[3]].map((part) => {
      const c = Number(part) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

describe('accessibility', () => {
  it('axe finds no serious or critical WCAG 2.2 AA violation on the home page, the editor and the list view', async () => {
    const { page } = await watchedPage(signedIn);
    await page.goto(server.url);
    expect(await seriousViolations(page), 'home').toEqual([]);
    await page.goto(`${server.url}journeys/${DOC}`);
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await seriousViolations(page), 'editor').toEqual([]);
    // axe sees the map's credit only when what shows behind it lets it measure: checked here whatever is behind.
    const credit = page.locator('.react-flow__attribution');
    const [text, background] = await credit.evaluate((box) => [
      getComputedStyle(box.querySelector('a')!).color,
      getComputedStyle(box).backgroundColor,
    ]);
    expect(contrast(text!, background!), `the map's credit, ${text} on ${background}`).toBeGreaterThanOrEqual(4.5);
    await page.goto(`${server.url}journeys/${DOC}/list`);
    expect(await seriousViolations(page), 'list view').toEqual([]);
    await page.goto(`${server.url}reports/costs`);
    expect(await seriousViolations(page), 'cost report').toEqual([]);
    await page.goto(`${server.url}journeys/${DOC}/costs`);
    expect(await seriousViolations(page), 'costs view').toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'costs-view.png'), fullPage: true });
    await page.goto(`${server.url}journeys/${DOC}/list`);
    await page.screenshot({ path: join(ARTIFACTS, 'list-view.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(ARTIFACTS, 'list-view-print.png'), fullPage: true });
    await page.close();
  });

  it('axe finds no serious or critical violation on a theory of change’s canvas, its panels and its list view', async () => {
    const form = new URLSearchParams({ title: 'Families moving on' });
    for (const file of ['life-swindon-chronic-crisis', 'slf-disengaged-young-people', 'slf-isolated-family'])
      form.append('journeyIds', exampleId(server, file));
    form.append('journeyIds', DOC);
    const drafted = await signedIn.request.post(`${server.url}api/toc`, {
      data: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin },
      maxRedirects: 0,
    });
    const tocPath = (drafted.headers().location ?? '').replace(/^\//, '');
    expect(tocPath).toMatch(/^toc\//);
    const { page, problems } = await watchedPage(signedIn);
    await page.goto(`${server.url}${tocPath}`);
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    expect(await seriousViolations(page), 'theory-of-change editor').toEqual([]);
    await page.getByRole('navigation', { name: 'Steps' }).getByRole('button').first().click();
    await page.getByRole('heading', { name: 'What families said' }).waitFor();
    expect(await seriousViolations(page), 'a step’s panel').toEqual([]);
    await page
      .getByRole('group', { name: /^Leads to: from / })
      .first()
      .focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'This leads to that' }).waitFor();
    expect(await seriousViolations(page), 'a link’s panel').toEqual([]);
    await page.goto(`${server.url}${tocPath}/list`);
    expect(await seriousViolations(page), 'theory-of-change list view').toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('the whole edit flow works by keyboard alone: add a stage, write words, set the level, link it', async () => {
    const { page, problems } = await watchedPage(signedIn);
    await page.goto(`${server.url}journeys/${DOC}`);
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();

    const edgesBefore = await page.locator('.react-flow__edge').count();
    await tabTo(page, 'button', 'Add a stage');
    await page.keyboard.press('Enter');
    // Asked for a name first: the dialog takes the focus; Enter answers it.
    const dialog = page.getByRole('dialog', { name: 'What should the others call you?' });
    await dialog.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await page.keyboard.type('Sam');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await tabTo(page, 'textbox', 'Headline');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await tabTo(page, 'textbox', 'In their own words');
    await page.keyboard.type('I did all of this with the keyboard.');
    await tabTo(page, 'button', /Opening up/);
    await page.keyboard.press('Space');
    await tabTo(page, 'combobox', 'This led to…');
    await page.keyboard.press('ArrowDown');

    const list = await watchedPage(signedIn);
    await expect
      .poll(
        async () => {
          await list.page.goto(`${server.url}journeys/${DOC}/list`);
          return list.page.textContent('body');
        },
        { timeout: 5000 },
      )
      .toMatch(/Typed without a mouse[\s\S]*Opening up[\s\S]*I did all of this with the keyboard\./);
    expect(await page.getByRole('button', { name: /Opening up/ }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(edgesBefore + 1);
    const focusVisible = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return style.outlineStyle !== 'none' || style.boxShadow !== 'none';
    });
    expect(focusVisible).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
    await list.page.close();
  });

  it('shows text with HTML or script in it as text', async () => {
    const { page, problems } = await watchedPage(signedIn);
    let alerted = false;
    page.on('dialog', async (dialog) => {
      alerted = true;
      await dialog.dismiss();
    });
    await page.goto(`${server.url}journeys/${DOC}`);
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await page.getByLabel('Your name').fill('<b>Jo</b>');
    await page.getByRole('button', { name: 'Add a stage', exact: true }).click();
    await page.getByLabel('Headline').fill('<img src=x onerror="alert(1)"><b>bold</b>');
    await page.getByLabel('Headline').press('Enter');
    await page.getByLabel('In their own words').fill('<script>alert("words")</script>');
    const participant = await (await browser.newContext()).newPage();
    await participant.goto(`${server.url}journeys/${DOC}?invite=${token(server, DOC, 'viewer')}`);
    const card = participant.locator('.stage-card', { hasText: '<img src=x onerror="alert(1)"><b>bold</b>' });
    await card.waitFor({ timeout: 5000 });
    expect(await card.locator('b, img').count()).toBe(0);
    expect(await card.textContent()).toContain('<script>alert("words")</script>');
    expect(alerted).toBe(false);
    expect(problems).toEqual([]);
    await participant.close();
    await page.close();
  });
});
