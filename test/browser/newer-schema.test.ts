/**
 * A document a newer version of Turning Points saved (after a rollback, say) opens for looking
 * only: this version would write it in an older shape or drop what it cannot read. Both editors
 * say why, and offer nothing that changes it, even to a facilitator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentAsFiled } from '../../src/model/index.ts';
import type { Browser, BrowserContext } from 'playwright-core';
import * as Y from 'yjs';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { fromJourney, fromToc, tocMaps } from '../../src/doc/index.ts';
import type { Journey } from '../../src/model/index.ts';
import { draftToc } from '../../src/toc/index.ts';
import { exampleJourneys } from '../fixtures/example-journeys.ts';
import { removeDir, startServer, stopServer, tempDataDir, type RunningServer } from '../server/harness.ts';
import { launch, signedInContext, watchedPage } from './browser.ts';

const JOURNEY = 'from-a-newer-version';
const TOC = 'toc-from-a-newer-version';
const NEWER = 99;
const NOTICE = 'A newer version of Turning Points saved this';

let server: RunningServer;
let dataDir: string;
let browser: Browser;
let facilitator: BrowserContext;

beforeAll(async () => {
  dataDir = tempDataDir();
  const journey = { ...exampleJourneys()[0]!, id: JOURNEY as Journey['id'] };
  const journeyDoc = fromJourney(journey);
  journeyDoc.getMap('meta').set('schemaVersion', NEWER);
  const toc = draftToc(exampleJourneys(), {
    consentOf: consentAsFiled(exampleJourneys()),
    id: TOC,
    title: 'Saved by a newer version',
    draftedOn: '2026-11-24',
  });
  const tocDoc = fromToc(toc);
  tocMaps(tocDoc).meta.set('schemaVersion', NEWER);
  const store = await openSqliteStore(dataDir);
  try {
    const journeyCreated = await store.create({
      docId: JOURNEY,
      kind: 'journey',
      update: Y.encodeStateAsUpdate(journeyDoc),
      readModel: JSON.stringify(journey),
    });
    const tocCreated = await store.create({
      docId: TOC,
      kind: 'toc',
      update: Y.encodeStateAsUpdate(tocDoc),
      readModel: JSON.stringify(toc),
    });
    expect([journeyCreated, tocCreated]).toEqual([true, true]);
  } finally {
    await store.close();
  }
  server = await startServer(dataDir);
  browser = await launch();
  facilitator = await signedInContext(browser, server);
});
afterAll(async () => {
  await browser?.close();
  if (server) await stopServer(server);
  if (dataDir) removeDir(dataDir);
});

describe('a document saved by a newer version', () => {
  it('the journey editor shows it, says why it cannot be changed, and offers no change', async () => {
    const { page, problems } = await watchedPage(facilitator);
    await page.goto(`${server.url}journeys/${JOURNEY}`);
    await page.getByRole('status').filter({ hasText: NOTICE }).waitFor();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Add a stage' }).count()).toBe(0);
    await page.locator('.react-flow__node').first().click();
    const headline = page.getByLabel('Headline');
    await headline.waitFor();
    expect(await headline.isEditable()).toBe(false);
    expect(await page.getByLabel('In their own words').isEditable()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('so does the theory-of-change editor', async () => {
    const { page, problems } = await watchedPage(facilitator);
    await page.goto(`${server.url}toc/${TOC}`);
    await page.getByRole('status').filter({ hasText: NOTICE }).waitFor();
    expect(await page.locator('.react-flow__node').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: 'Add a step', exact: true }).count()).toBe(0);
    expect(await page.getByLabel('Title', { exact: true }).isEditable()).toBe(false);
    expect(await page.getByLabel(/Ceiling of accountability/).isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
