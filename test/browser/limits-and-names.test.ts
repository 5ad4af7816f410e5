/**
 * Who is who, and limits said: two devices nobody has named yet are never both "Guest", and a
 * paste longer than a box allows is refused with the limit named, never cut.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it, beforeAll } from 'vitest';
import { token, useServer, exampleId } from '../server/harness.ts';
import { launch, tabletContext, watchedPage } from './browser.ts';

let DOC = '';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'family-action-single-mother');
});

describe('names and limits', () => {
  it('two unnamed tablets show as two different devices, and each is asked its name before its first change', async () => {
    const browser = await launch();
    try {
      const pages: Page[] = [];
      for (let i = 0; i < 2; i++) {
        const { page } = await watchedPage(await tabletContext(browser));
        await page.goto(`${running.current.url}journeys/${DOC}?invite=${token(running.current, DOC, 'participant')}`);
        await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
        pages.push(page);
      }
      const names = async () =>
        (await pages[0]!.getByRole('list', { name: 'Who is here' }).getByRole('listitem').allTextContents()).map(
          (name) => name.replace(' (you)', ''),
        );
      await expect.poll(async () => (await names()).length, { timeout: 3000 }).toBe(2);
      await expect.poll(async () => new Set(await names()).size, { timeout: 3000 }).toBe(2);
      for (const name of await names()) expect(name).toMatch(/^Tablet \d+$/);

      await pages[1]!.getByRole('button', { name: 'Add a stage', exact: true }).tap();
      const dialog = pages[1]!.getByRole('dialog', { name: 'What should the others call you?' });
      await dialog.getByRole('button', { name: /^Stay as “Tablet \d+”$/ }).tap();
      await pages[1]!.getByLabel('Headline').waitFor();
      for (const page of pages) await page.context().close();
    } finally {
      await browser.close();
    }
  });

  it('a paste past a box’s limit is refused whole, naming the limit and its length; nothing is cut', async () => {
    const browser = await launch();
    try {
      const { page, problems } = await watchedPage(await browser.newContext());
      await page.goto(`${running.current.url}journeys/${DOC}?invite=${token(running.current, DOC, 'participant')}`);
      await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
      await page.getByLabel('Your name').fill('Gemma');
      await page.getByRole('navigation', { name: 'Stages' }).getByRole('button').first().click();
      const headline = page.getByLabel('Headline');
      const before = await headline.inputValue();

      // A headline (shared text, 120 characters at most).
      await headline.click();
      await page.keyboard.press('End');
      await page.keyboard.insertText(' ' + 'and then '.repeat(20));
      await page.getByText(/at most 120 characters, and that would make it \d+\. Nothing was added/).waitFor();
      expect(await headline.inputValue()).toBe(before);

      // What helped (500 at most): the words stay as pasted, and it cannot be added till shorter.
      const factor = page.getByLabel('Something that helped, or got in the way');
      await factor.fill('x'.repeat(501));
      expect(await factor.inputValue()).toHaveLength(501);
      await page.getByText('This can be at most 500 characters, and it has 501.').waitFor();
      expect(await page.getByRole('button', { name: 'It helped', exact: true }).isDisabled()).toBe(true);

      // Someone's name (40 at most).
      const name = page.getByLabel('Your name');
      await name.click();
      await page.keyboard.press('End');
      await page.keyboard.insertText(' Louise Harrington-Smythe the Third of Swindon');
      await page.getByText(/A name can be at most 40 characters, and that would make it \d+/).waitFor();
      expect(await name.inputValue()).toBe('Gemma');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
