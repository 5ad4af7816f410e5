/**
 * An admin at work, through the screens: adds a facilitator on /admin (typing, pressing the
 * button) and sees their one-time enrolment link; reads the audit log and filters it by person.
 * Screenshots of both pages at desktop width and at 1920×1080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, signedInContext, snap, watchedPage } from './browser.ts';
import { useServer } from '../server/harness.ts';

const running = useServer();
let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('the admin pages', () => {
  it('adds a staff member and reads the audit log', async () => {
    const context = await signedInContext(browser, running.current, 'admin');
    const { page, problems } = await watchedPage(context);
    await page.goto(new URL('/', running.current.url).href);
    await page.getByRole('link', { name: 'Staff and projects' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff and projects');
    await page.getByLabel('Name', { exact: true }).fill('Priya Shah');
    await page.getByLabel('Email address').fill('priya@example.org');
    await page.getByRole('button', { name: 'Add and make an enrolment link' }).click();
    await page.getByText('This link is shown only now').waitFor();
    expect(await page.locator('.made code').textContent()).toContain('/enrol?code=');
    await snap(page, 'admin-added-staff');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await snap(page, 'admin-added-staff-1920');

    await page.getByRole('link', { name: 'Read the audit log' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Audit log');
    expect(await page.locator('table.audit').textContent()).toContain('staff.add');
    await snap(page, 'admin-audit-1920');
    await page.getByLabel('Person').selectOption({ label: 'Priya Shah' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/person=/);
    const rows = await page.locator('table.audit tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.includes('Priya Shah'))).toBe(true);
    await page.setViewportSize({ width: 1400, height: 900 });
    await snap(page, 'admin-audit-filtered');
    expect(problems).toEqual([]);
    await context.close();
  });
});
