/**
 * An admin at work, through the screens. On /admin: adds a facilitator (typing, pressing the
 * button) and sees their one-time enrolment link once; reloading shows it no more and leaves it
 * working (it used to post the form again, making a new link that ended the one handed on); the
 * same for a recovery link; turning the account off asks first, and Cancel changes nothing. Then
 * the audit log, after a family's tablet opened an invite and someone mistyped a password: rows
 * in words, people and journeys by name, dates the UK way, and no word broken inside at 1366 or
 * 1920 wide; filtered by an invite. Screenshots of each step, at 1366×900 and 1920×1080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, savedStatus, signedInContext, snap, submitWith, tabletContext, watchedPage } from './browser.ts';
import { useServer, exampleId } from '../server/harness.ts';
import { wcagViolations } from './axe.ts';

let DOC = '';
const TITLE = 'The Holt family: from nobody to ring to a door left open';
const running = useServer();
beforeAll(() => {
  DOC = exampleId(running.current, 'slf-isolated-family');
});
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let problems: string[];
const at = (path: string) => new URL(path, running.current.url).href;

beforeAll(async () => {
  browser = await launch();
  admin = await signedInContext(browser, running.current, 'admin');
  ({ page, problems } = await watchedPage(admin));
  await page.setViewportSize({ width: 1366, height: 900 });
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
});

/** Open a one-time link in a browser of its own: the page it leads to says whether it still works. */
async function opens(link: string): Promise<string> {
  const context = await browser.newContext();
  try {
    const fresh = await context.newPage();
    await fresh.goto(link);
    return (await fresh.getByRole('heading', { level: 1 }).textContent()) ?? '';
  } finally {
    await context.close();
  }
}

/**
 * Every word in the cells of the audit table that the browser broke across two lines: a word
 * laid out on one line has one box, a word broken inside has two.
 */
function wordsBrokenInside(on: Page): Promise<string[]> {
  return on.evaluate(() => {
    const broken: string[] = [];
    const cells = document.querySelectorAll('table.audit th, table.audit td');
    for (const cell of cells) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (lines.size > 1) broken.push(match[0]);
        }
      }
    }
    return broken;
  });
}

describe('the admin pages', () => {
  it('adds a staff member; the enrolment link is shown once, and a reload neither shows it nor ends it', async () => {
    await page.goto(at('/'));
    await page.getByRole('link', { name: 'Staff and projects' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff and projects');
    await page.getByLabel('Name', { exact: true }).fill('Priya Shah');
    await page.getByLabel('Email address').fill('priya@example.org');
    const added = await submitWith(page.getByRole('button', { name: 'Add and make an enrolment link' }));
    expect(added.status, 'the form answers with a redirect').toBe(303);
    expect(added.landedStatus).toBe(200);
    await page.getByText('This link is shown only now').waitFor();
    const enrolment = ((await page.locator('.made code').textContent()) ?? '').trim();
    expect(enrolment).toContain('/enrol?code=');
    expect(await wcagViolations(page)).toEqual([]);
    await snap(page, 'admin-added-staff');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await snap(page, 'admin-added-staff-1920', { fullPage: false });
    await page.setViewportSize({ width: 1366, height: 900 });

    // Reloading asks for the page, not the form again: no link, a word about it, and the one handed on still works.
    const reloaded = await page.reload();
    expect(reloaded?.request().method()).toBe('GET');
    await page.getByText('Their enrolment link was shown once').waitFor();
    expect(await page.locator('.made').count()).toBe(0);
    expect(await page.getByRole('row', { name: /Priya Shah/ }).count()).toBe(1);
    expect(await opens(enrolment)).toBe('Set up signing in, Priya Shah');
    expect(problems).toEqual([]);
  });

  it('makes a recovery link, shown once; a reload leaves it working', async () => {
    await submitWith(page.getByRole('button', { name: 'Recovery link for Priya Shah' }));
    await page.getByRole('heading', { name: 'Recovery link for Priya Shah' }).waitFor();
    const recovery = ((await page.locator('.made code').textContent()) ?? '').trim();
    expect(recovery).toContain('/enrol?code=');
    await page.reload();
    await page.getByText('Recovery link made. It was shown once').waitFor();
    expect(await page.locator('.made').count()).toBe(0);
    expect(await opens(recovery)).toBe('Set up signing in, Priya Shah');
    expect(problems).toEqual([]);
  });

  it('asks before turning an account off; Cancel changes nothing', async () => {
    const asked = await submitWith(page.getByRole('button', { name: 'Turn off account of Priya Shah' }));
    expect(asked.status).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Turn off Priya Shah’s account?' }).waitFor();
    await page.getByText('They will be signed out everywhere').waitFor();
    expect(await wcagViolations(page)).toEqual([]);
    await snap(page, 'admin-turn-off-confirm');
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.getByRole('heading', { level: 1, name: 'Staff and projects' }).waitFor();
    expect(await page.getByRole('row', { name: /Priya Shah/ }).textContent()).not.toContain('Turned off');

    await submitWith(page.getByRole('button', { name: 'Turn off account of Priya Shah' }));
    const done = await submitWith(page.getByRole('button', { name: 'Turn off the account' }));
    expect(done.status).toBe(303);
    await page.getByText('Account turned off.').waitFor();
    expect(await page.getByRole('row', { name: /Priya Shah/ }).textContent()).toContain('Turned off');
    expect(problems).toEqual([]);
  });

  it('reads the audit log in words, with nothing broken inside a word at 1366 and 1920 wide', async () => {
    // Things worth reading: an invite made and opened on a family's tablet, and a mistyped password.
    await page.goto(at(`/journeys/${DOC}/invite`));
    await page.getByLabel('They join as').selectOption('participant');
    await submitWith(page.getByRole('button', { name: 'Make an invite link' }));
    const invite = ((await page.getByRole('link', { name: /\?invite=/ }).textContent()) ?? '').trim();
    const tablet = await tabletContext(browser);
    const family = await tablet.newPage();
    await family.goto(invite);
    await savedStatus(family).waitFor();
    await tablet.close();
    const stranger = await browser.newContext();
    const signin = await stranger.newPage();
    await signin.goto(at('/signin'));
    await signin.getByLabel('Email address').fill('priya@example.org');
    await signin.getByLabel('Password', { exact: true }).fill('not her password at all');
    await signin.getByRole('button', { name: 'Sign in', exact: true }).click();
    await signin.locator('.error-summary').getByText('do not match an account').waitFor();
    await stranger.close();

    await page.goto(at('/'));
    await page.getByRole('link', { name: 'Audit log', exact: true }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    const table = page.locator('table.audit');
    const text = (await table.textContent()) ?? '';
    for (const words of [
      'Added a member of staff',
      'Made a recovery link',
      'Turned off an account',
      'Made an invite',
      'Opened an invite link',
      'Joined the live map',
      'Sign-in refused: wrong password',
      `invite for ${TITLE} (participant)`,
      'Priya Shah',
    ])
      expect(text, words).toContain(words);
    // The codes stay beside the words; the journey is named by its title; dates are the UK way.
    expect(text).toContain('staff.add');
    expect(await table.getByRole('cell', { name: TITLE, exact: true }).count()).toBeGreaterThan(0);
    expect(await table.locator('time').first().textContent()).toMatch(
      /^\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}$/,
    );

    for (const [width, height] of [
      [1366, 900],
      [1920, 1080],
    ] as const) {
      await page.setViewportSize({ width, height });
      expect(await wordsBrokenInside(page), `words broken inside at ${width} wide`).toEqual([]);
      const overflow = await table.evaluate((element) => element.scrollWidth - element.clientWidth);
      expect(overflow, `the table fits at ${width} wide`).toBeLessThanOrEqual(0);
      await snap(page, `admin-audit-${width}`, { fullPage: false });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await wcagViolations(page)).toEqual([]);
    await snap(page, 'admin-audit-1366-full');

    // Filtered by the invite, told apart from others by when it was made.
    const person = page.getByLabel('Person');
    const choice = (await person
      .locator('option', { hasText: `invite for ${TITLE} (participant), made` })
      .textContent())!;
    await person.selectOption({ label: choice });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/person=grant/);
    const rows = await page.locator('table.audit tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.every((row) => row.includes(`invite for ${TITLE} (participant)`))).toBe(true);
    expect(await wordsBrokenInside(page)).toEqual([]);
    await snap(page, 'admin-audit-invite');
    expect(problems).toEqual([]);
  });
});
