/**
 * Enrolling and signing in, through the screens, in real Chromium with its virtual
 * authenticator (a passkey device driven over the DevTools protocol: present, verified, holding
 * discoverable credentials). WebAuthn refuses IP addresses as relying-party ids; the server the
 * harness starts names this machine `localhost` in what it prints and the links it makes, and
 * the relying party is the origin the request reached.
 *
 * (a) The first admin opens the printed enrolment link, which leaves the address; sets up a
 * passkey; lands on their account page; signs out; signs in with the passkey.
 * (b) The first admin adds a facilitator on the admin page; the facilitator enrols with a password
 * from the link it shows, signs out, is refused
 * with the wrong password, and signs in with the right one; then adds a passkey from their
 * account page and signs in with that.
 * (c) The used enrolment link opens nothing the second time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { enrolmentUrl, useServer, type RunningServer } from '../server/harness.ts';
import { launch, signIn, snap, submitWith, watchedPage } from './browser.ts';
import { seriousViolations } from './axe.ts';

const running = useServer();
let browser: Browser;
const contexts: BrowserContext[] = [];

/** The server as the browser reaches it: by name (`localhost`), which WebAuthn accepts as a relying party. */
const site = (): RunningServer => running.current;
const at = (path: string) => new URL(path, site().url).href;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

/** Script errors and CSP violations; not the refusals (400, 401) these tests bring about on purpose. */
const unexpected = (problems: string[]) => problems.filter((p) => !/status of 40[01] /.test(p));

async function freshPage(): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  contexts.push(context);
  return watchedPage(context);
}

/**
 * A passkey device for this page: Chromium's virtual authenticator, which the person unlocks at
 * once. What it holds, to check what the screens did.
 */
async function virtualAuthenticator(page: Page): Promise<{ credentials: () => Promise<Credential[]> }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials };
}

type Credential = { isResidentCredential: boolean; rpId?: string };

/** What is waited for goes through the server and the device: generous on a loaded two-core machine. */
const PATIENTLY = { timeout: 20_000 };
/** A whole walk through the screens, with screenshots at three sizes and accessibility checks. */
const LONG_WALK = 180_000;

const SIZES = [
  { name: 'desktop', width: 1366, height: 900 },
  { name: 'tablet', width: 820, height: 1180 },
  { name: 'wide', width: 1920, height: 1080 },
] as const;

/** What the person sees at desktop, tablet and wide-screen sizes, to look at. */
async function snapSizes(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await snap(page, `passkeys-${name}-${size.name}`);
  }
  if (before) await page.setViewportSize(before);
}

describe('passkeys and passwords through the screens', () => {
  let firstAdminLink = '';
  /** The first admin's page, signed in with her passkey, for her to add staff in (b). */
  let adminPage: Page | undefined;

  it(
    '(a) the first admin enrols with a passkey, signs out, and signs in with it',
    async () => {
      const { page, problems } = await freshPage();
      const device = await virtualAuthenticator(page);
      firstAdminLink = await enrolmentUrl(running.current);

      await page.goto(firstAdminLink);
      expect(page.url(), 'the code has left the address').toBe(at('/enrol'));
      expect(await page.evaluate(() => window.history.length)).toBe(2);
      await page.getByRole('heading', { level: 1, name: 'Set up the first admin account' }).waitFor();
      await snapSizes(page, '01-enrol');
      expect(await seriousViolations(page)).toEqual([]);

      // Pressed before the name and email are given: said beside the button, with links to the fields.
      const setUp = page.getByRole('button', { name: 'Set up a passkey and sign in' });
      await setUp.click();
      const alert = page.locator('.passkey-action [role="alert"]');
      await expect
        .poll(() => alert.getByRole('link').allTextContents(), PATIENTLY)
        .toEqual([
          'Your name: enter your name, as colleagues know you',
          'Your email address: enter your email address, like name@example.org',
        ]);
      await snap(page, 'passkeys-02-enrol-problems');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await device.credentials()).toEqual([]);

      await page.getByLabel('Your name').fill('Ada Lovelace');
      await page.getByLabel('Your email address').fill('ada@example.org');
      await setUp.click();
      await page.waitForURL(at('/account?enrolled'));
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
      await expect
        .poll(() => page.getByRole('status').first().textContent(), PATIENTLY)
        .toContain('Welcome, Ada Lovelace.');
      const credentials = await device.credentials();
      expect(credentials).toHaveLength(1);
      expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });
      expect(await passkeysTable(page).getByRole('row').nth(1).getByRole('cell').first().textContent()).toBe(
        'Set up when you enrolled',
      );
      await expect
        .poll(() => page.locator('.account-facts').textContent(), PATIENTLY)
        .toMatch(/ada@example\.org.*Family journeys: Admin/s);
      await snapSizes(page, '03-account-enrolled');
      expect(await seriousViolations(page)).toEqual([]);

      const signedOut = await submitWith(page.getByRole('button', { name: 'Sign out', exact: true }));
      expect(signedOut.landedUrl).toBe(at('/?signed-out'));
      await page.getByText('You have signed out.').waitFor();

      await page.goto(at('/signin'));
      await snapSizes(page, '04-signin');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(site().url);
      await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
      await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();

      await page.getByRole('link', { name: 'Ada Lovelace' }).click();
      await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
      const lastUsed = await passkeysTable(page).getByRole('row').nth(1).getByRole('cell').nth(2).textContent();
      expect(lastUsed).toMatch(/UTC$/);
      expect(await sessionsTable(page).getByRole('cell', { name: 'Passkey', exact: true }).count()).toBe(1);
      await snapSizes(page, '05-account');
      adminPage = page;

      // This device holds a passkey for the account already: adding another here is refused, in words.
      await page.getByLabel('Name for the new passkey').fill('Work laptop');
      await page.getByRole('button', { name: 'Add a passkey' }).click();
      await expect
        .poll(() => page.locator('.passkey-action [role="alert"]').textContent(), PATIENTLY)
        .toBe('This device has a passkey for your account here already: you can sign in with it.');
      expect(await device.credentials()).toHaveLength(1);
      expect(unexpected(problems)).toEqual([]);
    },
    LONG_WALK,
  );

  it(
    '(b) a facilitator the admin adds enrols with a password, signs in with it (a wrong one is refused), adds a passkey and signs in with that',
    async () => {
      // The first admin adds her on the admin page, and passes on the one-time link it shows.
      const admin = adminPage!;
      await admin.goto(at('/admin'));
      await admin.getByLabel('Name', { exact: true }).fill('Grace Hopper');
      await admin.getByLabel('Email address').fill('grace@example.org');
      await admin.getByRole('button', { name: 'Add and make an enrolment link' }).click();
      await admin.getByText('This link is shown only now').waitFor();
      const link = (await admin.locator('.made code').textContent())?.trim() ?? '';
      expect(link).toMatch(/^http:\/\/localhost:\d+\/enrol\?code=/);
      const account = { id: '', projectId: '', email: 'grace@example.org', password: 'pelican umbrella marmalade' };

      const { page, problems } = await freshPage();

      await page.goto(link);
      expect(page.url()).toBe(at('/enrol'));
      await page.getByRole('heading', { level: 1, name: 'Set up signing in, Grace Hopper' }).waitFor();

      await page.getByLabel('Choose a password').fill('password1234');
      const weak = await submitWith(page.getByRole('button', { name: 'Set my password and sign in' }));
      expect(weak.landedStatus).toBe(400);
      await page
        .locator('.error-summary')
        .getByRole('link', { name: /common passwords/ })
        .waitFor();

      await page.getByLabel('Choose a password').fill(account.password);
      const enrolled = await submitWith(page.getByRole('button', { name: 'Set my password and sign in' }));
      expect(enrolled.status).toBe(303);
      expect(enrolled.landedUrl).toBe(at('/account?enrolled'));
      await expect
        .poll(() => page.getByRole('status').first().textContent(), PATIENTLY)
        .toContain('Add a passkey below');
      await expect.poll(() => page.locator('.account-facts').textContent(), PATIENTLY).toMatch(/Facilitator/);
      await snap(page, 'passkeys-06-account-password-enrolled');

      await submitWith(page.getByRole('button', { name: 'Sign out', exact: true }));
      await page.goto(at('/signin'));
      await page.getByLabel('Email address').fill(account.email);
      await page.getByLabel('Password', { exact: true }).fill('not the password at all');
      const wrong = await submitWith(page.getByRole('button', { name: 'Sign in', exact: true }));
      expect(wrong.landedStatus).toBe(401);
      await page
        .locator('.error-summary')
        .getByRole('link', {
          name: 'That email address and password do not match an account. Check them and try again.',
        })
        .waitFor();
      expect(await page.locator('.error-summary').evaluate((summary) => summary === document.activeElement)).toBe(true);
      await snapSizes(page, '07-signin-wrong-password');
      expect(await seriousViolations(page)).toEqual([]);

      await signIn(page, site(), account);
      await page.getByRole('link', { name: 'Grace Hopper' }).waitFor();

      // Signed in, she adds a passkey from her account page (naming it first), then signs in with it.
      const device = await virtualAuthenticator(page);
      await page.getByRole('link', { name: 'Grace Hopper' }).click();
      const add = page.getByRole('button', { name: 'Add a passkey' });
      await add.click();
      await expect
        .poll(() => page.locator('.passkey-action [role="alert"]').getByRole('link').allTextContents(), PATIENTLY)
        .toEqual(['Name for the new passkey: give this passkey a name, like “work laptop”']);
      expect(await page.getByLabel('Name for the new passkey').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Name for the new passkey').fill('Work laptop');
      await add.click();
      await page.waitForURL(at('/account?passkey-added'));
      expect(await passkeysTable(page).getByRole('row').nth(1).getByRole('cell').first().textContent()).toBe(
        'Work laptop',
      );
      expect(await device.credentials()).toHaveLength(1);
      await snap(page, 'passkeys-10-account-passkey-added');
      await submitWith(page.getByRole('button', { name: 'Sign out', exact: true }));
      await page.goto(at('/signin'));
      await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
      await page.waitForURL(site().url);
      await page.getByRole('link', { name: 'Grace Hopper' }).waitFor();
      expect(unexpected(problems)).toEqual([]);
    },
    LONG_WALK,
  );

  it('(b2) a passkey press with no passkey on the device says so beside the button', async () => {
    const { page } = await freshPage();
    await virtualAuthenticator(page);
    await page.goto(at('/signin'));
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const alert = page.locator('.passkey-action [role="alert"]');
    await expect.poll(() => alert.textContent(), PATIENTLY).toMatch(/No passkey was used/);
    expect(page.url()).toBe(at('/signin'));
    await snap(page, 'passkeys-08-signin-no-passkey');
  });

  it('(c) the used enrolment link opens nothing the second time', async () => {
    const { page } = await freshPage();
    const answer = await page.goto(firstAdminLink);
    expect(answer?.status()).toBe(401);
    await page.getByRole('heading', { level: 1, name: 'This link does not work any more' }).waitFor();
    expect(await page.getByRole('button', { name: 'Set up a passkey and sign in' }).count()).toBe(0);
    await snap(page, 'passkeys-09-enrol-link-used');
  });
});

const passkeysTable = (page: Page) => page.getByRole('region', { name: 'Passkeys' }).getByRole('table');
const sessionsTable = (page: Page) => page.getByRole('region', { name: 'Where you are signed in' }).getByRole('table');
