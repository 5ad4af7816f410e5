/** The journey editor in real Chromium: two people on one map, live. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { join } from 'node:path';
import { token, useServer, type RunningServer, exampleId } from '../server/harness.ts';
import { ARTIFACTS, launch, signedInContext, watchedPage } from './browser.ts';

let DOC = '';
const running = useServer();
let server: RunningServer;
let browser: Browser;
let facilitator: BrowserContext;
let participant: BrowserContext;

beforeAll(async () => {
  server = running.current;
  DOC = exampleId(server, 'slf-disengaged-young-people');
  browser = await launch();
  facilitator = await signedInContext(browser, server);
  participant = await browser.newContext({ viewport: { width: 1200, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
});

async function openEditor(context: BrowserContext, query = ''): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(context);
  await watched.page.goto(`${server.url}journeys/${DOC}${query}`);
  await watched.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  return watched;
}

const stageButton = (page: Page, title: string) =>
  page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: title, exact: true });

describe('two people on one map', () => {
  it('see each other, and each other’s new, retitled and re-levelled stages within a second; undo is one’s own', async () => {
    const a = await openEditor(facilitator);
    const b = await openEditor(participant, `?invite=${token(server, DOC, 'participant')}`);
    await b.page.getByLabel('Your name').fill('Wayne');
    await a.page.getByLabel('Your name').fill('Jo (worker)');
    await expect
      .poll(() => a.page.getByRole('list', { name: 'Who is here' }).textContent(), { timeout: 2000 })
      .toContain('Wayne');
    await expect
      .poll(() => b.page.getByRole('list', { name: 'Who is here' }).textContent(), { timeout: 2000 })
      .toContain('Jo (worker)');

    // A adds a stage, retitles it and sets its level; B sees each within a second.
    await a.page.getByRole('button', { name: 'Add a stage', exact: true }).click();
    const headline = a.page.getByLabel('Headline');
    await headline.fill('Mason’s first week at college');
    await headline.blur();
    await stageButton(b.page, 'Mason’s first week at college').waitFor({ timeout: 1000 });
    await a.page.getByRole('button', { name: /Making it work/ }).click();
    await stageButton(b.page, 'Mason’s first week at college').click();
    await expect
      .poll(() => b.page.getByRole('button', { name: /Making it work/ }).getAttribute('aria-pressed'), {
        timeout: 1000,
      })
      .toBe('true');

    // B changes another stage; A undoes: only A's own changes go.
    await b.page.getByRole('button', { name: 'Stages', exact: false }).count();
    await b.page.getByLabel('Headline').fill('Mason’s first week at college (he went every day)');
    await b.page.getByLabel('Headline').blur();
    await expect
      .poll(() => a.page.getByLabel('Headline').inputValue(), { timeout: 1000 })
      .toBe('Mason’s first week at college (he went every day)');
    await a.page.getByRole('button', { name: 'Undo' }).click();
    await expect
      .poll(() => a.page.getByRole('button', { name: /Making it work/ }).getAttribute('aria-pressed'), {
        timeout: 1000,
      })
      .toBe('false');
    await expect
      .poll(() => b.page.getByLabel('Headline').inputValue())
      .toBe('Mason’s first week at college (he went every day)');

    await a.page.screenshot({ path: join(ARTIFACTS, 'editor-facilitator.png') });
    await b.page.screenshot({ path: join(ARTIFACTS, 'editor-participant.png') });
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });
});
