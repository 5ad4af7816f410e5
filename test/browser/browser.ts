/**
 * Browser harness: the system Chromium driven by playwright-core (build machines cannot
 * download browsers), against a real server process started by the server harness.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { root, signinUrl, type RunningServer } from '../server/harness.ts';

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
export async function watchedPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/favicon|status of 404/.test(message.text())) problems.push(message.text());
  });
  return { page, problems };
}

/** A browser context signed in as a facilitator, with the server's one-time sign-in link. */
export async function signedInContext(browser: Browser, server: RunningServer): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(await signinUrl(server));
  await page.close();
  return context;
}
