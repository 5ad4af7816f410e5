/**
 * The theory-of-change canvas in real Chromium: a facilitator and an invited participant on one
 * theory of change, live; the families' words behind a step, as each may see them; a viewer who
 * cannot change anything; nothing lost on reload; user text shown as text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { root, token, useServer, type RunningServer, exampleId } from '../server/harness.ts';
import { ARTIFACTS, launch, signedInContext, watchedPage } from './browser.ts';

const JOURNEYS = [
  'life-swindon-chronic-crisis', // shares its words
  'slf-disengaged-young-people', // shares its words
  'slf-isolated-family', // does not
  'family-action-single-mother', // does not
];

interface ExampleStage {
  id: string;
  title: string;
  words: string;
}
const example = (id: string) =>
  JSON.parse(readFileSync(join(root, 'journeys', `${id}.json`), 'utf8')) as {
    family: { pseudonym: string };
    stages: ExampleStage[];
  };

const running = useServer();
let server: RunningServer;
let browser: Browser;
let facilitator: BrowserContext;
let participant: BrowserContext;
let tocId: string;

/** Draft a theory of change from the four example journeys, as the facilitator, through the form's endpoint. */
async function draftToc(context: BrowserContext, title: string): Promise<string> {
  const form = new URLSearchParams({ title });
  for (const id of JOURNEYS) form.append('journeyIds', exampleId(server, id));
  const response = await context.request.post(`${server.url}api/toc`, {
    data: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(303);
  const id = /\/toc\/([^/?#]+)$/.exec(response.headers().location ?? '')?.[1];
  if (!id) throw new Error(`no theory of change in ${response.headers().location}`);
  return id;
}

beforeAll(async () => {
  server = running.current;
  browser = await launch();
  facilitator = await signedInContext(browser, server);
  participant = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  tocId = await draftToc(facilitator, 'How families move on');
});
afterAll(async () => {
  await browser?.close();
});

const saved = (page: Page) =>
  page
    .getByRole('status')
    .filter({ hasText: /^✓?\s*Saved$/ })
    .waitFor({ timeout: 10_000 });

/**
 * Open the canvas and say who one is in the toolbar, as a facilitator does first (a device with
 * no name is otherwise asked before its first change: the journey tests play that part).
 */
async function openToc(
  context: BrowserContext,
  query = '',
  name = query ? 'Kerry' : 'Jo (worker)',
): Promise<{ page: Page; problems: string[] }> {
  const watched = await watchedPage(context);
  await watched.page.goto(`${server.url}toc/${tocId}${query}`);
  await saved(watched.page);
  const yourName = watched.page.getByLabel('Your name');
  if (await yourName.isEditable()) await yourName.fill(name);
  return watched;
}

const stepButton = (page: Page, title: string) =>
  page.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: title, exact: true });
const links = (page: Page) => page.getByRole('group', { name: /^Leads to: from / });

/** Select a link the keyboard way: focus its edge on the canvas and press Enter. */
async function selectLink(page: Page, id: string): Promise<void> {
  await page.locator(`.react-flow__edge[data-id="${id}"]`).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'This leads to that' }).waitFor();
}

describe('two people on one theory of change', () => {
  it('a rationale typed by one shows for the other within a second, and so does a new step; undo is one’s own', async () => {
    const a = await openToc(facilitator);
    const b = await openToc(participant, `?invite=${token(server, tocId, 'participant')}`);
    await expect
      .poll(() => a.page.getByRole('list', { name: 'Who is here' }).textContent(), { timeout: 2000 })
      .toContain('Kerry');

    // The draft's links are on the canvas, each with its confidence in words.
    expect(await links(a.page).count()).toBeGreaterThan(0);
    expect(await a.page.locator('.react-flow__edge-text').first().textContent()).toBe('Low confidence');
    const linkId = (await links(a.page).first().getAttribute('data-id'))!;
    await selectLink(a.page, linkId);
    await selectLink(b.page, linkId);
    const rationale = (page: Page) => page.getByLabel('Why one leads to the other');
    const drafted = await rationale(a.page).inputValue();
    expect(drafted.length).toBeGreaterThan(0);

    // A types at the end of the rationale; B sees every word within a second of the last key.
    const added = ' Kerry said the worker kept coming back.';
    await rationale(a.page).focus();
    await a.page.keyboard.press('ControlOrMeta+End');
    await rationale(a.page).pressSequentially(added, { delay: 15 });
    await expect.poll(() => rationale(b.page).inputValue(), { timeout: 1000 }).toBe(drafted + added);

    // Both type at once, at different ends: both keep their words.
    await rationale(b.page).focus();
    await b.page.keyboard.press('ControlOrMeta+Home');
    await Promise.all([
      rationale(b.page).pressSequentially('Families told us: ', { delay: 20 }),
      rationale(a.page).pressSequentially(' Twice.', { delay: 20 }),
    ]);
    const merged = `Families told us: ${drafted}${added} Twice.`;
    await expect.poll(() => rationale(a.page).inputValue(), { timeout: 2000 }).toBe(merged);
    await expect.poll(() => rationale(b.page).inputValue(), { timeout: 2000 }).toBe(merged);

    // A adds a step; B sees it on the canvas within a second.
    await a.page.getByRole('button', { name: 'Add a step', exact: true }).click();
    await expect.poll(() => a.page.evaluate(() => document.activeElement?.id)).toBe('toc-add-step-title');
    await a.page.getByLabel('Kind of step').selectOption('output');
    await a.page.getByLabel('Its title').fill('A weekly drop-in at the children’s centre');
    await a.page.getByRole('button', { name: 'Add the step' }).click();
    await b.page
      .locator('.step-card', { hasText: 'A weekly drop-in at the children’s centre' })
      .waitFor({ timeout: 1000 });
    // …and links it by keyboard: "This leads to…".
    await a.page.getByLabel('This leads to…').selectOption({ index: 1 });
    await expect.poll(() => links(b.page).count(), { timeout: 1000 }).toBe(await links(a.page).count());

    // B's undo takes back B's typing only; A's undo takes back A's link, then A's step.
    await b.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => rationale(b.page).inputValue(), { timeout: 1000 }).not.toContain('Families told us');
    await expect.poll(() => rationale(b.page).inputValue()).toContain('Twice.');
    const withLink = await links(b.page).count();
    await a.page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => links(b.page).count(), { timeout: 1000 }).toBe(withLink - 1);

    // A reload keeps what was saved.
    await saved(b.page);
    await b.page.reload();
    await saved(b.page);
    await selectLink(b.page, linkId);
    expect(await rationale(b.page).inputValue()).toContain(`${drafted}${added} Twice.`);

    await a.page.screenshot({ path: join(ARTIFACTS, 'toc-editor-facilitator.png') });
    await b.page.screenshot({ path: join(ARTIFACTS, 'toc-editor-participant.png') });
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });
});

describe('the panels and the canvas', () => {
  it('set the summary and the ceiling with its reason, a step’s scale, costs and indicators, a link’s confidence, interventions and assumptions; drag places a step; a handle draws a link', async () => {
    const { page, problems } = await openToc(facilitator);
    await page.getByLabel(/Ceiling of accountability/).selectOption('output');
    // The summary and the reason for the line are committed when the person leaves each box.
    await page.getByLabel(/^Summary/).fill('Support that starts from what the family says matters.');
    await page.getByLabel('Why the line is there').fill('Beyond outputs, too much else in a family’s life is at work.');
    await page.getByRole('button', { name: 'Add a step', exact: true }).click();
    await page.getByLabel('Kind of step').selectOption('intermediate-outcome');
    await page.getByLabel('Its title').fill('Families feel listened to');
    await page.getByLabel('Its title').press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Families feel listened to' }).waitFor();
    await page.getByText('Above the ceiling of accountability').waitFor();

    await page.getByLabel('To', { exact: true }).selectOption({ label: '4. Making it work' });
    await page.getByLabel('From (optional)').selectOption({ label: '2. Opening up' });
    await page.getByLabel('It should make rarer…').selectOption({ label: 'Police call-out' });
    const card = page.locator('.step-card', { hasText: 'Families feel listened to' });
    await expect
      .poll(() => card.textContent())
      .toMatch(/From.*Opening up.*To.*Making it work.*Reduces: police call-out/);

    await page.getByRole('button', { name: 'Add an indicator' }).click();
    await page.getByLabel('What is counted').fill('Families who say they were listened to');
    await page.getByLabel('Measure').selectOption('percentage');
    await page.getByLabel('For whom').fill('Families at the end of support');
    await page.getByLabel('Target (a number)').fill('80');
    await page.getByLabel('Success for one family (in words)').fill('says yes, unprompted');
    await page.getByLabel('By when').fill('at the last visit');
    await page.getByRole('button', { name: 'Save the indicator' }).click();
    await page.getByRole('button', { name: 'Edit Families who say they were listened to' }).click();
    await page.getByLabel('What is counted').fill('Families who say they were heard');
    await page.getByRole('button', { name: 'Save the indicator' }).click();
    await expect.poll(() => card.textContent()).toContain('1 indicator');

    await page.getByLabel('This leads to…').selectOption({ index: 1 });
    await page.getByRole('button', { name: /^The link to / }).click();
    await page.getByRole('heading', { name: 'This leads to that' }).waitFor();
    await page.getByRole('button', { name: 'High confidence' }).click();
    expect(await page.getByRole('button', { name: 'High confidence' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByLabel('Something the programme does').fill('Ask what matters to them first');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByLabel('What must hold').fill('Workers have time to listen');
    await page.getByLabel('Kind', { exact: true }).last().selectOption('contextual');
    await page.getByRole('button', { name: 'Add the assumption' }).click();
    await page.getByLabel('Tested?').selectOption('holding');
    await saved(page);

    const list = await watchedPage(facilitator);
    await list.page.goto(`${server.url}toc/${tocId}/list`);
    const outline = (await list.page.textContent('body')) ?? '';
    expect(outline).toMatch(/answers for everything up to outputs/);
    expect(outline).toContain('Support that starts from what the family says matters.');
    expect(outline).toContain('Beyond outputs, too much else in a family’s life is at work.');
    expect(outline).toMatch(/Families feel listened to[\s\S]*from “Opening up” to “Making it work”/);
    expect(outline).toContain('Families who say they were heard');
    expect(outline).toContain('Ask what matters to them first');
    expect(outline).toContain('Workers have time to listen');
    await list.page.close();

    // Drag the new step: where it lands is kept, for everyone, after a reload.
    const node = page.locator('.react-flow__node', { hasText: 'Families feel listened to' });
    const box = (await node.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 10);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width / 2 + i * 8, box.y + 10 + i * 3);
    await page.mouse.up();
    await saved(page);
    const placed = await node.evaluate((el) => (el as HTMLElement).style.transform);
    await page.reload();
    await saved(page);
    expect(
      await page
        .locator('.react-flow__node', { hasText: 'Families feel listened to' })
        .evaluate((el) => (el as HTMLElement).style.transform),
    ).toBe(placed);

    // Draw a link with the mouse, from a step's top handle to the bottom handle of another.
    const before = await links(page).count();
    const from = page
      .locator('.react-flow__node', { hasText: 'Families feel listened to' })
      .locator('.react-flow__handle.source');
    const to = page
      .locator('.react-flow__node')
      .filter({ hasText: 'Long-term outcome' })
      .first()
      .locator('.react-flow__handle.target');
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++)
      await page.mouse.move(a.x + ((b.x - a.x) * i) / 10 + a.width / 2, a.y + ((b.y - a.y) * i) / 10 + a.height / 2);
    await page.mouse.up();
    await expect.poll(() => links(page).count()).toBe(before + 1);
    await page.screenshot({ path: join(ARTIFACTS, 'toc-editor-panels.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the families’ words behind a step', () => {
  it('shows the team every family’s words; an invited participant only those of families who agreed to share them', async () => {
    const shared = example('life-swindon-chronic-crisis');
    const withheld = example('family-action-single-mother');
    const sharedStage = shared.stages[0]!;
    const withheldStage = withheld.stages[1]!;

    const a = await openToc(facilitator);
    await a.page.getByRole('button', { name: 'Add a step', exact: true }).click();
    await a.page.getByLabel('Kind of step').selectOption('precondition');
    await a.page.getByLabel('Its title').fill('Someone notices early');
    await a.page.getByRole('button', { name: 'Add the step' }).click();
    for (const [family, stage] of [
      [shared, sharedStage],
      [withheld, withheldStage],
    ] as const) {
      await a.page.getByLabel('Family', { exact: true }).selectOption({ label: family.family.pseudonym });
      // Stages are stored under ids of their own: chosen by what the list shows, their headline.
      const stages = a.page.getByLabel('Stage', { exact: true });
      const option = stages.locator('option', { hasText: stage.title });
      await stages.selectOption((await option.getAttribute('value'))!);
      await a.page.getByRole('button', { name: 'Cite this' }).click();
    }
    const evidence = (page: Page) => page.getByRole('region', { name: 'What families said' });
    await expect.poll(() => evidence(a.page).getByRole('listitem').count()).toBe(2);
    const team = (await evidence(a.page).textContent()) ?? '';
    expect(team).toContain(shared.family.pseudonym);
    expect(team).toContain(sharedStage.words);
    expect(team).toContain(withheldStage.words);
    await saved(a.page);
    await a.page.screenshot({ path: join(ARTIFACTS, 'toc-evidence-team.png') });

    const b = await openToc(participant, `?invite=${token(server, tocId, 'participant')}`);
    await stepButton(b.page, 'Someone notices early').click();
    await expect.poll(() => evidence(b.page).getByRole('listitem').count()).toBe(2);
    const invited = (await evidence(b.page).textContent()) ?? '';
    expect(invited).toContain(sharedStage.words);
    expect(invited).toContain(withheld.family.pseudonym);
    expect(invited).toContain('This family did not agree to share its words');
    expect(invited).not.toContain(withheldStage.words);
    expect(invited).not.toContain(withheldStage.title);
    expect(await b.page.textContent('body')).not.toContain(withheldStage.words);
    await b.page.screenshot({ path: join(ARTIFACTS, 'toc-evidence-participant.png') });

    // Stop citing one: gone for the other too.
    await evidence(a.page).getByRole('button', { name: 'Stop citing this' }).first().click();
    await expect.poll(() => evidence(b.page).getByRole('listitem').count(), { timeout: 1000 }).toBe(1);
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.page.close();
    await b.page.close();
  });
});

describe('finding one’s way on a wide theory of change', () => {
  it('choosing a step from the list brings it into view at a size that can be read', async () => {
    const { page, problems } = await openToc(facilitator);
    const zoom = () =>
      page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);
    // The whole draft in view is too small to read: that is why choosing from the list matters.
    expect(await zoom()).toBeLessThan(0.75);

    // The last step in the list: an activity, on the bottom tier.
    const last = page.getByRole('navigation', { name: 'Steps' }).getByRole('button').last();
    const title = (await last.textContent())!.trim();
    await last.click();
    await expect.poll(zoom, { timeout: 2000 }).toBeGreaterThanOrEqual(0.75);
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    await expect
      .poll(async () => {
        const card = await page.locator('.react-flow__node', { hasText: title }).boundingBox();
        return (
          card !== null &&
          card.x >= canvas.x &&
          card.y >= canvas.y &&
          card.x + card.width <= canvas.x + canvas.width &&
          card.y + card.height <= canvas.y + canvas.height
        );
      })
      .toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('a viewer', () => {
  it('sees everything and can change nothing', async () => {
    const viewer = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const v = await openToc(viewer, `?invite=${token(server, tocId, 'viewer')}`);
    const nodesBefore = await v.page.locator('.react-flow__node').count();
    expect(nodesBefore).toBeGreaterThan(0);
    expect(await v.page.getByRole('button', { name: 'Add a step' }).count()).toBe(0);
    expect(await v.page.getByRole('button', { name: 'Undo' }).isDisabled()).toBe(true);
    const title = v.page.getByLabel('Title', { exact: true });
    expect(await title.getAttribute('readonly')).not.toBeNull();
    expect(await v.page.getByLabel(/Ceiling of accountability/).isDisabled()).toBe(true);

    // A step: read-only fields, nothing to delete; Delete on the canvas does nothing.
    const firstStep = v.page.getByRole('navigation', { name: 'Steps' }).getByRole('button').first();
    await firstStep.click();
    expect(await v.page.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    expect(await v.page.getByRole('button', { name: /Cite this|Add an indicator|Stop citing/ }).count()).toBe(0);
    expect(await v.page.getByLabel('Kind of step').isDisabled()).toBe(true);
    const node = v.page.locator('.react-flow__node').first();
    await node.focus();
    await v.page.keyboard.press('Delete');
    // A link: the rationale cannot be typed into.
    const linkId = (await links(v.page).first().getAttribute('data-id'))!;
    await selectLink(v.page, linkId);
    await v.page.keyboard.press('Delete');
    const rationale = v.page.getByLabel('Why one leads to the other');
    const before = await rationale.inputValue();
    await rationale.pressSequentially('typed by a viewer');
    expect(await rationale.inputValue()).toBe(before);
    expect(await v.page.getByRole('button', { name: 'High confidence' }).isDisabled()).toBe(true);
    expect(await v.page.locator('.react-flow__node').count()).toBe(nodesBefore);
    expect(await links(v.page).count()).toBeGreaterThan(0);
    await v.page.screenshot({ path: join(ARTIFACTS, 'toc-editor-viewer.png') });

    // And the facilitator's view is unchanged.
    const a = await openToc(facilitator);
    expect(await a.page.locator('.react-flow__node').count()).toBe(nodesBefore);
    expect([...v.problems, ...a.problems]).toEqual([]);
    await a.page.close();
    await viewer.close();
  });
});

describe('user text', () => {
  it('shows a title and a rationale with HTML or script in them as text, and nothing runs', async () => {
    const a = await openToc(facilitator);
    let alerted = false;
    const onDialog = async (dialog: { dismiss(): Promise<void> }) => {
      alerted = true;
      await dialog.dismiss();
    };
    a.page.on('dialog', onDialog);
    const nasty = '<img src=x onerror="alert(1)"><b>bold</b>';
    await a.page.getByRole('button', { name: 'Add a step', exact: true }).click();
    await a.page.getByLabel('Its title').fill(nasty);
    await a.page.getByRole('button', { name: 'Add the step' }).click();
    await a.page.getByLabel('What it means').fill('<script>alert("words")</script>');
    await saved(a.page);

    const viewer = await browser.newContext();
    const v = await viewer.newPage();
    v.on('dialog', onDialog);
    await v.goto(`${server.url}toc/${tocId}?invite=${token(server, tocId, 'viewer')}`);
    const card = v.locator('.step-card', { hasText: nasty });
    await card.waitFor({ timeout: 5000 });
    expect(await card.locator('b, img').count()).toBe(0);
    await stepButton(v, nasty).click();
    expect(await v.getByLabel('What it means').inputValue()).toBe('<script>alert("words")</script>');
    expect(await v.locator('.side script').count()).toBe(0);
    expect(alerted).toBe(false);
    expect(a.problems).toEqual([]);
    await viewer.close();
    await a.page.close();
  });
});
