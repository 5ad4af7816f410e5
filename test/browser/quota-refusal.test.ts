/**
 * REFUSE1 after LIMIT7, through the screens: a change that would take a map past the server's
 * size quota (`DOCUMENT_MAX_BYTES`) is refused and its writer's connection closed with
 * `quotaExceeded`. The editor says so in plain words, keeps the refused words on screen to copy,
 * erases its copy on the device, and loads the map again by itself as the server has it.
 *
 * The server runs with the least quota it accepts (64 KiB), and each journey opened here is
 * first filled to a few hundred bytes under it by a stock client lengthening the family's words
 * in the other stages (the example journeys are about 25 KB): typing a few hundred characters
 * then passes the quota, as a person at the keyboard would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page, WebSocketRoute } from 'playwright-core';
import * as Y from 'yjs';
import { readJourney, setWords, STAGE_TEXT_LIMITS, userOrigin } from '../../src/doc/index.ts';
import { decodeStateVector, isStored } from '../../src/protocol/index.ts';
import { connect, synced, token, useServer, waitFor, exampleId } from '../server/harness.ts';
import { launch, savedStatus, signIn, snap, submitWith, tabletContext, watchedPage } from './browser.ts';

/** The least `DOCUMENT_MAX_BYTES` may be. */
const QUOTA = 64 * 1024;
/** How far under the quota each journey is filled: a few hundred typed characters pass it. */
const HEADROOM = 300;
const running = useServer({ DOCUMENT_MAX_BYTES: String(QUOTA) });
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Words a family might say, again and again: what fills the other stages. */
const FILLER = 'We told it all again to the new worker, from the start, and waited to hear back. ';
/** What the person types, a word at a time, until the map is full. */
const STORY =
  'The heating went off in January and the landlord would not answer the phone. ' +
  'We slept in our coats and the children missed school with coughs. ' +
  'The school sent a letter about the days missed and I cried when I read it. ' +
  'Then the health visitor came and saw the damp on the walls and rang the council for us. ';

/** A journey's words by stage headline, and its size, as a stock y-websocket client reads the server. */
async function onTheServer(docId: string): Promise<{ words: Map<string, string>; state: Map<number, number> }> {
  const client = connect(running.current, docId, token(running.current, docId, 'viewer'));
  try {
    await synced(client);
    const stages = readJourney(client.doc).journey.stages ?? [];
    return {
      words: new Map(stages.map((stage) => [stage.title, stage.words ?? ''])),
      state: decodeStateVector(Y.encodeStateVector(client.doc)),
    };
  } finally {
    client.destroy();
  }
}

/**
 * Fill a journey to just over `QUOTA - HEADROOM` bytes, measured as the server measures it (the
 * whole document encoded as one update), by lengthening the words of every stage but the first,
 * and wait until the server has stored it. Returns the first stage's headline and the size.
 */
async function fillToJustUnderQuota(docId: string): Promise<{ headline: string; bytes: number }> {
  const client = connect(running.current, docId, token(running.current, docId, 'participant'), { ack: true });
  try {
    await synced(client);
    const size = () => Y.encodeStateAsUpdate(client.doc).byteLength;
    const [first, ...others] = readJourney(client.doc).journey.stages;
    const target = QUOTA - HEADROOM;
    for (const [index, stage] of others.entries()) {
      const words = stage.words ?? '';
      const share = Math.ceil((target - size()) / (others.length - index));
      const more = Math.min(share, STAGE_TEXT_LIMITS.words - words.length);
      if (more <= 0) continue;
      setWords(
        client.doc,
        stage.id,
        words + FILLER.repeat(Math.ceil(more / FILLER.length)).slice(0, more),
        userOrigin('filler'),
      );
    }
    const bytes = size();
    expect(bytes, 'the journey filled to just under the quota').toBeGreaterThanOrEqual(target);
    expect(bytes).toBeLessThan(target + 50);
    const held = decodeStateVector(Y.encodeStateVector(client.doc));
    await waitFor(() => isStored(client.stored, held), 20_000, 'the filled journey to be stored');
    return { headline: first!.title, bytes };
  } finally {
    client.destroy();
  }
}

/** The device copies this page's origin holds (one IndexedDB database per document). */
const deviceCopies = (page: Page) =>
  page.evaluate(async () =>
    (await indexedDB.databases()).map((db) => db.name).filter((name) => name?.startsWith('turning-points-doc-')),
  );

/** What the device copy of a document holds, read from IndexedDB as y-indexeddb stored it. */
async function deviceCopy(page: Page, docId: string): Promise<Y.Doc> {
  const updates = await page.evaluate(async (name) => {
    // Opened only when it exists: opening a database by a name that does not would make one.
    if (!(await indexedDB.databases()).some((db) => db.name === name)) return [];
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('updates')) return [];
      const all = await new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction('updates').objectStore('updates').getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return all.map((update) => Array.from(update as Uint8Array));
    } finally {
      db.close();
    }
  }, `turning-points-doc-${docId}`);
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, Uint8Array.from(update));
  return doc;
}

/**
 * Type the story at the end of `box`, a word at a time, as a person would (under the server's
 * message rate), for as long as the box is there and has the keyboard: a refusal takes the map
 * off the page while it loads again, and what is typed then goes nowhere. Fails if a great deal
 * more than the headroom is typed. Returns what was typed.
 */
async function typeUntilRefused(box: Locator, how: 'click' | 'tap' = 'click'): Promise<string> {
  const page = box.page();
  await (how === 'tap' ? box.tap() : box.click());
  await box.press('Control+End');
  const handle = await box.elementHandle();
  const typing = () => handle!.evaluate((element) => element.isConnected && document.activeElement === element);
  let typed = '';
  for (const word of (' ' + STORY.repeat(10)).split(/(?<= )/)) {
    if (!(await typing())) return typed;
    if (typed.length > 10 * HEADROOM) throw new Error(`${typed.length} characters typed and no refusal`);
    await page.keyboard.type(word, { delay: 15 });
    typed += word;
  }
  throw new Error('the story ran out before the refusal');
}

/**
 * Route this page's room connections through the test: each is passed to the server, but while
 * `held` a new one (the map loading again) gets no answer, as on a slow network, until `release`
 * closes it with a code the client reconnects after.
 */
async function slowToReconnect(page: Page) {
  let held = false;
  const waiting: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/collab\//, (route) => {
    if (held) waiting.push(route);
    else route.connectToServer();
  });
  return {
    hold: () => (held = true),
    waiting: () => waiting.length,
    release: async () => {
      held = false;
      for (const route of waiting.splice(0)) await route.close({ code: 1001, reason: 'going away' });
    },
  };
}

/** The quota's refusal, as the page says it, and the box with the words it kept. */
function quotaNotice(page: Page) {
  const alert = page.getByRole('alert').filter({ hasText: 'This map is full.' });
  const region = page.getByRole('region', { name: 'Your words as you typed them' });
  return { alert, region, box: region.getByRole('textbox') };
}

/** The count of changes the server refused for the quota, from its log (warnings, no words). */
const refusalsLogged = () => running.current.output().match(/document size quota: refused/g)?.length ?? 0;

describe('the editor after a change passes the map’s size quota', () => {
  it('REFUSE1, LIMIT7: the map says so, keeps the refused words to copy, erases the device copy and loads the map again without them', async () => {
    const DOC = exampleId(running.current, 'life-swindon-chronic-crisis');
    const { headline } = await fillToJustUnderQuota(DOC);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(running.current.url).origin,
    });
    const { page: map, problems } = await watchedPage(context);
    map.setDefaultTimeout(15_000);
    await signIn(map, running.current);
    await map.goto(`${running.current.url}journeys/${DOC}`);
    await savedStatus(map).waitFor();
    await map.getByRole('toolbar', { name: 'Journey tools' }).getByLabel('Your name').fill('Jo (worker)');
    await map.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: headline, exact: true }).click();
    const words = map.getByLabel('In their own words', { exact: true });
    const before = await words.inputValue();

    // The facilitator types on until a keystroke would take the map past its quota.
    const typed = await typeUntilRefused(words);
    const notice = quotaNotice(map);
    await notice.alert.waitFor();
    expect(await notice.alert.textContent()).toContain(
      'Your last change was not saved. Ask whoever runs Turning Points for more room.',
    );
    expect(await notice.region.textContent()).toContain('Some may be missing from the map below.');
    await waitFor(() => refusalsLogged() > 0, 5000, 'the server to log the refusal');
    expect(refusalsLogged()).toBe(1);

    // The refused words are there to read and copy: the stage's words as the page had them.
    expect(await notice.box.count()).toBe(1);
    const kept = await notice.box.inputValue();
    expect(kept.startsWith(before), 'the words kept start as the stage did').toBe(true);
    expect((before + typed).startsWith(kept), 'the words kept are what was typed').toBe(true);
    expect(await notice.box.getAttribute('readonly')).not.toBeNull();
    expect(await map.getByLabel(`“${headline}”: in their own words`).count()).toBe(1);

    // The map loads again by itself, as the server has it, and everything on it is saved.
    await savedStatus(map).waitFor({ timeout: 30_000 });
    const reloaded = await words.inputValue();
    const stored = (await onTheServer(DOC)).words.get(headline);
    expect(reloaded, 'the page shows what the server holds').toBe(stored);
    expect(kept.startsWith(reloaded), 'what was saved is the words up to the refused change').toBe(true);
    expect(reloaded.length, 'some of the typing was saved').toBeGreaterThan(before.length);
    const refusedWords = kept.slice(reloaded.length);
    expect(refusedWords.length, 'the refused words').toBeGreaterThan(0);
    // The notice stays above the map until it is closed.
    await notice.alert.waitFor();
    await snap(map, 'quota-refused-desktop', { fullPage: false });
    await map.setViewportSize({ width: 1920, height: 1080 });
    await snap(map, 'quota-refused-1920', { fullPage: false });

    await notice.region.getByRole('button', { name: 'Copy my words' }).click();
    await notice.region.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await map.evaluate(() => navigator.clipboard.readText())).toContain(kept);

    // The copy on this computer was erased with the refused change: the one kept now holds only
    // what the server has, so nothing sends the refused change again.
    const server = await onTheServer(DOC);
    await expect
      .poll(
        async () => readJourney(await deviceCopy(map, DOC)).journey.stages.find((s) => s.title === headline)?.words,
        {
          timeout: 10_000,
        },
      )
      .toBe(stored);
    const copy = decodeStateVector(Y.encodeStateVector(await deviceCopy(map, DOC)));
    for (const [client, clock] of copy)
      expect(clock, `client ${client} on the device`).toBeLessThanOrEqual(server.state.get(client) ?? 0);
    expect(refusalsLogged(), 'the refused change is never sent again').toBe(1);

    await map.getByRole('button', { name: 'Close this message' }).click();
    expect(await map.getByRole('alert').count()).toBe(0);
    expect(await map.getByRole('region', { name: 'Your words as you typed them' }).count()).toBe(0);
    expect(await words.inputValue()).toBe(stored);

    // Everything is saved and the person leaves: no copy of the map stays on this computer.
    await map.goto(running.current.url);
    await expect.poll(() => deviceCopies(map), { timeout: 5000 }).toEqual([]);
    expect((await onTheServer(DOC)).words.get(headline)).toBe(stored);
    expect(refusalsLogged()).toBe(1);
    expect(problems.filter((p) => !/WebSocket/.test(p))).toEqual([]);
    await context.close();
  });

  it('REFUSE1, LIMIT7: on a family’s tablet opened with an invite from the invite page, the same, by touch', async () => {
    const DOC = exampleId(running.current, 'family-action-single-mother');
    const { headline } = await fillToJustUnderQuota(DOC);
    // The facilitator makes a participant invite with the invite page's form.
    const desk = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const { page: facilitator, problems: deskProblems } = await watchedPage(desk);
    facilitator.setDefaultTimeout(15_000);
    await signIn(facilitator, running.current);
    await facilitator.goto(`${running.current.url}journeys/${DOC}/invite`);
    await facilitator.getByLabel('They join as').selectOption('participant');
    await facilitator.getByLabel('The link works for').selectOption({ label: '4 hours (one workshop)' });
    const made = await submitWith(facilitator.getByRole('button', { name: 'Make an invite link' }));
    expect([made.status, made.landedStatus], 'making the invite').toEqual([303, 200]);
    const invite = (await facilitator.getByRole('link', { name: /\?invite=/ }).textContent())!.trim();
    expect(deskProblems).toEqual([]);
    await desk.close();

    const context = await tabletContext(browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(running.current.url).origin,
    });
    const { page, problems } = await watchedPage(context);
    page.setDefaultTimeout(15_000);
    const network = await slowToReconnect(page);
    await page.goto(invite);
    await savedStatus(page).waitFor();
    await page.getByRole('toolbar', { name: 'Journey tools' }).getByLabel('Your name').fill('Dean');
    await page.getByRole('navigation', { name: 'Stages' }).getByRole('button', { name: headline, exact: true }).tap();
    const words = page.getByLabel('In your own words', { exact: true });
    const before = await words.inputValue();

    // The tablet's network is slow: the map takes a while to load again after the refusal.
    network.hold();
    const typed = await typeUntilRefused(words, 'tap');
    const notice = quotaNotice(page);
    await notice.alert.waitFor();
    expect(await notice.alert.textContent()).toContain(
      'Your last change was not saved. Tell the person running the session.',
    );
    const kept = await notice.box.inputValue();
    expect(kept.startsWith(before) && (before + typed).startsWith(kept), 'the words kept are what was typed').toBe(
      true,
    );
    // While the map loads again, the words stay in view, and can be copied.
    await expect.poll(() => network.waiting(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.getByText('Opening the journey…').waitFor();
    await notice.region.getByRole('button', { name: 'Copy my words' }).tap();
    const copied = notice.region.getByRole('status').filter({ hasText: 'Copied.' });
    await copied.waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain(kept);
    await snap(page, 'quota-refused-tablet-loading', { fullPage: false });

    // The map arrives: the notice is where it was, still saying the words were copied.
    await network.release();
    await savedStatus(page).waitFor({ timeout: 30_000 });
    const stored = (await onTheServer(DOC)).words.get(headline)!;
    expect(await words.inputValue()).toBe(stored);
    expect(kept.startsWith(stored) && kept.length > stored.length, 'the refused words are not on the map').toBe(true);
    expect(await copied.count()).toBe(1);
    expect(await notice.box.inputValue()).toBe(kept);
    await snap(page, 'quota-refused-tablet', { fullPage: false });

    await page.getByRole('button', { name: 'Close this message' }).tap();
    expect(await page.getByRole('alert').count()).toBe(0);
    // The invite's cookie opens the journey's other pages: no token in their address.
    await page.goto(`${running.current.url}journeys/${DOC}/list`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expect.poll(() => deviceCopies(page), { timeout: 5000 }).toEqual([]);
    expect((await onTheServer(DOC)).words.get(headline)).toBe(stored);
    expect(problems.filter((p) => !/WebSocket/.test(p))).toEqual([]);
    await context.close();
  });
});
