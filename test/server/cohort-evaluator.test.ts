/**
 * Evaluators of a research cohort, against a real server (server/research/cohort-export.ts,
 * site/pages/cohorts/[id]/evaluators.astro, site/pages/evaluate/cohorts/[id].astro,
 * site/pages/api/cohorts/[id].ts): a cohort of the four example families, made with the cohorts
 * page's form, their consent to analysis recorded on their pages; a token made on the cohort's
 * evaluators page (refused for a cohort of two families); the evaluator's JSON carries no family
 * id, pseudonym, journey title or family words, and no count of 1 or 2 families (N is 3, the
 * default); the team's file is whole, and still names no family; the CSV neutralises a formula;
 * a token for another cohort is refused (403), a revoked or expired one (401); the evaluator's
 * page opens from its link through a path-scoped cookie; the synthetic cohort may have
 * evaluators, and says so. Every pull is audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/auth/tokens.ts';
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import { exampleJourneys } from '../fixtures/example-journeys.ts';
import { exampleId, familyOf, signedInStaff, token, useServer, type StaffAccount } from './harness.ts';
import { postAndFollow } from './post-redirect-get.ts';
import { CookieJar, grantIdOf, inStore } from './visitors.ts';

const server = useServer();
const N = 3;
const FILES = {
  doyle: 'family-action-single-mother',
  marsh: 'life-swindon-chronic-crisis',
  ashby: 'slf-disengaged-young-people',
  holt: 'slf-isolated-family',
} as const;
type Who = keyof typeof FILES;
const NAME = '=HYPERLINK("http://example.org","Referred in 2016")';
const TYPE_LABEL = 'Isolated families needing specialist help';

let cookie = '';
let account: StaffAccount;
const journeys = {} as Record<Who, string>;
const families = {} as Record<Who, string>;
let cohortId = '';
let pairId = '';
let syntheticId = '';
let evaluatorToken = '';
let syntheticToken = '';

const url = (path: string) => new URL(path, server.current.url);
const get = (path: string, headers: Record<string, string> = {}) => fetch(url(path), { redirect: 'manual', headers });
const bearer = (value: string) => ({ authorization: `Bearer ${value}` });
/** A form as a browser posts it, repeated fields and all, from this site. */
function post(path: string, fields: [string, string][], as = cookie): Promise<Response> {
  return fetch(url(path), {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams(fields).toString(),
    headers: { cookie: as, origin: url(path).origin, 'content-type': 'application/x-www-form-urlencoded' },
  });
}
async function makeCohort(name: string, who: readonly Who[]): Promise<string> {
  const made = await post('/cohorts', [
    ['form', 'make'],
    ['name', name],
    ['project', account.projectId],
    ...who.map((w): [string, string] => ['family', families[w]]),
  ]);
  expect(made.status).toBe(303);
  return made.headers.get('location')!.split('/').pop()!;
}
/** Make a token on the evaluators page as staff do; the token the page shows once. */
async function makeToken(id: string): Promise<string> {
  const { shown } = await postAndFollow(server.current.url, `/cohorts/${id}/evaluators`, cookie, {
    form: 'make',
    hours: '168',
  });
  expect(shown.status).toBe(200);
  const made = /<code class="token"[^>]*>([^<]+)<\/code>/.exec(shown.html)?.[1];
  expect(made, 'the token, shown once').toBeDefined();
  return made!;
}
const exportOf = async (id: string, format: 'json' | 'csv', headers: Record<string, string>) => {
  const answer = await get(`/api/cohorts/${id}?format=${format}`, headers);
  expect(answer.status, `${format} for ${JSON.stringify(Object.keys(headers))}`).toBe(200);
  return answer.text();
};

/** An issue profile for a family, as the profile page keeps one (written straight into the store). */
function recordProfile(familyId: string, answers: Record<string, string>): void {
  inStore(server.current, (db) =>
    db
      .prepare(
        `INSERT INTO issue_profiles (id, family_id, issue_set_id, issue_set_version, point, assessed_on, answers, source, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, 'referral', '2016-09-01', ?, 'form', 'staff:test', ?)`,
      )
      .run(
        newId(),
        familyId,
        PHASE_TWO_ISSUE_SET.id,
        PHASE_TWO_ISSUE_SET.version,
        JSON.stringify(answers),
        new Date().toISOString(),
      ),
  );
}

/**
 * A typing run of the cohort as the cohort page's form leaves one, written straight into the
 * store (types need ten families; the examples are four): the Holt family alone in type 1,
 * labelled by the researchers, the other three in type 2.
 */
function recordTypingRun(): void {
  const issueIds = PHASE_TWO_ISSUE_SET.issues.map((issue) => issue.id);
  const type = (size: number, share: number) => ({
    size,
    percent: size * 25,
    prevalence: issueIds.map((_, index) => (index === 0 ? share : 0)),
    mode: share > 0.5 ? [issueIds[0]!] : [],
    meanJaccard: 0.7,
    verdict: 'doubtful',
  });
  const result = {
    schemaVersion: 1,
    issueIds,
    families: 4,
    leftOut: { noProfile: 0, tooManyUnknown: 0 },
    scores: [{ k: 2, silhouette: 0.41, cost: 3 }],
    silhouette: 0.41,
    types: [type(1, 1), type(3, 1 / 3)],
    meanAri: 0.62,
    resamples: 30,
  };
  const runId = newId();
  inStore(server.current, (db) => {
    db.prepare(
      `INSERT INTO typing_runs (id, project_id, cohort_id, issue_set_id, issue_set_version, k, chosen_by, seed, result, made_at, made_by)
       VALUES (?, ?, ?, ?, ?, 2, 'researcher', 7, ?, ?, 'staff:test')`,
    ).run(
      runId,
      account.projectId,
      cohortId,
      PHASE_TWO_ISSUE_SET.id,
      PHASE_TWO_ISSUE_SET.version,
      JSON.stringify(result),
      new Date().toISOString(),
    );
    for (const who of Object.keys(FILES) as Who[])
      db.prepare('INSERT INTO typing_assignments (run_id, family_id, type_index) VALUES (?, ?, ?)').run(
        runId,
        families[who],
        who === 'holt' ? 0 : 1,
      );
    db.prepare(
      `INSERT INTO type_labels (run_id, type_index, label, edited_by, edited_at) VALUES (?, 0, ?, 'staff:test', ?)`,
    ).run(runId, TYPE_LABEL, new Date().toISOString());
  });
}

/** Everything of the examples an evaluator must never read: ids, pseudonyms, titles, the families' and stages' words. */
function forbidden(): string[] {
  const examples = exampleJourneys();
  return [
    ...Object.values(families),
    ...Object.values(journeys),
    ...examples.flatMap((journey) => [
      journey.title,
      journey.family?.pseudonym ?? '',
      ...journey.stages.flatMap((stage) => [stage.title, stage.words]),
      ...journey.factors.map((factor) => factor.text),
    ]),
  ].filter((text) => text.trim().length > 8);
}

/** Every count of families in an evaluator's JSON: none may be 1..N−1. */
function familyCounts(value: unknown, key = ''): unknown[] {
  if (Array.isArray(value)) return value.flatMap((inner) => familyCounts(inner, key));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([inner, v]) => familyCounts(v, inner));
  return ['count', 'families', 'total', 'n', 'countedFamilies'].includes(key) ? [value] : [];
}

const exportRows = () =>
  inStore(server.current, (db) =>
    db
      .prepare(
        `SELECT outcome, actor, project_id, subject, detail FROM audit_log WHERE action = 'cohort.export' ORDER BY seq`,
      )
      .all(),
  ) as { outcome: string; actor: string; project_id: string | null; subject: string | null; detail: string | null }[];

beforeAll(async () => {
  ({ cookie, account } = await signedInStaff(server.current, 'facilitator'));
  for (const who of Object.keys(FILES) as Who[]) {
    journeys[who] = exampleId(server.current, FILES[who]);
    families[who] = familyOf(server.current, journeys[who]);
    // Consent to analysis, recorded on the family's page as staff record it.
    const given = await post(`/families/${families[who]}`, [
      ['form', 'consent'],
      ['scope', 'analysis'],
      ['decision', 'given'],
      ['givenBy', 'The family'],
      ['method', 'verbal-in-person'],
      ['decidedOn', new Date().toISOString().slice(0, 10)],
    ]);
    expect(given.status).toBe(303);
  }
  const [first, second, third] = PHASE_TWO_ISSUE_SET.headlines.map((h) => h.id);
  // Eligibility: the Doyles and the Holts eligible, the Ashbys not, the Marshes with no profile.
  recordProfile(families.doyle, { [first!]: 'yes', [second!]: 'yes' });
  recordProfile(families.holt, { [first!]: 'yes', [third!]: 'yes' });
  recordProfile(families.ashby, {
    ...Object.fromEntries(PHASE_TWO_ISSUE_SET.headlines.map((h) => [h.id, 'no'])),
    [first!]: 'yes',
  });
  cohortId = await makeCohort(NAME, ['doyle', 'marsh', 'ashby', 'holt']);
  pairId = await makeCohort('Two families', ['doyle', 'holt']);
  recordTypingRun();
  syntheticId = (
    inStore(server.current, (db) => db.prepare('SELECT id FROM cohorts WHERE synthetic = 1').get()) as { id: string }
  ).id;
});

describe('evaluator tokens for a cohort', () => {
  it('are refused for a cohort of fewer than N families, saying why; made and shown once on the evaluators page', async () => {
    const page = `/cohorts/${pairId}/evaluators`;
    expect(await (await get(page, { cookie })).text()).toContain('An evaluator token cannot be made yet');
    const refused = await post(page, [
      ['form', 'make'],
      ['hours', '168'],
    ]);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain(
      `this cohort counts 2 families who agreed to analysis; evaluators see its figures only once at least ${N} have`,
    );
    const made = inStore(server.current, (db) =>
      db.prepare("SELECT count(*) AS n FROM grants WHERE kind = 'evaluator' AND doc_id = ?").get(pairId),
    ) as { n: number };
    expect(made.n).toBe(0);

    evaluatorToken = await makeToken(cohortId);
    const grant = inStore(server.current, (db) =>
      db.prepare('SELECT kind, doc_id, created_by FROM grants WHERE id = ?').get(grantIdOf(evaluatorToken)),
    );
    expect(grant).toEqual({ kind: 'evaluator', doc_id: cohortId, created_by: `staff:${account.id}` });
    // Listed, with who made it, and shown no more on a reload.
    const again = await (await get(`/cohorts/${cohortId}/evaluators`, { cookie })).text();
    expect(again).not.toContain(evaluatorToken);
    expect(again).toMatch(/Test facilitator[\s\S]*Works/);
    // Staff of another project, and nobody, get no evaluators page.
    const { cookie: outsider } = await signedInStaff(server.current, 'facilitator', 'Another project');
    expect((await get(`/cohorts/${cohortId}/evaluators`, { cookie: outsider })).status).toBe(403);
    expect((await get(`/cohorts/${cohortId}/evaluators`)).status).toBe(401);
    expect((await get('/cohorts/no-such-cohort/evaluators', { cookie })).status).toBe(404);
  });

  it('give the evaluator’s view: no family id, pseudonym, journey title or words; no count of 1 to N−1', async () => {
    const body = await exportOf(cohortId, 'json', bearer(evaluatorToken));
    expect(forbidden().length).toBeGreaterThan(40);
    for (const text of forbidden()) expect(body, `the evaluator's JSON holds "${text}"`).not.toContain(text);
    const view = JSON.parse(body) as {
      audience: string;
      minFamilies: number;
      cohort: { name: string; synthetic: boolean };
      countedFamilies: number;
      eligibility: { total: number; rows: { key: string; count: number | string }[] };
      types: { types: { label: string; families: number | string; issues: unknown }[] };
      progress: { bands: { levels: { rows: { count: number | string }[] }; median: unknown }[] };
      team?: unknown;
    };
    expect(view).toMatchObject({ audience: 'evaluator', minFamilies: N, countedFamilies: 4 });
    expect(view.cohort).toMatchObject({ name: NAME, synthetic: false });
    expect(view.team).toBeUndefined();
    // Eligible 2, not eligible 1, no profile 1: the ones are small, and the two goes with them so
    // that neither can be worked out from the total.
    expect(view.eligibility.total).toBe(4);
    expect(view.eligibility.rows.map((r) => [r.key, r.count])).toEqual([
      ['eligible', 'suppressed'],
      ['notEligible', 'suppressed'],
      ['notEnoughKnown', 0],
      ['noProfile', 'suppressed'],
    ]);
    // A type of one family: its size withheld (and the other's with it), its issues withheld; the researchers' label shown.
    expect(view.types.types.map((t) => [t.label, t.families, t.issues])).toEqual([
      [TYPE_LABEL, 'suppressed', 'suppressed'],
      ['Type 2', 'suppressed', 'suppressed'],
    ]);
    // A median beside a withheld cell could narrow it: withheld with it.
    for (const band of view.progress.bands)
      if (band.levels.rows.some((row) => row.count === 'suppressed')) expect(band.median).toBe('suppressed');
    for (const count of familyCounts(view))
      expect(
        count === 'suppressed' || count === null || (typeof count === 'number' && (count === 0 || count >= N)),
      ).toBe(true);
  });

  it('give the team the whole view, and still name no family', async () => {
    const body = await exportOf(cohortId, 'json', { cookie });
    for (const text of [
      ...Object.values(families),
      ...Object.values(journeys),
      ...exampleJourneys().map((j) => j.title),
    ])
      expect(body).not.toContain(text);
    for (const journey of exampleJourneys()) expect(body).not.toContain(journey.family!.pseudonym);
    const view = JSON.parse(body) as {
      audience: string;
      minFamilies?: number;
      countedFamilies: number;
      eligibility: { rows: { key: string; count: number }[] };
      types: { current: boolean; types: { families: number; issues: { percent: number }[] }[] };
      figures: { fromProfiles: { leftOut: { total: number } }[] };
      team: { familiesWithJourneys: number; leftOut: unknown[] };
    };
    expect(view.audience).toBe('team');
    expect(view.minFamilies).toBeUndefined();
    expect(view.eligibility.rows.map((r) => r.count)).toEqual([2, 1, 0, 1]);
    expect(view.types.current).toBe(true);
    expect(view.types.types.map((t) => t.families)).toEqual([1, 3]);
    expect(view.types.types[0]!.issues[0]!.percent).toBe(100);
    expect(view.team).toMatchObject({ familiesWithJourneys: 4, leftOut: [] });
    // Those left out of a figure are counted by reason, never listed by family.
    expect(JSON.stringify(view.figures)).not.toMatch(/familyId/);
  });

  it('as CSV: the header first, one row per figure and cell, a formula neutralised', async () => {
    for (const headers of [bearer(evaluatorToken), { cookie }]) {
      const csv = await exportOf(cohortId, 'csv', headers);
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe('section,label,measure,value,unit,percent,families,words');
      expect(csv).toContain(`cohort,Name,,"'=HYPERLINK(""http://example.org"",""Referred in 2016"")",text`);
      expect(lines.filter((line) => line.startsWith('eligibility,'))).toHaveLength(5);
      expect(csv).not.toMatch(/(^|,)=/m);
    }
    const answer = await get(`/api/cohorts/${cohortId}?format=csv`, bearer(evaluatorToken));
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    await answer.body?.cancel();
  });

  it('are refused for another cohort (403), revoked or expired (401); others 401 or 403; a bad format 400 naming it', async () => {
    const path = `/api/cohorts/${cohortId}?format=json`;
    syntheticToken = await makeToken(syntheticId);
    expect((await get(path, bearer(syntheticToken))).status).toBe(403);
    expect((await get(path)).status).toBe(401);
    expect((await get(path, bearer('not-a-token'))).status).toBe(401);
    expect((await get(path, bearer(token(server.current, cohortId, 'evaluator', -10)))).status).toBe(401);
    // A theory of change's evaluator token, or an invite, opens no cohort.
    expect((await get(path, bearer(token(server.current, journeys.holt, 'evaluator')))).status).toBe(403);
    expect((await get(path, bearer(token(server.current, journeys.holt, 'participant')))).status).toBe(403);
    const { cookie: outsider } = await signedInStaff(server.current, 'facilitator', 'Yet another project');
    expect((await get(path, { cookie: outsider })).status).toBe(403);
    expect((await get('/api/cohorts/no-such-cohort?format=json', { cookie })).status).toBe(404);
    const bad = await get(`/api/cohorts/${cohortId}?format=xml`, { cookie });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(['format']);

    // Revoked on the evaluators page: refused at once.
    const revoke = await post(`/cohorts/${cohortId}/evaluators`, [['revoke', grantIdOf(evaluatorToken)]]);
    expect(revoke.status).toBe(303);
    expect(revoke.headers.get('location')).toContain(`revoked=${grantIdOf(evaluatorToken)}`);
    expect((await get(path, bearer(evaluatorToken))).status).toBe(401);
    // Another cohort's token cannot be revoked from this page.
    const elsewhere = await post(`/cohorts/${cohortId}/evaluators`, [['revoke', grantIdOf(syntheticToken)]]);
    expect(elsewhere.status).toBe(400);
    expect((await get(`/api/cohorts/${syntheticId}?format=json`, bearer(syntheticToken))).status).toBe(200);

    const rows = exportRows();
    expect(rows.filter((r) => r.outcome === 'ok').map((r) => r.detail)).toEqual(
      expect.arrayContaining(['team:json', 'team:csv', 'evaluator:json', 'evaluator:csv']),
    );
    expect(rows.filter((r) => r.outcome === 'refused').map((r) => r.detail)).toEqual(
      expect.arrayContaining([
        'the-token-is-for',
        'the-token-is-revoked',
        'the-token-is-expired',
        'send-an-evaluator-token',
      ]),
    );
    for (const row of rows.filter((r) => r.subject === cohortId)) expect(row.project_id).toBe(account.projectId);
    expect(rows.some((r) => r.actor === `grant:${grantIdOf(evaluatorToken)}` && r.detail === 'evaluator:json')).toBe(
      true,
    );
  });
});

describe('the evaluator’s page', () => {
  it('opens from its link through a cookie on its own paths only, shows the figures withheld, and downloads', async () => {
    const live = await makeToken(cohortId);
    const page = `/evaluate/cohorts/${cohortId}`;
    const opened = await get(`${page}?token=${live}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe(page);
    const set = opened.headers.getSetCookie();
    expect(set.map((c) => /Path=([^;]+)/.exec(c)?.[1])).toEqual([page, `/api/cohorts/${cohortId}`]);
    for (const header of set) expect(header).toMatch(/HttpOnly/);
    const jar = new CookieJar().take(opened);
    const shown = await get(page, { cookie: jar.header(page) ?? '' });
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('(for evaluation)');
    expect(html).toContain('withheld');
    expect(html).toContain(TYPE_LABEL);
    for (const text of forbidden()) expect(html).not.toContain(text);
    const download = `/api/cohorts/${cohortId}`;
    const json = await get(`${download}?format=json`, { cookie: jar.header(download) ?? '' });
    expect(json.status).toBe(200);
    expect(((await json.json()) as { audience: string }).audience).toBe('evaluator');
    // The cookie opens nothing else: the staff pages of the cohort refuse it.
    expect(jar.header(`/cohorts/${cohortId}`)).toBeUndefined();

    // Refusals are pages: no link, another cohort's, revoked, expired.
    expect((await get(page)).status).toBe(401);
    const other = new CookieJar().take(await get(`${page}?token=${syntheticToken}`));
    const elsewhere = await get(page, { cookie: other.header(page) ?? '' });
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).toContain('Your evaluator link is for another cohort');
    const stopped = new CookieJar().take(await get(`${page}?token=${evaluatorToken}`));
    expect((await get(page, { cookie: stopped.header(page) ?? '' })).status).toBe(401);
    const old = new CookieJar().take(await get(`${page}?token=${token(server.current, cohortId, 'evaluator', -10)}`));
    const expired = await get(page, { cookie: old.header(page) ?? '' });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('Your evaluator link has run out');
    const views = inStore(server.current, (db) =>
      db.prepare(`SELECT outcome FROM audit_log WHERE action = 'evaluator.cohort-view' AND subject = ?`).all(cohortId),
    ) as { outcome: string }[];
    expect(views.map((v) => v.outcome)).toEqual(expect.arrayContaining(['ok', 'refused']));
  });
});

describe('the synthetic cohort', () => {
  it('may have evaluators, and says it is illustrative; its family types show with their sizes', async () => {
    const typed = await post(`/cohorts/${syntheticId}`, [
      ['form', 'types'],
      ['k', '4'],
      ['seed', '1'],
    ]);
    expect(typed.status).toBe(303);
    const view = JSON.parse(await exportOf(syntheticId, 'json', bearer(syntheticToken))) as {
      cohort: { synthetic: boolean };
      notes: string[];
      countedFamilies: number;
      types: {
        types: {
          families: number | string;
          issues: { issue: string; percent: number | string }[];
          heldByMost: string[];
        }[];
      };
    };
    expect(view.cohort.synthetic).toBe(true);
    expect(view.notes.join(' ')).toMatch(/invented for illustration/);
    expect(view.countedFamilies).toBe(300);
    expect(view.types.types).toHaveLength(4);
    for (const type of view.types.types) {
      expect(typeof type.families).toBe('number');
      expect(Array.isArray(type.issues)).toBe(true);
      // "Held by most" names only issues whose share is shown: it would narrow a withheld one.
      const shownIssues = type.issues.filter((i) => typeof i.percent === 'number').map((i) => i.issue);
      for (const issue of type.heldByMost) expect(shownIssues).toContain(issue);
    }
  });
});

describe('when families stop counting', () => {
  const withdraw = async (who: Who) => {
    const withdrawn = await post(`/families/${families[who]}`, [
      ['form', 'consent'],
      ['scope', 'analysis'],
      ['decision', 'withdrawn'],
      ['givenBy', 'The family'],
      ['method', 'verbal-in-person'],
      ['decidedOn', new Date().toISOString().slice(0, 10)],
    ]);
    expect(withdrawn.status).toBe(303);
  };

  it('types found before are withheld from evaluators; below N an evaluator gets nothing (409)', async () => {
    const live = await makeToken(cohortId);
    await withdraw('marsh');
    const three = JSON.parse(await exportOf(cohortId, 'json', bearer(live))) as {
      countedFamilies: number;
      types?: unknown;
      notes: string[];
    };
    expect(three.countedFamilies).toBe(3);
    expect(three.types).toBeUndefined();
    expect(three.notes.join(' ')).toContain('Family types are withheld');

    await withdraw('ashby');
    const refused = await get(`/api/cohorts/${cohortId}?format=json`, bearer(live));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toContain('this cohort counts 2 families');
    const page = `/evaluate/cohorts/${cohortId}`;
    const jar = new CookieJar().take(await get(`${page}?token=${live}`));
    const nothing = await get(page, { cookie: jar.header(page) ?? '' });
    expect(nothing.status).toBe(409);
    expect(await nothing.text()).toContain('There is nothing to show yet');
    // The team still sees the types, marked as found before two families stopped counting.
    const team = JSON.parse(await exportOf(cohortId, 'json', { cookie })) as {
      countedFamilies: number;
      types: { current: boolean };
      team: { leftOut: { reason: string; families: number }[] };
    };
    expect(team.countedFamilies).toBe(2);
    expect(team.types.current).toBe(false);
    expect(team.team.leftOut).toEqual([expect.objectContaining({ reason: 'withdrawn', families: 2 })]);
    expect(exportRows().some((r) => r.outcome === 'refused' && r.detail === 'too-few-families')).toBe(true);
  });
});
