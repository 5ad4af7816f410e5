/**
 * Journeys exported as a REFI-QDA project (.qdpx) from a real server (server/research/qdpx-export.ts,
 * site/pages/research/qdpx.astro): the file a staff member downloads validates against the
 * REFI-QDA schema (xmllint) and reads back to one case per family with the journeys chosen; a
 * journey whose family withdrew consent to analysis is left out, and said so on the page; what a
 * facilitator marked sensitive, cost events' notes, ids and titles of journeys left out are in no
 * file; nothing chosen, or nothing allowed, comes back as the form with an error summary (400);
 * staff of another project are refused (403), and nobody signed in (401). Audited by counts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/auth/tokens.ts';
import { addFactor, readJourney, typeStageText, userOrigin } from '../../src/doc/index.ts';
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import type { StageId } from '../../src/model/index.ts';
import { readQdpx } from '../unit/qdpx/read-qdpx.ts';
import { validateProject } from '../unit/qdpx/xmllint.ts';
import {
  connect,
  exampleId,
  familyOf,
  projectId,
  root,
  signedInStaff,
  synced,
  token,
  useServer,
  waitFor,
  type StaffAccount,
} from './harness.ts';
import { inStore, postForm } from './visitors.ts';

const server = useServer();
const PAGE = '/research/qdpx';
const EDIT = userOrigin('family-tablet');
const MARKERS = {
  title: 'Wombat headline marker',
  words: 'Wombat-words-of-a-sealed-stage-41',
  factor: 'Wombat-barrier-marker-42',
  onlyWords: 'Wombat-words-only-marker-43',
};
const FILE_NAME = /^attachment; filename="turning-points-\d{4}-\d{2}-\d{2}\.qdpx"$/;

let cookie = '';
let account: StaffAccount;
/** Journeys by family: the Holt family has two; the Marsh family withdraws consent to analysis. */
const ids = { holt: '', holtSecond: '', doyle: '', ashby: '', marsh: '' };
let wordsOnlyTitle = '';

const get = (path: string, as = cookie) =>
  fetch(new URL(path, server.current.url), { redirect: 'manual', headers: as ? { cookie: as } : {} });
/** The form as a browser posts it: a `journey` field per box ticked. */
function exportOf(journeys: readonly string[], as = cookie, extra: [string, string][] = []): Promise<Response> {
  const url = new URL(PAGE, server.current.url);
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams([...journeys.map((id): [string, string] => ['journey', id]), ...extra]).toString(),
    headers: { cookie: as, origin: url.origin, 'content-type': 'application/x-www-form-urlencoded' },
  });
}
const costNotes = (file: string): string[] =>
  (
    JSON.parse(readFileSync(join(root, 'journeys', `${file}.json`), 'utf8')) as {
      costEvents: { note?: string }[];
    }
  ).costEvents.flatMap((event) => (event.note ? [event.note] : []));
/** Every entry of the package as text, to search. */
const everything = (bytes: Uint8Array) =>
  Object.values(unzipSync(bytes))
    .map((data) => strFromU8(data))
    .join('\n');
const exportRows = () =>
  inStore(server.current, (db) =>
    db
      .prepare(
        `SELECT outcome, actor, project_id, detail FROM audit_log WHERE action = 'research.qdpx-export' ORDER BY seq`,
      )
      .all(),
  ) as { outcome: string; actor: string; project_id: string | null; detail: string | null }[];

/** An issue profile for the journey's family, as the profile page keeps one (written straight into the store). */
function recordProfile(journeyId: string, point: string, assessedOn: string, answers: Record<string, string>): void {
  const familyId = familyOf(server.current, journeyId);
  inStore(server.current, (db) =>
    db
      .prepare(
        `INSERT INTO issue_profiles (id, family_id, issue_set_id, issue_set_version, point, assessed_on, answers, source, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'form', 'staff:test', ?)`,
      )
      .run(
        newId(),
        familyId,
        PHASE_TWO_ISSUE_SET.id,
        PHASE_TWO_ISSUE_SET.version,
        point,
        assessedOn,
        JSON.stringify(answers),
        new Date().toISOString(),
      ),
  );
}
const HEADLINES = PHASE_TWO_ISSUE_SET.headlines.map((headline) => headline.id);
const eachHeadline = (answer: string) => Object.fromEntries(HEADLINES.map((id) => [id, answer]));

beforeAll(async () => {
  ({ cookie, account } = await signedInStaff(server.current, 'facilitator'));
  ids.holt = exampleId(server.current, 'slf-isolated-family');
  ids.doyle = exampleId(server.current, 'family-action-single-mother');
  ids.ashby = exampleId(server.current, 'slf-disengaged-young-people');
  ids.marsh = exampleId(server.current, 'life-swindon-chronic-crisis');

  // A second journey for the Holt family, started as staff start one on the home page.
  const started = await postForm(
    server.current,
    '/',
    {
      form: 'new-journey',
      title: 'Holt family: a year on',
      family: familyOf(server.current, ids.holt),
      familyPseudonym: '',
      template: 'story-prompts',
      consentMethod: 'verbal-in-person',
      consent: 'yes',
    },
    cookie,
  );
  expect(started.status).toBe(303);
  ids.holtSecond = started.headers.get('location')!.split('/').pop()!;

  // Phase Two: the Doyle family eligible (two headlines met); the Holt family eligible at referral,
  // where eligibility is decided (not at closure, later); the Ashby family has no profile: not known.
  recordProfile(ids.doyle, 'referral', '2016-09-01', { [HEADLINES[0]!]: 'yes', [HEADLINES[1]!]: 'yes' });
  recordProfile(ids.holt, 'referral', '2016-09-01', { [HEADLINES[0]!]: 'yes', [HEADLINES[2]!]: 'yes' });
  recordProfile(ids.holt, 'closure', '2017-09-01', eachHeadline('no'));

  // The Marsh family withdraws consent to analysis, recorded on its page.
  const withdrawn = await postForm(
    server.current,
    `/families/${familyOf(server.current, ids.marsh)}`,
    {
      form: 'consent',
      scope: 'analysis',
      decision: 'withdrawn',
      givenBy: 'Mrs Marsh',
      method: 'written-form',
      decidedOn: new Date().toISOString().slice(0, 10),
    },
    cookie,
  );
  expect(withdrawn.status).toBe(303);

  // In the Doyle journey, the family's words on two stages, then marked sensitive by a facilitator:
  // one stage whole (with a barrier), the other's words only.
  const family = connect(server.current, ids.doyle, token(server.current, ids.doyle, 'participant'));
  await synced(family);
  const stages = readJourney(family.doc).journey.stages;
  const whole = stages[2]!.id as StageId;
  const wordsOnly = stages[3]!.id as StageId;
  wordsOnlyTitle = stages[3]!.title;
  typeStageText(family.doc, whole, 'title', MARKERS.title, EDIT);
  typeStageText(family.doc, whole, 'words', MARKERS.words, EDIT);
  addFactor(family.doc, { stageId: whole, kind: 'barrier', text: MARKERS.factor }, EDIT);
  typeStageText(family.doc, wordsOnly, 'words', MARKERS.onlyWords, EDIT);
  await waitFor(
    async () => {
      const list = await (await get(`/journeys/${ids.doyle}/list`)).text();
      return Object.values(MARKERS).every((marker) => list.includes(marker));
    },
    5000,
    'the words stored',
  );
  family.destroy();
  for (const [item, kind] of [
    [whole, 'stage'],
    [wordsOnly, 'words'],
  ] as const)
    expect(
      (await postForm(server.current, `/journeys/${ids.doyle}/sensitive`, { item, kind, on: '1' }, cookie)).status,
    ).toBe(200);
});

describe('the export page', () => {
  it('lists the journeys of the staff member’s projects to tick, and those left out for consent apart, with why', async () => {
    const response = await get(PAGE);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const id of [ids.holt, ids.holtSecond, ids.doyle, ids.ashby])
      expect(html, id).toContain(`name="journey" value="${id}"`);
    expect(html).not.toContain(`value="${ids.marsh}"`);
    expect(html).toMatch(/One journey is left out[\s\S]*for\s+consent/);
    expect(html).toContain('the family withdrew its consent to analysis');
    expect(html).toContain('Download for NVivo, ATLAS.ti, MAXQDA or QualCoder (.qdpx)');
    expect(html).toContain('What it never holds');
  });

  it('lists archived journeys only when asked for', async () => {
    expect(
      (await postForm(server.current, `/journeys/${ids.ashby}/settings`, { form: 'archive' }, cookie)).status,
    ).toBe(303);
    expect(await (await get(PAGE)).text()).not.toContain(`value="${ids.ashby}"`);
    const shown = await (await get(`${PAGE}?archived=shown`)).text();
    expect(shown).toMatch(new RegExp(`value="${ids.ashby}"[\\s\\S]*?\\(archived\\)`));
    expect(
      (await postForm(server.current, `/journeys/${ids.ashby}/settings`, { form: 'unarchive' }, cookie)).status,
    ).toBe(303);
  });
});

describe('the downloaded file', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    const response = await exportOf([ids.holt, ids.holtSecond, ids.doyle, ids.ashby, ids.marsh]);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(FILE_NAME);
    bytes = new Uint8Array(await response.arrayBuffer());
  });

  it('validates against the REFI-QDA Project schema (xmllint)', () => {
    const validation = validateProject(readQdpx(bytes).xml);
    expect(validation.valid, validation.output).toBe(true);
  });

  it('reads back to one case per family with the journeys chosen, its variables, and the exporter by name', () => {
    const read = readQdpx(bytes);
    expect(read.cases.map((entry) => entry.name)).toEqual(['The Ashby family', 'The Doyle family', 'The Holt family']);
    const [ashby, doyle, holt] = read.cases;
    expect(holt!.sources.map((source) => source.name).sort()).toEqual(
      [
        'The Holt family: Holt family: a year on',
        'The Holt family: The Holt family: from nobody to ring to a door left open',
      ].sort(),
    );
    expect(doyle!.sources).toHaveLength(1);
    expect(ashby!.sources).toHaveLength(1);
    // Eligibility by the latest profile; with none it is not known, so no value. No typing run, no family type.
    expect(doyle!.values).toEqual({ 'Phase Two eligible': true, 'Consent in force': 'analysis, mapping, share-costs' });
    expect(holt!.values).toEqual({ 'Phase Two eligible': true, 'Consent in force': 'analysis, mapping, share-costs' });
    expect(ashby!.values).toEqual({ 'Consent in force': 'analysis, mapping, share-costs, share-words' });
    for (const source of read.sources) expect(source.selections.length).toBeGreaterThan(0);
    expect(read.users).toEqual([
      { guid: read.project.creatingUser, name: expect.stringMatching(/^Test facilitator /) },
    ]);
    expect(read.project.origin).toBe('Turning Points');
  });

  it('leaves out the journey whose family withdrew consent to analysis, title and all', () => {
    const text = everything(bytes);
    expect(text).not.toContain('Shutting the door');
    expect(text).not.toContain('The Marsh family');
    expect(readQdpx(bytes).project.name).toContain('Family journeys');
    expect(text).toContain('1 journey chosen was left out: no consent to analysis.');
  });

  it('holds nothing marked sensitive (a stage marked whole is gone; words marked leave the headline), no cost, no id', () => {
    const text = everything(bytes);
    for (const marker of Object.values(MARKERS)) expect(text, marker).not.toContain(marker);
    expect(text).not.toContain('Kept private');
    const doyle = readQdpx(bytes).cases.find((entry) => entry.name === 'The Doyle family')!.sources[0]!;
    const wordsOnly = doyle.selections.find((selection) => selection.name === wordsOnlyTitle)!;
    expect(wordsOnly.text).toBe(wordsOnlyTitle);
    for (const note of costNotes('family-action-single-mother')) expect(text, note).not.toContain(note);
    for (const id of [...Object.values(ids), account.id, familyOf(server.current, ids.holt)])
      expect(text, id).not.toContain(id);
  });

  it('is audited per project by counts, never titles', () => {
    const ok = exportRows().filter((row) => row.outcome === 'ok');
    expect(ok.at(-1)).toEqual({
      outcome: 'ok',
      actor: `staff:${account.id}`,
      project_id: projectId(server.current),
      detail: 'journeys:4;families:3',
    });
  });
});

describe('when nothing can be exported, or someone may not', () => {
  it('nothing ticked: the form again (400), with an error summary naming the field', async () => {
    const response = await exportOf([]);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#qdpx-journeys"');
    expect(html).toContain('Which journeys to export: choose at least one journey');
    expect(html).toContain('<title>Error: ');
  });

  it('only a journey whose family has not agreed to analysis: 400, saying why, the list as it was shown', async () => {
    const response = await exportOf([ids.marsh, ids.marsh], cookie, [['archived', 'shown']]);
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('name="archived" value="shown"');
    expect(html).toContain('has not agreed to analysis');
    expect(html).toContain('the family withdrew its consent to analysis');
    expect(exportRows().at(-1)).toMatchObject({ outcome: 'refused', detail: 'no-analysis' });
  });

  it('staff of another project are refused (403), and shown none of these journeys; nobody signed in, 401', async () => {
    const elsewhere = (await signedInStaff(server.current, 'facilitator', projectId(server.current, 'Elsewhere')))
      .cookie;
    const theirs = await get(PAGE, elsewhere);
    expect(theirs.status).toBe(200);
    const html = await theirs.text();
    for (const id of Object.values(ids)) expect(html).not.toContain(id);
    const refused = await exportOf([ids.holt], elsewhere);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('belongs to another project');
    expect(exportRows().at(-1)).toMatchObject({ outcome: 'refused', detail: 'other-project' });

    expect((await get(PAGE, '')).status).toBe(401);
    const signedOut = await exportOf([ids.holt], '');
    expect(signedOut.status).toBe(401);
    expect(signedOut.headers.get('content-type')).toMatch(/^text\/html/);
  });
});
