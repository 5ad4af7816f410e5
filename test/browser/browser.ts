/**
 * Browser harness: the system Chromium driven by playwright-core (build machines cannot
 * download browsers), against a real server process started by the server harness.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';
import { expect } from 'vitest';
import { root, staffAccount, type RunningServer, type StaffAccount } from '../server/harness.ts';
import type { StaffRole } from '../../server/storage/access-records.ts';

export const ARTIFACTS = join(root, 'test-results');

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A page that fails the test on any script error or CSP violation. */
export async function watchedPage(context: BrowserContext): Promise<WatchedPage> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/favicon|status of 404/.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

/** A browser context signed in (through the sign-in page) as a new staff member of the default project. */
export async function signedInContext(
  browser: Browser,
  server: RunningServer,
  role: StaffRole = 'facilitator',
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await signIn(page, server, await staffAccount(server, role));
  await page.close();
  return context;
}

/** A page with the script errors and CSP violations seen on it so far. */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

/** The facilitator's desktop (1400×900) and a family's tablet, as two people in one workshop: each waits up to 10 s. */
export async function deskAndTablet(browser: Browser): Promise<{ desk: WatchedPage; tablet: WatchedPage }> {
  const desk = await watchedPage(await browser.newContext({ viewport: { width: 1400, height: 900 } }));
  const tablet = await watchedPage(await tabletContext(browser));
  for (const { page } of [desk, tablet]) page.setDefaultTimeout(10_000);
  return { desk, tablet };
}

/** A family's tablet: touch, a phone-class browser, portrait; no cookies, no account. */
export function tabletContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 820, height: 1180 } });
}

/** Save what the person sees at this step to ARTIFACTS, as `<name>.png` (the whole page, unless told). */
export async function snap(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  // A whole long page on a busy two-core machine can take more than the default 10 s to draw;
  // the picture is for people to look at, not what the test checks, so it gets time.
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage, timeout: 30_000 });
}

/**
 * Sign in as staff do with a password: the sign-in page, their email and password typed, the
 * button pressed. Fails unless it lands on the signed-in home page ("Journeys"). Without an
 * account, a new facilitator of the default project is made first.
 */
export async function signIn(page: Page, server: RunningServer, account?: StaffAccount): Promise<StaffAccount> {
  const staff = account ?? (await staffAccount(server, 'facilitator'));
  await page.goto(new URL('/signin', server.url).href);
  await page.getByLabel('Email address').fill(staff.email);
  await page.getByLabel('Password', { exact: true }).fill(staff.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor({ timeout: 10_000 });
  expect(page.url()).toBe(server.url);
  return staff;
}

/** What submitting a form did: the answer to the form itself, and the page the person landed on. */
export interface Submitted {
  /** The status of the form's own request (303 for a form that redirects). */
  status: number;
  /** The status of the page shown at the end (after any redirect). */
  landedStatus: number;
  landedUrl: string;
}

/**
 * Submit a form with its button, by click or (on a touch device) by tap, and wait for the page
 * it leads to. Assert on the result: a refused form is a failed step.
 */
export async function submitWith(button: Locator, how: 'click' | 'tap' = 'click'): Promise<Submitted> {
  const page = button.page();
  const isNavigation = (response: Response) =>
    response.request().isNavigationRequest() && response.frame() === page.mainFrame();
  const first = page.waitForResponse(isNavigation);
  const last = page.waitForResponse((r) => isNavigation(r) && !(r.status() >= 300 && r.status() < 400));
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  const answered = Promise.all([first, last, committed]);
  // Should the click itself fail, that is the error to report, not these waits timing out later.
  answered.catch(() => undefined);
  await (how === 'tap' ? button.tap() : button.click());
  const [answer, landed] = await answered;
  await page.waitForLoadState('load');
  return { status: answer.status(), landedStatus: landed.status(), landedUrl: landed.url() };
}

/** The live editor's status once the server has stored everything this person did. */
export function savedStatus(page: Page): Locator {
  return page.getByRole('status').filter({ hasText: /^\W*Saved$/ });
}

/** A consent decision as a facilitator records it on the family page. */
export interface ConsentEntry {
  /** Matches the scope's option as the list shows it ("Analysis, pseudonymised: …"). */
  scope: RegExp;
  decision: 'Given' | 'Withdrawn';
  givenBy: string;
  /** As the date field takes it; today when left out. */
  decidedOn?: string;
}

/** Fills the family page's consent form as a facilitator does and sends it with its button. */
export async function recordConsent(page: Page, entry: ConsentEntry): Promise<Submitted> {
  const form = page.locator('#consent-form');
  const scopes = (await page.locator('#consent-scope option').allTextContents()).map((label) => label.trim());
  const scope = scopes.find((label) => entry.scope.test(label));
  if (!scope) throw new Error(`no consent scope matches ${entry.scope}: ${scopes.join(' | ')}`);
  await form.getByLabel('What it is about').selectOption({ label: scope });
  await form.getByRole('radio', { name: entry.decision, exact: true }).check();
  await form.getByLabel('Who in the family decided').fill(entry.givenBy);
  await form.getByLabel('How they told you').selectOption({ label: 'Signed a consent form' });
  if (entry.decidedOn) await form.getByLabel('The day they decided').fill(entry.decidedOn);
  return submitWith(form.getByRole('button', { name: 'Record the decision' }));
}

/**
 * Parts of a panel whose code loads when first shown (site/islands/common/lazy-part.ts) say
 * "Opening …" meanwhile: wait until every one inside `within` is there.
 */
export async function partsLoaded(within: Locator): Promise<void> {
  const opening = within.getByText(/^Opening .*…$/);
  const deadline = Date.now() + 10_000;
  while ((await opening.count()) > 0) {
    if (Date.now() > deadline) throw new Error('a part of the panel was still opening after 10 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
