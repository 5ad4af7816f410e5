/**
 * Errors people can act on, in real Chromium, reached through the screens alone (server/SPEC.md
 * PAGE1, PAGE2, AUTH8): forms filled in wrongly come back with GOV.UK's error summary and what
 * was typed, and once fixed lead on; a wrong password is the sign-in form again, saying so; a
 * used enrolment link, an unknown journey and an unknown address are pages with the header and
 * a way back; signing out with the button ends the session.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { enrolmentUrl, staffAccount, useServer } from '../server/harness.ts';
import { ARTIFACTS, launch, signedInContext, watchedPage } from './browser.ts';
import { seriousViolations } from './axe.ts';

const running = useServer();
let browser: Browser;
let facilitator: BrowserContext;
let page: Page;
let problems: string[];
let journeyUrl = '';

const url = (path: string) => new URL(path, running.current.url).href;

beforeAll(async () => {
  browser = await launch();
  facilitator = await signedInContext(browser, running.current);
  ({ page, problems } = await watchedPage(facilitator));
});
afterAll(async () => {
  await browser?.close();
});

/** What pressing a form's button led to: the answer to the form, and the page landed on. */
async function submit(button: Locator): Promise<{ answer: number; landed: Response }> {
  const [landed] = await Promise.all([page.waitForNavigation(), button.click()]);
  if (!landed) throw new Error('pressing the button loaded no page');
  const first = landed.request().redirectedFrom();
  const answer = first ? (await first.response())!.status() : landed.status();
  return { answer, landed };
}

const form = (button: string) =>
  page.locator('form').filter({ has: page.getByRole('button', { name: button, exact: true }) });
const summary = () => page.locator('.error-summary');

/** The error summary's links, as a person reads them. */
const summaryLinks = async () => (await summary().getByRole('link').allTextContents()).map((t) => t.trim());

/** Screenshots at a desktop's and a tablet's size, for people to look at. */
async function shoot(name: string, on: Page = page): Promise<void> {
  await on.screenshot({ path: join(ARTIFACTS, `${name}-desktop.png`), fullPage: true });
  await on.setViewportSize({ width: 820, height: 1180 });
  await on.screenshot({ path: join(ARTIFACTS, `${name}-tablet.png`), fullPage: true });
  await on.setViewportSize({ width: 1400, height: 900 });
}

/** A refusal page: the site's header, the heading, and a way back home. */
async function expectRefusal(heading: string): Promise<void> {
  await page.getByRole('banner').getByRole('link', { name: 'Turning Points' }).waitFor();
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(heading);
  await page.getByRole('main').getByRole('link', { name: 'Go to the home page' }).waitFor();
}

describe('forms filled in wrongly, then fixed', () => {
  it('PAGE1: starting a journey with too long a title and no agreement shows the summary, keeps the input, then starts it', async () => {
    expect((await page.goto(running.current.url))?.status()).toBe(200);
    const start = form('Start the journey');
    const pasted =
      `Spring workshop with the Lane family, ${'and all the people who helped them along the way, '.repeat(3)}`.trim();
    expect(pasted.length).toBeGreaterThan(120);
    await start.getByLabel('Title').fill(pasted);
    await start.getByLabel('Pseudonym for a new family (not their real name)').fill('The Lane family');
    await start
      .getByLabel('Start from')
      .selectOption({ label: 'Story prompts: six moments to start the conversation' });
    const refused = await submit(start.getByRole('button', { name: 'Start the journey' }));

    expect(refused.answer).toBe(400);
    expect(page.url()).toBe(running.current.url);
    await page.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    expect(await summaryLinks()).toEqual([
      `Title: at most 120 characters; this one has ${pasted.length}`,
      "The family's agreement: tick the box once the family has agreed to map their journey with you",
    ]);
    // Beside the fields too; and everything as typed, nothing cut.
    await start.getByText(`At most 120 characters; this one has ${pasted.length}`).waitFor();
    await start.getByText('Tick the box once the family has agreed').waitFor();
    expect(await start.getByLabel('Title').inputValue()).toBe(pasted);
    expect(await start.getByLabel('Pseudonym for a new family (not their real name)').inputValue()).toBe(
      'The Lane family',
    );
    expect(await start.getByLabel('Start from').inputValue()).toBe('story-prompts');
    expect(await start.getByLabel('The family has agreed to map their journey with us').isChecked()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot('forms-error-summary');

    // The summary's link takes the person to the field.
    await summary()
      .getByRole('link', { name: /^Title:/ })
      .click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-journey-title');

    await start.getByLabel('Title').fill('Spring workshop with the Lane family');
    await start.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submit(start.getByRole('button', { name: 'Start the journey' }));
    expect(started.answer).toBe(303);
    expect(started.landed.status()).toBe(200);
    expect(page.url()).toMatch(/\/journeys\/j_[0-9a-z]{16}$/);
    expect(await page.title()).toMatch(/^Spring workshop with the Lane family/);
    journeyUrl = page.url();
  });

  it('PAGE1: drafting a theory of change with nothing chosen shows the summary, keeps the choices, then drafts it', async () => {
    await page.getByRole('banner').getByRole('link', { name: 'Turning Points' }).click();
    await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
    const draft = form('Draft the theory of change');
    const journeys = draft
      .getByRole('group', { name: 'Draft a theory of change from these journeys' })
      .getByRole('checkbox');
    for (const box of await journeys.all()) await box.uncheck();
    await draft.getByLabel('Title', { exact: true }).fill('');
    await draft.getByLabel('Draft a step only when at least this many families share it').fill('two');
    const refused = await submit(draft.getByRole('button', { name: 'Draft the theory of change' }));

    expect(refused.answer).toBe(400);
    expect(await summaryLinks()).toEqual([
      'Journeys: choose at least one journey',
      'Title: give the theory of change a title',
      'Families who share a step: enter a whole number from 1 to 1000, or leave it empty to let the draft choose',
    ]);
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    for (const box of await journeys.all()) expect(await box.isChecked()).toBe(false);
    expect(await draft.getByLabel('Draft a step only when at least this many families share it').inputValue()).toBe(
      'two',
    );

    await draft.getByLabel('The Holt family: from nobody to ring to a door left open').check();
    await draft.getByLabel('The Ashby family: Mason finds somewhere to be').check();
    await draft.getByLabel('Title', { exact: true }).fill('How families move on');
    await draft.getByLabel('Draft a step only when at least this many families share it').fill('2');
    const drafted = await submit(draft.getByRole('button', { name: 'Draft the theory of change' }));
    expect(drafted.answer).toBe(303);
    expect(drafted.landed.status()).toBe(200);
    expect(page.url()).toMatch(/\/toc\/t_[0-9a-z]{16}$/);
  });

  it('PAGE1: making an invite without choosing how they join shows the summary, keeps the time, then makes the link', async () => {
    expect((await page.goto(journeyUrl))?.status()).toBe(200);
    await page.getByRole('link', { name: 'Invite people to this journey' }).click();
    await page.waitForURL(`${journeyUrl}/invite`);
    await page.getByLabel('The link works for').selectOption({ label: 'a week' });
    const refused = await submit(page.getByRole('button', { name: 'Make an invite link' }));

    expect(refused.answer).toBe(400);
    expect(await summaryLinks()).toEqual([
      'They join as: choose whether they can add to it and change it (participant) or only look (viewer)',
    ]);
    expect(await page.getByLabel('The link works for').inputValue()).toBe('168');
    expect(await page.getByRole('link', { name: /\?invite=/ }).count()).toBe(0);

    await page.getByLabel('They join as').selectOption('participant');
    const made = await submit(page.getByRole('button', { name: 'Make an invite link' }));
    // Made, it answers 303 back to the invite page, at the link it shows once.
    expect([made.answer, made.landed.status()]).toEqual([303, 200]);
    expect(page.url()).toBe(`${journeyUrl}/invite#made`);
    expect(await page.getByRole('link', { name: /\?invite=/ }).textContent()).toMatch(
      /\/journeys\/[\w-]+\?invite=[\w.-]+$/,
    );
    expect(await summary().count()).toBe(0);
  });
});

describe('refusals', () => {
  it('AUTH10: a wrong password is the sign-in form again, saying so, with the email as typed; the right one signs in', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const { page: signin, problems: signinProblems } = await watchedPage(context);
    const account = await staffAccount(running.current, 'facilitator');
    await signin.goto(url('/signin'));
    await signin.getByLabel('Email address').fill(account.email);
    await signin.getByLabel('Password', { exact: true }).fill('not my password at all');
    const [refused] = await Promise.all([
      signin.waitForNavigation(),
      signin.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    expect(refused?.status()).toBe(401);
    expect(await signin.title()).toMatch(/^Error: Sign in/);
    await signin.getByRole('alert').getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect((await signin.locator('.error-summary').getByRole('link').allTextContents()).map((t) => t.trim())).toEqual([
      expect.stringContaining('That email address and password do not match an account. Check them and try again.'),
    ]);
    expect(await signin.getByLabel('Email address').inputValue()).toBe(account.email);
    expect(await signin.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await seriousViolations(signin)).toEqual([]);
    await shoot('signin-wrong-password', signin);

    await signin.getByLabel('Password', { exact: true }).fill(account.password);
    const [signedIn] = await Promise.all([
      signin.waitForNavigation(),
      signin.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    expect(signedIn?.status()).toBe(200);
    await signin.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
    expect(signinProblems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    await context.close();
  });

  it('PAGE2: an enrolment link opened a second time is a page with the header and a way back', async () => {
    // The first admin's link, which this store (no admin yet) printed, used through its form.
    const link = await enrolmentUrl(running.current);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const { page: enrol } = await watchedPage(context);
    await enrol.goto(link);
    expect(new URL(enrol.url()).search, 'the code has left the address').toBe('');
    await enrol.getByRole('heading', { level: 1, name: 'Set up the first admin account' }).waitFor({ timeout: 10_000 });
    await enrol.getByLabel('Your name').fill('Ada Admin');
    await enrol.getByLabel('Your email address').fill('ada-admin@example.org');
    await enrol.getByLabel('Choose a password').fill('a long and quiet morning by the sea');
    await Promise.all([
      enrol.waitForNavigation(),
      enrol.getByRole('button', { name: 'Set my password and sign in' }).click(),
    ]);
    expect(new URL(enrol.url()).pathname).toBe('/account');
    await context.close();

    const again = await page.goto(link);
    expect(again?.status()).toBe(401);
    await expectRefusal('This link does not work any more');
    await page.getByRole('main').getByText('An enrolment or recovery link works once').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shoot('refusal-used-enrolment-link');
    const [home] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('link', { name: 'Go to the home page' }).click(),
    ]);
    expect(home?.status()).toBe(200);
    expect(page.url()).toBe(running.current.url);
  });

  it('PAGE2: a journey that does not exist, and an address that is no page, are 404 pages', async () => {
    expect((await page.goto(url('/journeys/no-such-journey')))?.status()).toBe(404);
    await expectRefusal('There is no journey here');
    expect((await page.goto(url('/no/such/page')))?.status()).toBe(404);
    await expectRefusal('Page not found');
  });
});

describe('signing out', () => {
  it('AUTH8: the Sign out button lands on the home page signed out, and the old session opens nothing', async () => {
    const session = (await facilitator.cookies()).find((cookie) => cookie.name === 'tp_session');
    expect(session, 'signed in before signing out').toBeDefined();
    await page.goto(running.current.url);
    const out = await submit(page.getByRole('button', { name: 'Sign out' }));
    expect(out.answer).toBe(303);
    expect(out.landed.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Turning Points' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);

    // The check, outside the browser: the cookie's old value no longer signs anyone in.
    const cookie = `${session!.name}=${session!.value}`;
    expect((await fetch(journeyUrl, { headers: { cookie } })).status).toBe(401);
    expect(await (await fetch(running.current.url, { headers: { cookie } })).text()).not.toContain('<h1>Journeys</h1>');
    // Chromium notes each page answered 400 or 401 above in the console; those were the point.
    expect(problems.filter((p) => !/responded with a status of 40[01] /.test(p))).toEqual([]);
  });
});
