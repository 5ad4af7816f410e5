/**
 * A facilitator runs a workshop from the screens alone, on a desktop: signs in with their email
 * and password, starts journeys, invites the family, maps their story in the live map, reads it
 * back as a list and as costs, drafts a theory of change, opens every export, and signs out.
 * Nothing here is set up through the API: every state is reached by clicking, typing and
 * submitting forms with their buttons, and every form's answer is checked.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { EXPORT_DOCUMENTS } from '../../src/toc/index.ts';
import { useServer } from '../server/harness.ts';
import { launch, recordConsent, savedStatus, signIn, snap, submitWith, watchedPage } from './browser.ts';

const running = useServer();
let browser: Browser;
let desk: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launch();
  desk = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  ({ page, problems } = await watchedPage(desk));
  page.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
});

const url = (path = '') => `${running.current.url}${path}`;
/** The stages of a journey's list view: the items with a stage's headline. */
const stageItems = (list: Page): Locator =>
  list.getByRole('listitem').filter({ has: list.getByRole('heading', { level: 2 }) });
/** A stage's card on the map, as it shows: "Stage 2", its headline. */
const card = (index: number): Locator =>
  page.getByRole('group', { name: new RegExp(`^Stage ${index + 1} of \\d+: ${STAGES[index]!.headline}$`) });
/**
 * Drags the map's empty top edge sideways, as a person pans, until the card is wholly inside the
 * map. A card beyond the map's edge cannot be seen, so nobody clicks it (and a click there lands
 * wherever the map is when the browser's own scroll-into-view is undone).
 */
async function panUntilSeen(target: Locator): Promise<void> {
  const map = page.locator('.react-flow');
  for (let attempt = 0; attempt < 5; attempt++) {
    const [pane, box] = await Promise.all([map.boundingBox(), target.boundingBox()]);
    if (!pane || !box) throw new Error('the map or the card is not on the page');
    if (box.x >= pane.x && box.x + box.width <= pane.x + pane.width) return;
    const wanted = pane.x + pane.width / 2 - (box.x + box.width / 2);
    const by = Math.sign(wanted) * Math.min(Math.abs(wanted), pane.width - 80);
    const from = { x: by < 0 ? pane.x + pane.width - 40 : pane.x + 40, y: pane.y + 10 };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + by, from.y, { steps: 10 });
    await page.mouse.up();
  }
  throw new Error('panning did not bring the card into the map');
}

/** The form on this page whose submit button is named so. */
const formWith = (button: string): Locator =>
  page.locator('form').filter({ has: page.getByRole('button', { name: button, exact: true }) });

interface StageToMap {
  headline: string;
  words: string;
  level: string;
  feeling: string;
  helped?: string;
  hindered?: string;
  cost?: { what: string; howMany: string; when: string };
}

const STAGES: StageToMap[] = [
  {
    headline: 'Curtains shut',
    words: 'We kept the curtains shut all day and nobody knocked.',
    level: 'Stuck',
    feeling: 'Very low',
  },
  {
    headline: 'The police kept coming',
    words: 'They came round three times that winter, always at night.',
    level: 'Stuck',
    feeling: 'Low',
    cost: { what: 'Police call-out', howMany: '3', when: 'before support' },
  },
  {
    headline: 'Dee started visiting',
    words: 'She came back even when we didn’t open the door.',
    level: 'Opening up',
    feeling: 'Mixed',
    helped: 'A worker who kept coming back',
  },
  {
    headline: 'Back to school',
    words: 'Mason went in on the Monday and stayed the whole week.',
    level: 'Trying things',
    feeling: 'High',
    hindered: 'The bus fare every single day',
  },
  {
    headline: 'Letters stopped being scary',
    words: 'We open the post now, and answer it.',
    level: 'Making it work',
    feeling: 'High',
  },
  {
    headline: 'Where we are now',
    words: 'We manage. We still ring Dee sometimes, just to say hello.',
    level: 'Independent',
    feeling: 'Very high',
  },
];
/** "This led to…": from stage [0] to stage [1], by index. */
const LINKS: [number, number][] = [
  [0, 1],
  [1, 2],
  [2, 3],
];

const JOURNEY = { title: 'The Greens’ year', family: 'The Greens' };
const TEMPLATED = { title: 'The Ashes, first workshop', family: 'The Ashes' };
const TOC_TITLE = 'How our families moved on';

let journeyUrl = '';
let tocId = '';
let invites: { participant: string; viewer: string };

describe('a facilitator runs a workshop from the screens', () => {
  it('signs in with their email and password on the sign-in page', async () => {
    await signIn(page, running.current);
    await snap(page, 'facilitator-01-home-signed-in');
    expect(problems).toEqual([]);
  });

  it('starts a blank journey from the home page form', async () => {
    const form = formWith('Start the journey');
    await form.getByLabel('Title').fill(JOURNEY.title);
    await form.getByLabel('Pseudonym for a new family (not their real name)').fill(JOURNEY.family);
    await form.getByLabel('Start from').selectOption({ label: 'Blank: no stages yet' });
    await form.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submitWith(form.getByRole('button', { name: 'Start the journey' }));
    expect(started.status, 'starting a journey').toBe(303);
    expect(started.landedStatus).toBe(200);
    expect(started.landedUrl).toMatch(/\/journeys\/[\w-]+$/);
    journeyUrl = started.landedUrl;
    await page.getByRole('heading', { level: 1, name: JOURNEY.title }).waitFor();
    await savedStatus(page).waitFor();
    expect(await page.getByRole('navigation', { name: 'Stages' }).textContent()).toContain('No stages yet');
    await snap(page, 'facilitator-02-blank-journey');
  });

  it('starts another from the story prompts template', async () => {
    await page.getByRole('link', { name: 'Turning Points', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
    const form = formWith('Start the journey');
    await form.getByLabel('Title').fill(TEMPLATED.title);
    await form.getByLabel('Pseudonym for a new family (not their real name)').fill(TEMPLATED.family);
    await form.getByLabel('Start from').selectOption({ label: 'Story prompts: six moments to start the conversation' });
    await form.getByLabel('The family has agreed to map their journey with us').check();
    const started = await submitWith(form.getByRole('button', { name: 'Start the journey' }));
    expect(started.status, 'starting a journey from a template').toBe(303);
    expect(started.landedStatus).toBe(200);
    expect(started.landedUrl).toMatch(/\/journeys\/[\w-]+$/);
    expect(started.landedUrl).not.toBe(journeyUrl);
    await page.getByRole('heading', { level: 1, name: TEMPLATED.title }).waitFor();
    const stages = page.getByRole('navigation', { name: 'Stages' }).getByRole('button');
    await expect
      .poll(() => stages.allTextContents(), { timeout: 5000 })
      .toEqual([
        'As far back as we remember',
        'A low point',
        'A high point',
        'When help came',
        'When things started to change',
        'Where we are now',
      ]);
    await snap(page, 'facilitator-03-template-journey');
  });

  it('invites a participant and a viewer to the first journey, with the invite form’s button', async () => {
    await page.getByRole('link', { name: 'Turning Points', exact: true }).click();
    await page.getByRole('link', { name: JOURNEY.title, exact: true }).click();
    await page.waitForURL(journeyUrl);
    await page.getByRole('link', { name: 'Invite people to this journey' }).click();
    await page.waitForURL(`${journeyUrl}/invite`);
    await page.getByRole('heading', { level: 2, name: 'Invite people to this journey' }).waitFor();

    const made: Record<string, string> = {};
    for (const role of ['participant', 'viewer'] as const) {
      await page.getByLabel('They join as').selectOption(role);
      await page.getByLabel('The link works for').selectOption({ label: '4 hours (one workshop)' });
      const invited = await submitWith(page.getByRole('button', { name: 'Make an invite link' }));
      // Made, it answers 303 back to the invite page, which shows the link once.
      expect([invited.status, invited.landedStatus], `making a ${role} invite`).toEqual([303, 200]);
      expect(invited.landedUrl).toBe(`${journeyUrl}/invite`);
      const link = page.getByRole('link', { name: /\?invite=/ });
      made[role] = (await link.textContent())!.trim();
      expect(made[role]).toMatch(new RegExp(`^${journeyUrl}\\?invite=[\\w.-]+$`));
      await page.getByText(new RegExp(`Invite for an? ${role}, until`)).waitFor();
      await page.getByRole('img', { name: 'QR code of the invite link' }).waitFor();
      await snap(page, `facilitator-04-invite-${role}`);
    }
    invites = { participant: made.participant!, viewer: made.viewer! };
    expect(invites.participant).not.toBe(invites.viewer);

    // Each link opens the map for someone with no account, as what it says; the token it carries
    // becomes a cookie and leaves the address, and the live map's connection carries none.
    const family = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const guest = await watchedPage(family);
      const rooms: string[] = [];
      guest.page.on('websocket', (socket) => rooms.push(socket.url()));
      for (const [role, link] of Object.entries(invites)) {
        const opened = await guest.page.goto(link);
        expect(opened?.status(), `opening the ${role} invite`).toBe(200);
        expect(opened?.request().redirectedFrom()?.url(), 'the link itself answers with a redirect').toBe(link);
        expect(guest.page.url(), 'the address keeps no token').toBe(journeyUrl);
        await guest.page.getByRole('heading', { level: 1, name: JOURNEY.title }).waitFor();
        await savedStatus(guest.page).waitFor();
        const invite = (await family.cookies()).filter((cookie) => cookie.name === 'tp_invite');
        // The journey's pages, its room and its costs companion's room (which admits the invite only when costs are shown).
        expect(invite.map((cookie) => cookie.path).sort()).toEqual([
          new URL(journeyUrl).pathname.replace('/journeys/', '/collab/'),
          `${new URL(journeyUrl).pathname.replace('/journeys/', '/collab/')}-costs`,
          new URL(journeyUrl).pathname,
        ]);
        for (const cookie of invite) expect(cookie.httpOnly && cookie.sameSite === 'Lax').toBe(true);
        const hrefs = await guest.page
          .locator('a[href]')
          .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        expect(
          hrefs.filter((href) => href?.includes('invite=')),
          'no link on the page carries a token',
        ).toEqual([]);
        const canAdd = await guest.page.getByRole('button', { name: 'Add a stage', exact: true }).count();
        expect(canAdd, `a ${role} may${role === 'viewer' ? ' not' : ''} add stages`).toBe(role === 'viewer' ? 0 : 1);
      }
      expect(rooms.length).toBeGreaterThan(0);
      for (const room of rooms) expect(new URL(room).search, room).not.toMatch(/token=/);
      expect(guest.problems).toEqual([]);
    } finally {
      await family.close();
    }
  });

  it('maps six stages in the live map: words, headline, level, feeling, links, what helped and hindered, a cost', async () => {
    await page.getByRole('link', { name: 'Turning Points', exact: true }).click();
    await page.getByRole('link', { name: JOURNEY.title, exact: true }).click();
    await page.waitForURL(journeyUrl);
    await savedStatus(page).waitFor();
    const tools = page.getByRole('toolbar', { name: 'Journey tools' });
    await tools.getByLabel('Your name').fill('Jo (worker)');
    await expect
      .poll(() => page.getByRole('list', { name: 'Who is here' }).textContent(), { timeout: 2000 })
      .toContain('Jo (worker)');

    for (const [index, stage] of STAGES.entries()) {
      await tools.getByRole('button', { name: 'Add a stage', exact: true }).click();
      const panel = page.getByRole('region', { name: new RegExp(`^Stage ${index + 1}:`) });
      await panel.getByRole('heading', { name: `Stage ${index + 1}` }).waitFor();
      const headline = panel.getByLabel('Headline');
      await headline.fill(stage.headline);
      await headline.press('Enter');
      await page.getByRole('region', { name: `Stage ${index + 1}: ${stage.headline}` }).waitFor({ timeout: 2000 });
      await panel.getByLabel('In their own words').fill(stage.words);
      await panel
        .getByRole('group', { name: 'Where were they, from stuck to independent?' })
        .getByRole('button', { name: new RegExp(`^${stage.level}\\b`) })
        .click();
      await panel
        .getByRole('group', { name: 'How did it feel?' })
        .getByRole('button', { name: stage.feeling, exact: true })
        .click();
      const factor = panel.getByLabel('Something that helped, or got in the way');
      if (stage.helped) {
        await factor.fill(stage.helped);
        await panel.getByRole('button', { name: 'It helped' }).click();
      }
      if (stage.hindered) {
        await factor.fill(stage.hindered);
        await panel.getByRole('button', { name: 'It got in the way' }).click();
      }
      if (stage.cost) {
        const costs = panel.getByRole('region', { name: 'Events that cost public services' });
        await costs.getByLabel('What happened').selectOption({ label: stage.cost.what });
        await costs.getByLabel(/^How many/).fill(stage.cost.howMany);
        await costs.getByLabel('When, compared with support').selectOption({ label: stage.cost.when });
        await costs.getByRole('button', { name: 'Add the event' }).click();
        await costs
          .getByRole('listitem')
          .filter({ hasText: `${stage.cost.what} × ${stage.cost.howMany}` })
          .waitFor({ timeout: 2000 });
      }
      await expect.poll(() => card(index).textContent(), { timeout: 2000 }).toContain(stage.words);
      expect(await card(index).textContent()).toContain(`Feeling: ${stage.feeling}`);
      if (index === 1) await snap(page, 'facilitator-05-mapping-stage-2');
    }

    // "This led to…", chosen from the stage it starts at: bring the card into sight, tap it, pick where it led.
    for (const [from, to] of LINKS) {
      await panUntilSeen(card(from));
      await card(from).click();
      const panel = page.getByRole('region', { name: `Stage ${from + 1}: ${STAGES[from]!.headline}` });
      await panel.getByLabel('This led to…').selectOption({ label: STAGES[to]!.headline });
      await page
        .getByRole('group', { name: `Led to: from ${STAGES[from]!.headline} to ${STAGES[to]!.headline}` })
        .waitFor({ state: 'attached', timeout: 2000 });
    }

    await savedStatus(page).waitFor({ timeout: 10_000 });
    await snap(page, 'facilitator-06-six-stages-saved');
    expect(problems).toEqual([]);
  });

  it('hears each card on the map as its place in the whole journey: "Stage 2 of 6"', async () => {
    const labels = await page
      .getByRole('application')
      .getByRole('group')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('aria-label')).filter((l) => l?.startsWith('Stage ')));
    expect(labels).toEqual(STAGES.map((s, i) => `Stage ${i + 1} of ${STAGES.length}: ${s.headline}`));
  });

  it('finds everything typed, in order, in the list view', async () => {
    await page.getByRole('toolbar', { name: 'Journey tools' }).getByRole('link', { name: 'List view' }).click();
    await page.waitForURL(`${journeyUrl}/list`);
    await page.getByRole('heading', { level: 1, name: JOURNEY.title }).waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(STAGES.map((s) => s.headline));
    const items = stageItems(page);
    for (const [index, stage] of STAGES.entries()) {
      const text = (await items.nth(index).textContent()) ?? '';
      expect(text, stage.headline).toContain(stage.words);
      expect(text).toContain(`Feeling: ${stage.feeling}`);
      expect(text).toMatch(new RegExp(`Level \\d of 5:\\s*${stage.level}`));
      if (stage.helped) expect(text).toMatch(new RegExp(`What helped\\s*${stage.helped}`));
      if (stage.hindered) expect(text).toMatch(new RegExp(`What got in the way\\s*${stage.hindered}`));
      if (stage.cost) expect(text).toContain(`${stage.cost.what}, ${stage.cost.howMany} times, ${stage.cost.when}`);
    }
    await snap(page, 'facilitator-07-list-view');
  });

  it('finds what led to what in the list view too, the map’s accessible alternative', async () => {
    const stages = stageItems(page);
    for (const [from, to] of LINKS)
      expect(
        await stages.nth(from).textContent(),
        `the list says "${STAGES[from]!.headline}" led to "${STAGES[to]!.headline}"`,
      ).toMatch(new RegExp(`led to[\\s\\S]*${STAGES[to]!.headline}`, 'i'));
  });

  it('sees the cost event on the journey’s costs and in the cost report', async () => {
    await page.goBack();
    await page.getByRole('toolbar', { name: 'Journey tools' }).getByRole('link', { name: 'Costs' }).click();
    await page.waitForURL(`${journeyUrl}/costs`);
    await page.getByRole('heading', { level: 1, name: `What it cost public services: ${JOURNEY.title}` }).waitFor();
    const costed = STAGES.find((s) => s.cost)!;
    const row = page.getByRole('row').filter({ hasText: costed.headline });
    expect(await row.textContent()).toMatch(new RegExp(`${costed.cost!.what} × ${costed.cost!.howMany}`));
    const amount = (await row.getByRole('cell').last().textContent())!.trim();
    expect(amount).toMatch(/^£[1-9][\d,]*$/);
    await snap(page, 'facilitator-08-journey-costs');

    // The cost report is analysis: the family agrees, and the facilitator records it on its page.
    await page.goto(journeyUrl);
    await submitWith(page.getByRole('link', { name: 'The family and their consent' }));
    expect((await recordConsent(page, { scope: /^Analysis/, decision: 'Given', givenBy: 'Jo, mother' })).status).toBe(
      303,
    );

    await page.getByRole('link', { name: 'Turning Points', exact: true }).click();
    await page.getByRole('link', { name: /the cost report across these journeys/ }).click();
    await page.waitForURL(url('reports/costs'));
    await page.getByRole('heading', { level: 1, name: 'What support saved public services' }).waitFor();
    // Only this family in the cohort: its cost before support is the one event's.
    await page
      .getByRole('group', { name: /Which journeys make the cohort/ })
      .getByLabel(JOURNEY.title)
      .check();
    const worked = await submitWith(page.getByRole('button', { name: 'Work it out' }));
    expect(worked.status, 'working out the cost report').toBe(200);
    expect(new URL(worked.landedUrl).pathname).toBe('/reports/costs');
    expect(await page.getByRole('main').textContent()).toContain('Across 1 journey:');
    const before = page.getByRole('row', { name: /Reactive cost before support/ });
    expect((await before.getByRole('cell').textContent())!.trim()).toBe(amount);
    await snap(page, 'facilitator-09-cost-report');
    expect(problems).toEqual([]);
  });

  it('drafts a theory of change from several journeys with the draft form’s button', async () => {
    await page.getByRole('link', { name: 'Turning Points', exact: true }).click();
    const form = formWith('Draft the theory of change');
    const choices = form.getByRole('group', { name: 'Draft a theory of change from these journeys' });
    const boxes = choices.getByRole('checkbox');
    expect(await boxes.count()).toBeGreaterThanOrEqual(6);
    // The story-prompts journey holds only empty prompts so far: leave it out.
    await choices.getByLabel(TEMPLATED.title).uncheck();
    await form.getByLabel('Title', { exact: true }).fill(TOC_TITLE);
    const drafted = await submitWith(form.getByRole('button', { name: 'Draft the theory of change' }));
    expect(drafted.status, 'drafting a theory of change').toBe(303);
    expect(drafted.landedStatus).toBe(200);
    tocId = /\/toc\/([\w-]+)$/.exec(drafted.landedUrl)?.[1] ?? '';
    expect(tocId).not.toBe('');
    await page.getByRole('heading', { level: 1, name: TOC_TITLE }).waitFor();
    await savedStatus(page).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('navigation', { name: 'Steps' }).getByRole('button').count()).toBeGreaterThan(0);
    await snap(page, 'facilitator-10-theory-of-change');
    expect(problems).toEqual([]);
  });

  it('opens each export through its link on the theory of change’s list view', async () => {
    await page.getByRole('link', { name: /List and print view, and exports/ }).click();
    await page.waitForURL(url(`toc/${tocId}/list`));
    await page.getByRole('heading', { level: 1, name: TOC_TITLE }).waitFor();
    await snap(page, 'facilitator-11-toc-list');
    const stepTitles = await page.getByRole('heading', { level: 3 }).allTextContents();
    expect(stepTitles.length).toBeGreaterThan(0);

    // Every export has its link on the list, and answers with its own media type.
    const opened: Record<string, { type: string; body: string }> = {};
    for (const document of EXPORT_DOCUMENTS) {
      opened[document.id] = await openExport(page, document.label);
      expect(opened[document.id]!.type, document.id).toBe(`${document.mediaType}; charset=utf-8`);
    }
    const schema = await openExport(page, 'schema');
    expect(schema.type).toMatch(/json/);
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(schema.body) as object);
    const toc = JSON.parse(opened.json!.body) as { id: string; title: string };
    expect(validate(toc), JSON.stringify(validate.errors)).toBe(true);
    expect(toc.title).toBe(TOC_TITLE);
    expect(opened.md!.body).toContain(`# ${TOC_TITLE}`);
    expect(opened.mermaid!.body).toMatch(/^(---[\s\S]*?---\s*)?(flowchart|graph) /m);
    expect(opened.dot!.body).toMatch(/^\s*digraph\b/);
    expect(opened['csv-links']!.body.split('\n')[0]).toMatch(/from/i);
    expect(opened['csv-indicators']!.body.split('\n')[0]).toMatch(/measure/i);
    // The team's view: the step titles on the list are the exports' too.
    for (const title of stepTitles.slice(0, 3)) expect(opened.md!.body).toContain(title);
    expect(problems).toEqual([]);
  });

  it('signs out with the button, and the session is over', async () => {
    const session = (await desk.cookies()).find((c) => c.name === 'tp_session' && c.httpOnly);
    expect(session, 'a session cookie while signed in').toBeDefined();
    await page.getByRole('link', { name: 'Turning Points', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Journeys' }).waitFor();
    const signedOut = await submitWith(page.getByRole('button', { name: 'Sign out' }));
    expect(signedOut.status, 'signing out').toBe(303);
    expect(new URL(signedOut.landedUrl).pathname, 'signing out lands on the home page').toBe('/');
    await page.getByRole('heading', { level: 1, name: 'Turning Points' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    await snap(page, 'facilitator-12-signed-out');
    expect(problems).toEqual([]);

    // Back to a page that needs signing in: refused, and it says why.
    const report = await page.goto(url('reports/costs'));
    expect(report?.status()).toBe(401);
    expect(await page.getByRole('main').textContent()).toMatch(/sign.in/i);
    const journey = await page.goto(journeyUrl);
    expect(journey?.status()).toBe(401);
    expect(await page.getByRole('button', { name: 'Add a stage', exact: true }).count()).toBe(0);

    // Last, outside the browser: the old session cookie, if someone kept it, no longer works.
    const kept = await fetch(url('reports/costs'), { headers: { cookie: `${session!.name}=${session!.value}` } });
    expect(kept.status, 'the cost report with the session cookie from before signing out').toBe(401);
  });
});

/**
 * Follow an export link as a person does: the browser shows it, or saves it as a download.
 * Its content type, and its text either way.
 */
async function openExport(page: Page, name: string): Promise<{ type: string; body: string }> {
  const link = page.getByRole('link', { name, exact: true });
  const href = new URL((await link.getAttribute('href'))!, page.url()).href;
  const answered = page.waitForResponse((r) => r.url() === href);
  const outcome = Promise.race([
    page.waitForEvent('download').then((download) => ({ download })),
    page
      .waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() })
      .then(() => ({ download: undefined })),
  ]);
  await link.click();
  const response = await answered;
  expect(response.status(), `the ${name} export`).toBe(200);
  const type = response.headers()['content-type'] ?? '';
  const { download } = await outcome;
  if (download) return { type, body: await readFile(await download.path(), 'utf8') };
  await page.waitForLoadState('load');
  await snap(page, `facilitator-export-${name.replace(/\W+/g, '-').toLowerCase()}`, { fullPage: false });
  const body = await response.text();
  await page.goBack();
  return { type, body };
}
