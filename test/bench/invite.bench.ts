/**
 * The first open of an invite link on a family's tablet over a poor connection: Chromium's
 * network emulation (400 kbit/s each way, 400 ms round trip) and a 4× CPU slowdown, from the
 * link being opened to the first card answering a tap (its panel open). The same on an
 * unthrottled connection is the reference, in the same run.
 */
import type { Browser } from 'playwright-core';
import { launch, tabletContext } from '../browser/browser.ts';
import { exampleId, startServer, stopServer, tempDataDir, token, type RunningServer } from '../server/harness.ts';
import { removeTrackedDir, trackDir } from './load.ts';

const RUNS = 3;

/** 400 kbit/s in bytes per second. */
const THROTTLED_BYTES_PER_S = 400_000 / 8;

export interface InviteFigures {
  throttled: number[];
  unthrottled: number[];
  /** Throttled, until the first card is on screen: the server's picture of the map, before its code. */
  throttledSeen: number[];
}

async function openInvite(
  browser: Browser,
  server: RunningServer,
  docId: string,
  throttled: boolean,
): Promise<{ seen: number; tapped: number }> {
  // A new context each time: nothing cached, as on the tablet that opens the link first.
  const context = await tabletContext(browser);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    if (throttled) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 400,
        downloadThroughput: THROTTLED_BYTES_PER_S,
        uploadThroughput: THROTTLED_BYTES_PER_S,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    const link = `${server.url}journeys/${docId}?invite=${token(server, docId, 'participant')}`;
    const started = performance.now();
    await page.goto(link, { waitUntil: 'commit' });
    const card = page.locator('.react-flow__node').first();
    await card.waitFor({ state: 'visible' });
    const seen = performance.now() - started;
    await card.tap();
    await page.getByRole('region', { name: /^Stage 1: / }).waitFor();
    return { seen, tapped: performance.now() - started };
  } finally {
    await context.close();
  }
}

export async function inviteFigures(): Promise<InviteFigures> {
  const dataDir = trackDir(tempDataDir());
  const server = await startServer(dataDir);
  const browser = await launch();
  try {
    const docId = exampleId(server, 'slf-isolated-family');
    const figures: InviteFigures = { throttled: [], unthrottled: [], throttledSeen: [] };
    for (let run = 0; run < RUNS; run++) {
      const throttled = await openInvite(browser, server, docId, true);
      figures.throttled.push(throttled.tapped);
      figures.throttledSeen.push(throttled.seen);
      figures.unthrottled.push((await openInvite(browser, server, docId, false)).tapped);
    }
    return figures;
  } finally {
    await browser.close();
    await stopServer(server);
    removeTrackedDir(dataDir);
  }
}
