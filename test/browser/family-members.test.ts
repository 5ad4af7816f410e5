/**
 * The family's members on the map, as a family does it with a worker: "Family members" on the
 * toolbar opens "Who is in your family?"; two people are added (a form left empty says what to
 * fix first), one is renamed, a stage's words are said to be theirs, the lanes "per person"
 * show both names at the map's edge, and one is removed after being told what that does, and
 * put back by Undo. On a family's tablet by touch (the panel a sheet over the map), then on a
 * desktop with a mouse. All through the screens, in real Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { exampleId, token, useServer } from '../server/harness.ts';
import { seriousViolations } from './axe.ts';
import { launch, savedStatus, signedInContext, snap, tabletContext, watchedPage, type WatchedPage } from './browser.ts';

const running = useServer();
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cardNamed = (on: Page, title: string): Locator =>
  on.getByRole('group', { name: new RegExp(`^Stage \\d+ of \\d+: ${escape(title)}$`) });

/** Buttons, boxes and lists in `within` that are shown and smaller than a fingertip (44×44). */
function smallTargets(within: Locator): Promise<string[]> {
  return within.locator('button, input, select, a').evaluateAll((elements) =>
    elements.flatMap((element) => {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || (box.width >= 44 && box.height >= 44)) return [];
      return [`${element.tagName.toLowerCase()} “${element.textContent?.trim()}” ${box.width}×${box.height}`];
    }),
  );
}

interface Setting {
  name: string;
  how: 'tap' | 'click';
  /** The example journey, and two of its stages with words, in the story's order. */
  journey: string;
  first: string;
  second: string;
  open: () => Promise<WatchedPage>;
}

const settings: Setting[] = [
  {
    name: 'on a family’s tablet, by touch',
    how: 'tap',
    journey: 'slf-isolated-family',
    first: 'Low after Kai was born',
    second: "Kai's diagnosis",
    open: async () => watchedPage(await tabletContext(browser)),
  },
  {
    name: 'on a desktop, with a mouse',
    how: 'click',
    journey: 'family-action-single-mother',
    first: 'Living with their dad',
    second: 'Leaving with the four of them',
    open: async () => watchedPage(await signedInContext(browser, running.current)),
  },
];

describe.each(settings)('family members $name', ({ name, how, journey, first, second, open }) => {
  let page: Page;
  let problems: string[];
  const prefix = `members-${how === 'tap' ? 'tablet' : 'desktop'}`;
  const press = (target: Locator) => (how === 'tap' ? target.tap() : target.click());
  /** Put the cursor in a box as a person does, and type. */
  const typeInto = async (box: Locator, text: string) => {
    await press(box);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
  };
  const panel = () => page.getByRole('region', { name: 'Family members' });
  const toolbar = () => page.getByRole('toolbar', { name: 'Journey tools' });

  beforeAll(async () => {
    ({ page, problems } = await open());
    page.setDefaultTimeout(10_000);
  });

  it(`opens “Who is in your family?” from the map’s toolbar (${name})`, async () => {
    const docId = exampleId(running.current, journey);
    const invite = how === 'tap' ? `?invite=${token(running.current, docId, 'participant')}` : '';
    expect((await page.goto(`${running.current.url}journeys/${docId}${invite}`))?.status()).toBe(200);
    await savedStatus(page).waitFor();
    await cardNamed(page, first).waitFor();
    await typeInto(toolbar().getByLabel('Your name'), 'Jo (worker)');
    await press(toolbar().getByRole('button', { name: 'Family members', exact: true }));
    await panel().getByRole('heading', { name: 'Who is in your family?' }).waitFor();
    expect(
      await toolbar().getByRole('button', { name: 'Family members', exact: true }).getAttribute('aria-expanded'),
    ).toBe('true');
    if (how === 'tap') {
      // A sheet over the map's lower part, as a stage's panel is, with its close button on screen.
      const sheet = (await page.locator('aside.side.sheet').boundingBox())!;
      const map = (await page.locator('.react-flow').boundingBox())!;
      expect(sheet.y).toBeGreaterThan(map.y);
      expect(sheet.y).toBeLessThan(map.y + map.height);
    }
  });

  it('says what to fix when the form is sent empty, and adds nobody', async () => {
    const form = panel().getByRole('form', { name: 'Add someone' });
    const before = await panel().locator('.member-list > li').count();
    await press(form.getByRole('button', { name: 'Add to the family' }));
    const summary = form.locator('.error-summary');
    await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual([
      'Enter a name for them (a made-up name is fine)',
      'Choose who they are in the family',
    ]);
    // The summary takes the focus, so it is read first; its link takes the person to the box.
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    await press(summary.getByRole('link', { name: /^Enter a name/ }));
    expect(await form.getByLabel('Name').evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    expect(await panel().locator('.member-list > li').count()).toBe(before);
    await snap(page, `${prefix}-1-form-errors`, { fullPage: false });
  });

  it('adds two members and renames one', async () => {
    const form = panel().getByRole('form', { name: 'Add someone' });
    for (const [pseudonym, role, age] of [
      ['Kerry', 'Mother', '25 to 34'],
      ['Jade', 'Young person', '11 to 15'],
    ] as const) {
      await typeInto(form.getByLabel('Name'), pseudonym);
      await form.getByLabel('Who they are in the family').selectOption({ label: role });
      await form.getByLabel('How old they are').selectOption({ label: age });
      await press(form.getByRole('button', { name: 'Add to the family' }));
      await panel().getByRole('status').getByText(pseudonym).waitFor();
    }
    await savedStatus(page).waitFor();
    const listed = panel().locator('.member-list > li');
    await expect
      .poll(() => listed.allTextContents())
      .toContainEqual(expect.stringContaining('Jade young person, aged 11 to 15'));
    expect(await form.getByLabel('Name').inputValue(), 'the form is empty for the next person').toBe('');

    await press(panel().getByRole('button', { name: 'Change Jade', exact: true }));
    const change = panel().getByRole('form', { name: 'Change Jade' });
    await typeInto(change.getByLabel('Name'), 'Jade-Marie');
    await press(change.getByRole('button', { name: 'Save changes' }));
    await change.waitFor({ state: 'detached' });
    await expect.poll(() => listed.allTextContents()).toContainEqual(expect.stringContaining('Jade-Marie'));
    // Wherever the name is written, it reads in its own direction.
    const written = panel().getByText('Jade-Marie', { exact: true });
    expect(await written.evaluateAll((all) => all.map((element) => element.getAttribute('dir')))).toEqual([
      'auto',
      'auto',
      'auto',
      'auto',
    ]);
    expect(await smallTargets(panel()), 'every target in the panel is a fingertip’s size').toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await snap(page, `${prefix}-2-two-added`, { fullPage: false });
  });

  /** Open a stage from the list beside the map and say whose words it holds. */
  async function sayWhose(title: string, who: string): Promise<void> {
    await press(page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: title, exact: true }));
    const stage = page.getByRole('region', { name: new RegExp(`^Stage \\d+: ${escape(title)}$`) });
    const whose = stage.getByLabel('Whose words are these?');
    await whose.selectOption({ label: who });
    await expect.poll(() => cardNamed(page, title).locator('blockquote footer').textContent()).toBe(who);
    expect(await smallTargets(stage.locator('.speaker-picker'))).toEqual([]);
    await press(page.getByRole('button', { name: 'Close', exact: true }));
  }

  it('says whose words two stages are; the cards say so under the words', async () => {
    await press(page.getByRole('button', { name: 'Close', exact: true }));
    await sayWhose(first, 'Kerry, mother');
    await sayWhose(second, 'Jade-Marie, young person');
    await savedStatus(page).waitFor();
  });

  it('shows each person’s name as the label of their lane, beside their stage, at a readable size', async () => {
    await press(toolbar().getByRole('button', { name: 'Lanes per person' }));
    await press(page.getByRole('button', { name: 'fit view' }));
    const labels = page.getByRole('list', { name: 'Lanes, one per person' }).getByRole('listitem');
    await expect.poll(() => labels.allTextContents()).toEqual(expect.arrayContaining(['Kerry', 'Jade-Marie']));
    const map = (await page.locator('.react-flow').boundingBox())!;
    const eachLevelWithItsCard = async () => {
      for (const [pseudonym, title] of [
        ['Kerry', first],
        ['Jade-Marie', second],
      ] as const) {
        const label = labels.filter({ hasText: new RegExp(`^${pseudonym}$`) });
        // The map glides to fit: wait until the label is level with the top of its stage's card.
        await expect
          .poll(
            async () => {
              const [box, card] = await Promise.all([label.boundingBox(), cardNamed(page, title).boundingBox()]);
              if (!box || !card) return 'not drawn';
              if (box.y < map.y || box.y + box.height > map.y + map.height) return `label outside the map ${box.y}`;
              const offset = Math.round(box.y - card.y);
              return Math.abs(offset) <= 2 ? 'level with its card' : `${offset} px below its card's top`;
            },
            { timeout: 5000 },
          )
          .toBe('level with its card');
        const size = await label.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
        expect(size, 'readable at any zoom').toBeGreaterThanOrEqual(16);
        expect(await label.locator('span').getAttribute('dir')).toBe('auto');
      }
    };
    await eachLevelWithItsCard();
    await snap(page, `${prefix}-3-lanes-per-person`, { fullPage: false });
    // Large type spaces the lanes wider apart: the names follow them.
    await press(toolbar().getByRole('button', { name: 'Large type' }));
    await press(page.getByRole('button', { name: 'fit view' }));
    await eachLevelWithItsCard();
    await press(toolbar().getByRole('button', { name: 'Large type' }));
  });

  it('removes a member after saying what happens to their stages, and Undo puts them back', async () => {
    await press(toolbar().getByRole('button', { name: 'Family members', exact: true }));
    await press(panel().getByRole('button', { name: 'Remove Jade-Marie', exact: true }));
    const confirm = panel().getByRole('group', { name: 'Remove Jade-Marie?' });
    expect(await confirm.textContent()).toContain('1 stage is in their words. It will say “the family” instead.');
    expect(await confirm.textContent()).toContain('You can undo this.');
    expect(await smallTargets(confirm), 'both answers are a fingertip’s size').toEqual([]);
    await snap(page, `${prefix}-4-remove-asks`, { fullPage: false });
    await press(confirm.getByRole('button', { name: 'Yes, remove them' }));
    await panel().getByRole('status').getByText('Jade-Marie').waitFor();
    const labels = page.getByRole('list', { name: 'Lanes, one per person' }).getByRole('listitem');
    await expect.poll(() => labels.allTextContents()).not.toContain('Jade-Marie');
    await expect.poll(() => cardNamed(page, second).locator('blockquote footer').textContent()).toBe('the family');
    expect(await labels.allTextContents()).toContain('Not said');
    await savedStatus(page).waitFor();
    await snap(page, `${prefix}-5-removed`, { fullPage: false });

    await press(toolbar().getByRole('button', { name: 'Undo', exact: true }));
    await expect.poll(() => labels.allTextContents()).toContain('Jade-Marie');
    await expect
      .poll(() => cardNamed(page, second).locator('blockquote footer').textContent())
      .toBe('Jade-Marie, young person');
    await savedStatus(page).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});

describe('the list view', () => {
  it('quotes a stage’s words by the member’s name and role, never “a parent”', async () => {
    const { page, problems } = await watchedPage(await signedInContext(browser, running.current));
    const docId = exampleId(running.current, 'family-action-single-mother');
    await page.goto(`${running.current.url}journeys/${docId}/list`);
    const stage = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Living with their dad', exact: true }) });
    expect((await stage.locator('blockquote footer').textContent())?.replace(/\s+/g, ' ').trim()).toBe(
      'In the words of Kerry, mother',
    );
    expect(await page.getByText('a parent').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
