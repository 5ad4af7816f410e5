/**
 * What people wait for on the screens, in headless Chromium against a real server, beside the
 * floor the transport sets (stock y-websocket clients in this process, on the same server):
 *
 * - from a click on "Add a stage" to the new card on every other screen (three others);
 * - from the network coming back to "Saved", after 50 changes made offline on a tablet.
 */
import type { Page } from 'playwright-core';
import { addStage, journeyMaps, setWords, userOrigin } from '../../src/doc/index.ts';
import { launch, signedInContext } from '../browser/browser.ts';
import { relay } from '../browser/network-cut.ts';
import { isStored } from '../../src/protocol/index.ts';
import * as Y from 'yjs';
import { connect, exampleId, startServer, stopServer, synced, tempDataDir, token, waitFor } from '../server/harness.ts';
import { median, quantile, removeTrackedDir, trackDir } from './load.ts';

/** The example journey the screens open (stored under a random id: see `run`). */
const EXAMPLE = 'slf-isolated-family';
let DOC = '';
const ROUNDS = 15;
const OFFLINE_EDITS = 50;

const ms = (value: number) => `${value.toFixed(0)} ms`;
function line(what: string, ours: number[], reference: number[]): void {
  const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
  const [o, r] = [sorted(ours), sorted(reference)];
  process.stdout.write(
    `${what.padEnd(46)} p50 ${ms(median(o)).padStart(7)} p95 ${ms(quantile(o, 0.95)).padStart(7)}  │ ` +
      `reference p50 ${ms(median(r)).padStart(7)} p95 ${ms(quantile(r, 0.95)).padStart(7)}\n`,
  );
}

const cards = (page: Page) => page.locator('.react-flow__node').count();

export async function run(): Promise<void> {
  const dataDir = trackDir(tempDataDir());
  const server = await startServer(dataDir);
  DOC = exampleId(server, EXAMPLE);
  const browser = await launch();
  try {
    // Four screens on one map: the facilitator who adds, three participants who watch.
    const facilitator = await signedInContext(browser, server);
    const adder = await facilitator.newPage();
    await adder.goto(`${server.url}journeys/${DOC}`);
    await adder.getByLabel('Your name').fill('Jo');
    const watchers: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${server.url}journeys/${DOC}?invite=${token(server, DOC, 'participant')}`);
      await page.getByLabel('Your name').fill(`Watcher ${i + 1}`);
      watchers.push(page);
    }
    for (const page of [adder, ...watchers])
      await page
        .getByRole('status')
        .filter({ hasText: /Saved$/ })
        .waitFor({ timeout: 15_000 });

    const ours: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const before = await cards(adder);
      const seen = watchers.map((page) =>
        page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length > n, before, {
          polling: 'raf',
          timeout: 10_000,
        }),
      );
      const started = performance.now();
      await adder.getByRole('button', { name: 'Add a stage', exact: true }).click();
      await Promise.all(seen);
      ours.push(performance.now() - started);
      // Back to the stage list, so every round starts from the same screen.
      await adder.keyboard.press('Escape');
      await adder.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    }

    // The floor: a stock client adds a stage; three stock clients see it.
    const writer = connect(server, DOC, token(server, DOC, 'participant'));
    const readers = [0, 1, 2].map(() => connect(server, DOC, token(server, DOC, 'participant')));
    for (const client of [writer, ...readers]) await synced(client);
    const reference: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const id = addStage(writer.doc, { title: `Reference ${round}` }, userOrigin('bench'));
      await waitFor(() => readers.every((r) => journeyMaps(r.doc).stages.has(id)), 10_000, 'the stage');
      reference.push(performance.now() - started);
    }
    line('"Add a stage" → the card on 3 other screens', ours, reference);

    // 50 changes on a tablet whose live room cannot be reached, then the network comes back.
    const network = await relay(server.url);
    const tablet = await browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 820, height: 1180 } });
    const page = await tablet.newPage();
    await page.goto(`${network.url}journeys/${DOC}?invite=${token(server, DOC, 'participant')}`);
    await page.getByLabel('Your name').fill('Tablet');
    await page
      .getByRole('status')
      .filter({ hasText: /Saved$/ })
      .waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Add a stage', exact: true }).tap();
    const words = page.getByLabel('In your own words');
    const oursOffline: number[] = [];
    const referenceOffline: number[] = [];
    for (let round = 0; round < 5; round++) {
      network.cutRooms();
      await page
        .getByRole('status')
        .filter({ hasText: /Offline/ })
        .waitFor({ timeout: 15_000 });
      for (let edit = 0; edit < OFFLINE_EDITS; edit++) await words.fill(`Round ${round}, change ${edit}`);
      const started = performance.now();
      network.restore();
      await page
        .getByRole('status')
        .filter({ hasText: /Saved$/ })
        .waitFor({ timeout: 30_000 });
      oursOffline.push(performance.now() - started);

      const client = connect(server, DOC, token(server, DOC, 'participant'), { ack: true });
      await synced(client);
      const stageId = addStage(client.doc, { title: 'Reference offline' }, userOrigin('bench'));
      await waitFor(() => isStored(client.stored, Y.decodeStateVector(Y.encodeStateVector(client.doc))), 10_000);
      client.provider.disconnect();
      for (let edit = 0; edit < OFFLINE_EDITS; edit++)
        setWords(client.doc, stageId, `Round ${round}, change ${edit}`, userOrigin('bench'));
      const reconnect = performance.now();
      client.provider.connect();
      await waitFor(
        () => isStored(client.stored, Y.decodeStateVector(Y.encodeStateVector(client.doc))),
        30_000,
        'stored',
      );
      referenceOffline.push(performance.now() - reconnect);
      client.destroy();
    }
    line(`${OFFLINE_EDITS} offline changes: network back → "Saved"`, oursOffline, referenceOffline);
    process.stdout.write(
      '  (ours includes the editor noticing the network is back: y-websocket retries with a backoff of up to 2.5 s)\n',
    );
    for (const client of [writer, ...readers]) client.destroy();
    await network.close();
  } finally {
    await browser.close();
    await stopServer(server);
    removeTrackedDir(dataDir);
  }
}
