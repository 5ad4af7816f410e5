/**
 * Families and their consent against the real server: only staff of a family's project read or
 * change it (CONSENT1), a decision is in force at once everywhere the family's words go
 * (CONSENT2), the history is only ever appended to (CONSENT3), and the journey form starts a
 * journey for a family (CONSENT4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  projectId,
  removeDir,
  signedInStaff,
  startServer,
  stopServer,
  tempDataDir,
  token,
  type RunningServer,
} from './harness.ts';
import { inStore, openInvite, type CookieJar } from './visitors.ts';

let server: RunningServer;
let dataDir: string;
let cookie: string;
let otherCookie: string;
let journeyId: string;
let familyId: string;
/** A pseudonym and a name no log or audit row may hold. */
const PSEUDONYM = 'The Quillfeather family';
const GIVEN_BY = 'Marigold Quillfeather, for her own words';

const url = (path: string) => new URL(path, server.url).href;
const get = (path: string, headers: Record<string, string> = {}) => fetch(url(path), { headers, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(url(path), {
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(server.url).origin, ...headers },
  });
const today = () => new Date().toISOString().slice(0, 10);
const decision = (scope: string, given: boolean, extra: Record<string, string> = {}) => ({
  form: 'consent',
  scope,
  decision: given ? 'given' : 'withdrawn',
  givenBy: GIVEN_BY,
  method: 'written-form',
  decidedOn: today(),
  ...extra,
});
const historyRows = () =>
  inStore(server, (db) =>
    db.prepare('SELECT * FROM consent_decisions WHERE family_id = ? ORDER BY recorded_at').all(familyId),
  );

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await startServer(dataDir);
  ({ cookie } = await signedInStaff(server, 'facilitator'));
  projectId(server, 'Another study');
  ({ cookie: otherCookie } = await signedInStaff(server, 'facilitator', 'Another study'));
  const started = await post(
    '/api/journeys',
    { title: 'Spring sessions', familyPseudonym: PSEUDONYM, template: 'story-prompts', consent: 'yes' },
    { cookie, accept: 'application/json' },
  );
  expect(started.status).toBe(201);
  ({ id: journeyId, familyId } = (await started.json()) as { id: string; familyId: string });
});
afterAll(async () => {
  await stopServer(server);
  removeDir(dataDir);
});

describe('families and their consent', () => {
  it('CONSENT4: a journey started through the form joins a new family, with mapping recorded by the staff member', async () => {
    const rows = historyRows() as { scope: string; decision: string; method: string; recorded_by: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ scope: 'mapping', decision: 'given', method: 'verbal-in-person' });
    expect(rows[0]!.recorded_by).toMatch(/^staff:/);
    // A second journey for the same family, chosen by id, joins it (and says how they agreed).
    const again = await post(
      '/api/journeys',
      { title: 'Summer sessions', family: familyId, consent: 'yes', consentMethod: 'verbal-phone' },
      { cookie, accept: 'application/json' },
    );
    expect(again.status).toBe(201);
    expect(((await again.json()) as { familyId: string }).familyId).toBe(familyId);
    // Another project's staff cannot start a journey for this family: it is not in their list.
    const foreign = await post(
      '/api/journeys',
      { title: 'x', family: familyId, consent: 'yes' },
      { cookie: otherCookie, accept: 'application/json' },
    );
    expect(foreign.status).toBe(400);
    expect(await foreign.json()).toMatchObject({ problems: [{ field: 'family' }] });
    // A pseudonym beside a chosen family is a contradiction, said by field.
    const both = await post(
      '/api/journeys',
      { title: 'x', family: familyId, familyPseudonym: 'Someone else', consent: 'yes' },
      { cookie, accept: 'application/json' },
    );
    expect(await both.json()).toMatchObject({ problems: [{ field: 'familyPseudonym' }] });
    const page = await (await get(`/families/${familyId}`, { cookie })).text();
    expect(page).toContain('Spring sessions');
    expect(page).toContain('Summer sessions');
    // The journey page shows staff the way to its family.
    expect(await (await get(`/journeys/${journeyId}`, { cookie })).text()).toContain(`/families/${familyId}`);
  });

  it('CONSENT1: only staff of the family’s project read or change its consent; an unknown id is 404 to staff only', async () => {
    const participant = await openInvite(server, `/journeys/${journeyId}`, token(server, journeyId, 'participant'));
    const viewer = await openInvite(server, `/journeys/${journeyId}`, token(server, journeyId, 'viewer'));
    const invited = (jar: CookieJar, path: string) => ({ cookie: jar.header(path) ?? '' });
    const evaluator = { authorization: `Bearer ${token(server, journeyId, 'evaluator')}` };
    const page = `/families/${familyId}`;
    expect((await get(page, { cookie })).status).toBe(200);
    expect((await get(page)).status).toBe(401);
    expect((await get(page, invited(participant.jar, page))).status).toBe(401);
    expect((await get(page, invited(viewer.jar, page))).status).toBe(401);
    expect((await get(page, evaluator)).status).toBe(401);
    expect((await get(page, { cookie: otherCookie })).status).toBe(403);
    expect((await get('/families/no-such-family', { cookie })).status).toBe(404);
    expect((await get('/families/no-such-family')).status).toBe(401);
    // The list shows a family to its project's staff only.
    expect(await (await get('/families', { cookie })).text()).toContain(PSEUDONYM);
    expect(await (await get('/families', { cookie: otherCookie })).text()).not.toContain(PSEUDONYM);
    expect((await get('/families')).status).toBe(401);

    const before = historyRows();
    expect((await post(page, decision('share-words', true), { cookie: otherCookie })).status).toBe(403);
    expect((await post(page, decision('share-words', true), invited(participant.jar, page))).status).toBe(401);
    expect((await post(page, decision('share-words', true), evaluator)).status).toBe(401);
    expect((await post(page, { form: 'rename', pseudonym: 'Taken over' }, { cookie: otherCookie })).status).toBe(403);
    expect(historyRows()).toEqual(before);
    const refused = inStore(server, (db) =>
      db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE subject = ? AND outcome = 'refused'").get(familyId),
    ) as { n: number };
    expect(refused.n).toBeGreaterThanOrEqual(2);
  });

  it('CONSENT2: a decision is in force at once: share-words given shows an invited participant the words; withdrawn hides them', async () => {
    const page = `/families/${familyId}`;
    const analysis = await post(page, decision('analysis', true), { cookie });
    expect(analysis.status).toBe(303);
    expect(analysis.headers.get('location')).toBe(`${page}?done=given`);
    const drafted = await post(
      '/',
      { form: 'draft', title: 'From one family', journeyIds: journeyId, minFamilies: '1' },
      { cookie },
    );
    expect(drafted.status).toBe(303);
    const tocId = new URL(drafted.headers.get('location')!, server.url).pathname.split('/')[2]!;
    const { jar } = await openInvite(server, `/toc/${tocId}`, token(server, tocId, 'participant'));
    const sourcesPath = `/api/toc/${tocId}/sources`;
    const sources = async () => {
      const answer = await get(sourcesPath, { cookie: jar.header(sourcesPath) ?? '' });
      expect(answer.status).toBe(200);
      const [journey] = (
        (await answer.json()) as { id: string; wordsShared: boolean; stages: { title?: string }[] }[]
      ).filter((j) => j.id === journeyId);
      return journey!;
    };
    expect(await sources()).toMatchObject({ wordsShared: false });
    expect((await sources()).stages.some((s) => s.title)).toBe(false);

    expect((await post(page, decision('share-words', true), { cookie })).status).toBe(303);
    const shared = await sources();
    expect(shared.wordsShared).toBe(true);
    expect(shared.stages.map((s) => s.title)).toContain('A low point');

    const withdrawn = await post(page, decision('share-words', false), { cookie });
    expect(withdrawn.headers.get('location')).toBe(`${page}?done=withdrawn`);
    expect(await sources()).toMatchObject({ wordsShared: false });
    expect((await sources()).stages.some((s) => s.title)).toBe(false);

    const html = await (await get(page, { cookie })).text();
    expect(html).toContain(GIVEN_BY);
    expect(html).toMatch(/Words: <span class="state"[^>]*>Withdrawn/);
    expect(html).toMatch(/Analysis: <span class="state"[^>]*>Given/);
  });

  it('CONSENT3: the history is only appended to; bad input changes nothing; withdrawing mapping leads to the erase page', async () => {
    const page = `/families/${familyId}`;
    const before = historyRows();
    const future = '2999-01-01';
    const bad = await post(page, decision('share-costs', true, { decidedOn: future, givenBy: '' }), { cookie });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#consent-givenBy"');
    expect(html).toContain('href="#consent-decidedOn"');
    expect(html).toContain(`value="${future}"`);
    const badReview = await post(page, decision('share-costs', true, { reviewOn: '2001-01-01' }), { cookie });
    expect(await badReview.text()).toContain('the review date must be after the day they decided');
    const unknownScope = await post(page, decision('share-photos', true), { cookie });
    expect(unknownScope.status).toBe(400);
    const erase = await post(page, decision('mapping', false), { cookie });
    expect(erase.status).toBe(303);
    expect(erase.headers.get('location')).toBe(`${page}/erase`);
    expect(historyRows()).toEqual(before);

    expect((await post(page, decision('share-costs', true, { reviewOn: '2999-06-01' }), { cookie })).status).toBe(303);
    const after = historyRows();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);

    // A project's own scope can be recorded once the project asks about it.
    inStore(server, (db) =>
      db.prepare('UPDATE projects SET settings = ? WHERE id = ?').run(
        JSON.stringify({
          consentScopes: [{ id: 'share-photos', label: 'Share photos of the map' }],
          retentionMonths: 24,
        }),
        projectId(server),
      ),
    );
    expect((await post(page, decision('share-photos', true), { cookie })).status).toBe(303);

    const renamed = await post(page, { form: 'rename', pseudonym: 'The Larkspur family' }, { cookie });
    expect(renamed.headers.get('location')).toBe(`${page}?done=renamed`);
    expect(await (await get('/families', { cookie })).text()).toContain('The Larkspur family');
    expect((await post(page, { form: 'rename', pseudonym: ' ' }, { cookie })).status).toBe(400);

    // Family text is never in the audit log or the server's output: ids and scope names only.
    const audit = JSON.stringify(inStore(server, (db) => db.prepare('SELECT * FROM audit_log').all()));
    for (const text of [PSEUDONYM, 'Larkspur', 'Marigold']) {
      expect(audit).not.toContain(text);
      expect(server.output()).not.toContain(text);
    }
    expect(audit).toContain('share-costs:given');
  });
});
