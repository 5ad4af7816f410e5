/**
 * Outcomes over time (issue 18): a project defines its own indicator set through a form (no
 * default ships), each save a new version; staff of a family's project record assessments on it,
 * see them as a table with each indicator's movement from first to last, remove them, and import
 * many from a CSV all or nothing. First the server modules against a real SQLite store, then the
 * pages against a real server process (they need the site built: `npm run build`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_SETTINGS } from '../../server/auth/projects.ts';
import { importAssessments, parseAssessmentCsv } from '../../server/research/assessment-import.ts';
import {
  assessmentFromForm,
  outcomeColumns,
  outcomeRows,
  recordAssessment,
  removeAssessment,
} from '../../server/research/assessments.ts';
import {
  currentIndicatorSet,
  indicatorSetFor,
  rowsOf,
  saveIndicatorSet,
  type IndicatorForm,
  type IndicatorRow,
} from '../../server/research/indicator-sets.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { indicatorSetRef, type IndicatorSet } from '../../src/model/index.ts';
import { projectId, signedInStaff, useServer } from './harness.ts';
import { inStore, postForm } from './visitors.ts';

const AT = '2026-12-05T10:00:00.000Z';
const BY = 'staff:st_1';
const LEVELS = 'Not at all / A little / Mostly / Fully';

const row = (label: string, more: Partial<IndicatorRow> = {}): IndicatorRow => ({
  label,
  kind: 'ordinal',
  levels: LEVELS,
  unit: '',
  min: '',
  max: '',
  better: 'higher',
  ...more,
});
/** A percentage that cannot be below 0 or above 100. */
const ATTENDANCE = row('School attendance', { kind: 'numeric', levels: '', unit: '%', min: '0', max: '100' });
const EMPTY = row('', { levels: '' });
/** Three indicators, then empty rows as the form posts them. */
const FORM: IndicatorForm = {
  name: 'Our indicators',
  rows: [
    row('Getting the children to school'),
    EMPTY,
    row('Police call-outs', { kind: 'numeric', levels: '', unit: 'call-outs', better: 'lower' }),
    row('Managing money'),
    EMPTY,
  ],
};

describe('indicator sets and assessments in the store', () => {
  const dirs: string[] = [];
  const stores: DocumentStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  async function store() {
    const dir = mkdtempSync(join(tmpdir(), 'tp-outcomes-'));
    dirs.push(dir);
    const opened = await openSqliteStore(dir);
    stores.push(opened);
    for (const id of ['pr_a', 'pr_b'])
      await opened.access.putProject({ id, name: id, settings: DEFAULT_PROJECT_SETTINGS, createdAt: AT });
    for (const [id, project] of [
      ['fa_1', 'pr_a'],
      ['fa_2', 'pr_a'],
      ['fa_other', 'pr_b'],
    ] as const)
      await opened.families.addFamily({
        id,
        projectId: project,
        pseudonym: `Family ${id}`,
        createdAt: AT,
        createdBy: 'cli',
      });
    return opened;
  }
  const saved = async (s: DocumentStore, form: IndicatorForm = FORM): Promise<IndicatorSet> => {
    const result = await saveIndicatorSet(s, 'pr_a', form, BY);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.set;
  };

  it('has no default set; the form makes version 1 under a random id, empty rows left out, audited by ids', async () => {
    const s = await store();
    expect(await currentIndicatorSet(s, 'pr_a')).toBeUndefined();
    const set = await saved(s);
    expect(set.id).toMatch(/^indicators-[a-z0-9]+$/);
    expect(set.version).toBe(1);
    expect(set.indicators.map((i) => [i.id, i.measure.kind, i.better])).toEqual([
      ['getting-the-children-to-school', 'ordinal', 'higher'],
      ['police-call-outs', 'numeric', 'lower'],
      ['managing-money', 'ordinal', 'higher'],
    ]);
    expect(set.indicators[0]?.measure).toEqual({
      kind: 'ordinal',
      levels: ['Not at all', 'A little', 'Mostly', 'Fully'],
    });
    expect(await currentIndicatorSet(s, 'pr_a')).toEqual(set);
    expect(await currentIndicatorSet(s, 'pr_b')).toBeUndefined();
    const [audited] = await s.access.listAudit({ projectIds: ['pr_a'] });
    expect(audited).toMatchObject({
      action: 'research.indicators-saved',
      outcome: 'ok',
      subject: set.id,
      detail: 'version 1',
    });
  });

  it('names the row and field of each problem, and keeps nothing', async () => {
    const s = await store();
    const result = await saveIndicatorSet(
      s,
      'pr_a',
      {
        name: '',
        rows: [
          row('Getting the children to school'),
          row('', { levels: 'Some / More' }),
          row('Housing', { levels: 'Just one' }),
          row('Police call-outs', { kind: 'numeric', unit: '' }),
          row('Managing money', { levels: 'Low / / High' }),
          row('getting the  children to school'),
        ],
      },
      BY,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems).toEqual([
      { field: 'name', message: expect.stringContaining('give the set a name') },
      { field: 'label-2', message: 'give the indicator a label, or clear its row' },
      { field: 'levels-3', message: 'give at least two levels separated by /' },
      { field: 'unit-4', message: expect.stringContaining('give the unit') },
      { field: 'levels-5', message: expect.stringContaining('level 2 is empty') },
      { field: 'label-6', message: 'indicator 1 has the same label' },
    ]);
    expect(await s.research.setsOf('pr_a', 'indicators')).toEqual([]);
  });

  it('a change is a new version under the same id; unchanged labels keep their ids; old assessments keep theirs', async () => {
    const s = await store();
    const first = await saved(s);
    const again = await saveIndicatorSet(s, 'pr_a', FORM, BY);
    expect(again).toMatchObject({ ok: true, unchanged: true, set: { version: 1 } });
    const second = await saved(s, { ...FORM, rows: [...FORM.rows, row('Feeling safe', { levels: 'No / Yes' })] });
    expect(second).toMatchObject({ id: first.id, version: 2 });
    expect(second.indicators.map((i) => i.id)).toEqual([...first.indicators.map((i) => i.id), 'feeling-safe']);
    expect(await indicatorSetFor(s, 'pr_a', { indicatorSetId: first.id, indicatorSetVersion: 1 })).toEqual(first);
  });

  it('records an assessment from the form, refusing a level out of range by its field; movement reads first to last', async () => {
    const s = await store();
    const set = await saved(s);
    const family = (await s.families.getFamily('fa_1'))!;
    const form = { set: indicatorSetRef(set), point: 'referral', date: '2016-01-04', ratedBy: 'together' };
    const bad = assessmentFromForm(set, { ...form, values: { 'getting-the-children-to-school': '7' } }, '2026-01-01');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual([
      {
        field: 'value-getting-the-children-to-school',
        message: expect.stringContaining('must be a whole level number from 1'),
      },
    ]);
    const blank = assessmentFromForm(set, { ...form, values: {} }, '2026-01-01');
    expect(!blank.ok && blank.problems.map((p) => p.field)).toEqual(['value-getting-the-children-to-school']);
    const stale = assessmentFromForm(
      set,
      { ...form, set: `${set.id}@9`, values: { 'managing-money': '2' } },
      '2026-01-01',
    );
    expect(!stale.ok && stale.problems[0]?.message).toContain('changed since this form was opened');

    const referral = assessmentFromForm(
      set,
      {
        ...form,
        values: { 'getting-the-children-to-school': '1', 'police-call-outs': '4', 'managing-money': 'mostly' },
      },
      '2026-01-01',
    );
    const closure = assessmentFromForm(
      set,
      {
        ...form,
        point: 'closure',
        date: '2016-09-01',
        ratedBy: 'worker',
        values: { 'getting-the-children-to-school': '3', 'police-call-outs': '1', 'managing-money': '3' },
      },
      '2026-01-01',
    );
    if (!referral.ok || !closure.ok) throw new Error('expected both to be good');
    await recordAssessment(s, family, closure.value, BY);
    await recordAssessment(s, family, referral.value, BY);
    const columns = await outcomeColumns(s, family);
    expect(columns.map((c) => c.assessment.point)).toEqual(['referral', 'closure']);
    const rows = outcomeRows(columns, set);
    expect(rows.map((r) => [r.label, r.cells, r.movement.kind])).toEqual([
      ['Getting the children to school', ['Not at all (1 of 4)', 'Mostly (3 of 4)'], 'better'],
      ['Police call-outs', ['4 call-outs', '1 call-outs'], 'better'],
      ['Managing money', ['Mostly (3 of 4)', 'Mostly (3 of 4)'], 'same'],
    ]);

    await removeAssessment(s, family, columns[0]!.assessment.id, BY);
    expect((await s.research.assessmentsOf('fa_1')).map((a) => a.point)).toEqual(['closure']);
    const actions = (await s.access.listAudit({ projectIds: ['pr_a'] })).map((r) => [r.action, r.subject]);
    expect(actions).toContainEqual(['family.assessment-recorded', 'fa_1']);
    expect(actions).toContainEqual(['family.assessment-removed', 'fa_1']);
  });

  it('a number may have a lowest and highest value: kept in the set, given back to change, and a value outside refused by its field', async () => {
    const s = await store();
    const set = await saved(s, { ...FORM, rows: [...FORM.rows, ATTENDANCE] });
    const attendance = set.indicators.find((i) => i.id === 'school-attendance');
    expect(attendance?.measure).toEqual({ kind: 'numeric', unit: '%', min: 0, max: 100 });
    // Police call-outs has no bounds: none are invented.
    expect(set.indicators.find((i) => i.id === 'police-call-outs')?.measure).toEqual({
      kind: 'numeric',
      unit: 'call-outs',
    });
    expect(rowsOf(set).at(-1)).toMatchObject({ label: 'School attendance', unit: '%', min: '0', max: '100' });

    const form = { set: indicatorSetRef(set), point: 'referral', date: '2016-01-04', ratedBy: 'worker' };
    const over = assessmentFromForm(set, { ...form, values: { 'school-attendance': '140' } }, '2026-01-01');
    expect(!over.ok && over.problems).toEqual([
      { field: 'value-school-attendance', message: expect.stringContaining('must be at most 100') },
    ]);
    const under = assessmentFromForm(set, { ...form, values: { 'school-attendance': '-5' } }, '2026-01-01');
    expect(!under.ok && under.problems).toEqual([
      { field: 'value-school-attendance', message: expect.stringContaining('must be at least 0') },
    ]);
    for (const edge of ['0', '100', '87.5'])
      expect(assessmentFromForm(set, { ...form, values: { 'school-attendance': edge } }, '2026-01-01').ok).toBe(true);

    // A file is refused for it too, by line and column.
    const header = `family,point,date,rated_by,${set.indicators.map((i) => i.id).join(',')}`;
    const file = [header, 'fa_1,referral,2016-01-04,worker,,,,95', 'fa_2,referral,2016-01-04,worker,,,,140'].join('\n');
    const refused = await importAssessments(s, set, 'pr_a', file, BY);
    expect(!refused.ok && refused.errors).toEqual([
      expect.stringMatching(/^line 3, column 8 \(school-attendance\): must be at most 100/),
    ]);
    expect(await s.research.assessmentsOfFamilies(['fa_1', 'fa_2'])).toEqual([]);

    // New bounds are a new version; the indicator keeps its id.
    const widened = await saved(s, { ...FORM, rows: [...FORM.rows, { ...ATTENDANCE, min: '', max: '110' }] });
    expect(widened).toMatchObject({ id: set.id, version: 2 });
    expect(widened.indicators.at(-1)).toMatchObject({
      id: 'school-attendance',
      measure: { kind: 'numeric', unit: '%', max: 110 },
    });
  });

  it('refuses a lowest or highest value that is not a number, or a highest not above the lowest, by row and field', async () => {
    const s = await store();
    const numeric = (label: string, min: string, max: string) =>
      row(label, { kind: 'numeric', levels: '', unit: '%', min, max });
    const result = await saveIndicatorSet(
      s,
      'pr_a',
      {
        name: 'Bounds',
        rows: [
          numeric('One', 'none', ''),
          numeric('Two', '', '1,000'),
          numeric('Three', '100', '0'),
          numeric('Four', '5', '5'),
          numeric('Five', '-10', '10.5'),
          // Only a number has bounds: on levels they are not read.
          row('Six', { min: '1', max: 'x' }),
        ],
      },
      BY,
    );
    expect(!result.ok && result.problems).toEqual([
      { field: 'min-1', message: expect.stringContaining('give the lowest value as a number') },
      { field: 'max-2', message: expect.stringContaining('give the highest value as a number') },
      { field: 'max-3', message: 'the highest value must be more than the lowest (100)' },
      { field: 'max-4', message: 'the highest value must be more than the lowest (5)' },
    ]);
    expect(await s.research.setsOf('pr_a', 'indicators')).toEqual([]);
    // A row with only a bound typed is not empty: it needs its label.
    const bare = await saveIndicatorSet(
      s,
      'pr_a',
      { name: 'Bounds', rows: [row('One'), row('', { levels: '', min: '0' })] },
      BY,
    );
    expect(!bare.ok && bare.problems).toEqual([
      { field: 'label-2', message: 'give the indicator a label, or clear its row' },
      { field: 'levels-2', message: 'give at least two levels separated by /' },
    ]);
  });

  it('imports a file all or nothing: one bad row imports nothing and is named by line and column', async () => {
    const s = await store();
    const set = await saved(s);
    const header = 'family,point,date,rated_by,getting-the-children-to-school,police-call-outs,managing-money';
    const bad = [
      header,
      'fa_1,referral,2016-01-04,together,1,4,2',
      'fa_2,referral,2016-01-05,family,9,,',
      'fa_other,closure,2016-02-01,worker,2,,',
    ].join('\n');
    const refused = await importAssessments(s, set, 'pr_a', bad, BY);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.errors).toEqual([
      expect.stringMatching(
        /^line 3, column 5 \(getting-the-children-to-school\): must be a whole level number from 1/,
      ),
      expect.stringMatching(/^line 4, column 1 \(family\): there is no family 'fa_other' in this project/),
    ]);
    expect(await s.research.assessmentsOfFamilies(['fa_1', 'fa_2'])).toEqual([]);

    const good = [header, 'fa_1,referral,2016-01-04,together,1,4,A little', 'fa_2,Review,2016-03-05,family,,2,'].join(
      '\r\n',
    );
    expect(await importAssessments(s, set, 'pr_a', good, BY)).toEqual({ ok: true, imported: 2 });
    const kept = await s.research.assessmentsOfFamilies(['fa_1', 'fa_2']);
    expect(kept.map((a) => [a.familyId, a.point, a.values])).toEqual([
      ['fa_1', 'referral', { 'getting-the-children-to-school': 1, 'police-call-outs': 4, 'managing-money': 2 }],
      ['fa_2', 'review', { 'police-call-outs': 2 }],
    ]);
    const imports = (await s.access.listAudit({ projectIds: ['pr_a'] })).filter(
      (r) => r.action === 'assessments.import',
    );
    expect(imports.map((r) => [r.outcome, r.detail])).toEqual([
      ['ok', '2 rows'],
      ['refused', '2 problems'],
    ]);
  });

  it('says what is wrong with a file’s header, a repeated row and a row that rates nothing', async () => {
    const s = await store();
    const set = await saved(s);
    const { problems } = parseAssessmentCsv(set, 'family,point,date,colour\n', '2026-01-01');
    expect(problems.map((p) => [p.line, p.column, p.reason])).toEqual([
      [1, 4, expect.stringContaining('unknown column')],
      [1, undefined, expect.stringContaining('missing columns "rated_by", "getting-the-children-to-school"')],
      [2, undefined, 'no assessments below the header'],
    ]);
    const header = 'family,point,date,rated_by,getting-the-children-to-school,police-call-outs,managing-money';
    const rows = [
      header,
      'fa_1,referral,2016-01-04,together,1,,',
      'fa_1,referral,2016-01-04,together,2,,',
      'fa_2,referral,2016-01-04,them,,,',
      'fa_2,referral,2030-01-04,worker,,,',
      'fa_2,closure,2016-01-04,worker,,,',
    ];
    expect(
      parseAssessmentCsv(set, rows.join('\n'), '2026-01-01').problems.map((p) => [p.line, p.column, p.reason]),
    ).toEqual([
      [3, 1, 'repeats line 2: the same family, point, date and rated_by'],
      [4, 4, "expected family, worker or together; got 'them'"],
      [5, 3, expect.stringContaining('cannot be after today')],
      [6, undefined, 'nothing is rated: fill in at least one indicator, or delete the row'],
    ]);
  });
});

describe('the outcomes pages on a real server', () => {
  const server = useServer();
  let cookie = '';
  let otherCookie = '';
  let project = '';
  let familyId = '';
  let set: IndicatorSet;
  const PSEUDONYM = 'The Brackenridge family';

  const url = (path: string) => new URL(path, server.current.url);
  const get = (path: string, as = cookie) =>
    fetch(url(path), { redirect: 'manual', headers: as ? { cookie: as } : {} });
  const post = (path: string, fields: Record<string, string>, as = cookie) =>
    postForm(server.current, path, fields, as);
  const assessments = () =>
    inStore(server.current, (db) =>
      db.prepare('SELECT id, point, vals FROM assessments WHERE family_id = ?').all(familyId),
    ) as {
      id: string;
      point: string;
      vals: string;
    }[];
  const upload = (text: string) => {
    const body = new FormData();
    body.set('project', project);
    body.set('file', new File([text], 'assessments.csv', { type: 'text/csv' }));
    return fetch(url('/research/import-assessments'), {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: { cookie, origin: url('/').origin },
    });
  };
  const rowFields = (n: number, r: IndicatorRow) => ({
    [`label-${n}`]: r.label,
    [`kind-${n}`]: r.kind,
    [`levels-${n}`]: r.levels,
    [`unit-${n}`]: r.unit,
    [`min-${n}`]: r.min ?? '',
    [`max-${n}`]: r.max ?? '',
    [`better-${n}`]: r.better,
  });
  const indicatorFields = (rows: readonly IndicatorRow[]) => ({
    project,
    name: 'Our indicators',
    rows: '12',
    ...Object.assign({}, ...rows.map((r, index) => rowFields(index + 1, r))),
  });

  beforeAll(async () => {
    ({ cookie } = await signedInStaff(server.current, 'facilitator'));
    project = projectId(server.current);
    projectId(server.current, 'Another study');
    ({ cookie: otherCookie } = await signedInStaff(server.current, 'facilitator', 'Another study'));
    const started = await fetch(url('/api/journeys'), {
      method: 'POST',
      body: new URLSearchParams({
        title: 'Outcomes',
        familyPseudonym: PSEUDONYM,
        template: 'story-prompts',
        consent: 'yes',
      }),
      headers: {
        cookie,
        accept: 'application/json',
        origin: url('/').origin,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(started.status).toBe(201);
    ({ familyId } = (await started.json()) as { familyId: string });
  });

  it('only staff of the family’s project see its outcomes: signed out 401, another project 403', async () => {
    expect((await get(`/families/${familyId}/outcomes`, '')).status).toBe(401);
    expect((await get('/research/indicators', '')).status).toBe(401);
    expect((await get('/research/import-assessments', '')).status).toBe(401);
    expect((await get(`/families/${familyId}/outcomes`, otherCookie)).status).toBe(403);
    expect(
      (await post(`/families/${familyId}/outcomes`, { form: 'remove', assessment: 'as_x' }, otherCookie)).status,
    ).toBe(403);
    expect((await get(`/research/indicators?project=${project}`, otherCookie)).status).toBe(403);
    expect((await get(`/research/import-assessments/template.csv?project=${project}`, otherCookie)).status).toBe(403);
    // Before the project defines its indicators there is nothing to rate, and the page says where to define them.
    const page = await get(`/families/${familyId}/outcomes`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('has not defined its indicators yet');
    expect(html).toContain(`/research/indicators?project=${project}`);
  });

  it('staff define the indicators through the form; a problem names its row and field and keeps nothing', async () => {
    const refused = await post(
      '/research/indicators',
      indicatorFields([
        row('Getting the children to school'),
        row('Housing', { levels: 'Just one' }),
        row('Managing money'),
      ]),
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Indicator 2, levels: give at least two levels separated by /');
    expect(html).toContain('value="Just one"');
    expect(inStore(server.current, (db) => db.prepare('SELECT COUNT(*) AS n FROM research_sets').get())).toEqual({
      n: 0,
    });

    const good = await post(
      '/research/indicators',
      indicatorFields([
        row('Getting the children to school'),
        EMPTY,
        row('Police call-outs', { kind: 'numeric', levels: '', unit: 'call-outs', better: 'lower' }),
      ]),
    );
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/research/indicators?project=${project}&done=saved`);
    const stored = inStore(server.current, (db) => db.prepare('SELECT json FROM research_sets').get()) as {
      json: string;
    };
    set = JSON.parse(stored.json) as IndicatorSet;
    expect(set.indicators.map((i) => i.id)).toEqual(['getting-the-children-to-school', 'police-call-outs']);
    const page = await (await get(`/research/indicators?project=${project}`)).text();
    expect(page).toContain('Levels: 1 Not at all, 2 A little, 3 Mostly, 4 Fully');
    expect(page).toContain('A number: call-outs');
    // The way back is to the cohorts and their research records; each id is said to be its import column.
    expect(page).toMatch(
      /<a href="\/cohorts">Cohorts<\/a> · <a href="\/cohorts#records-heading">Research records<\/a>/,
    );
    expect(page).not.toContain('>Import assessments</a>');
    expect(page).toMatch(/Column name in the assessment import:\s*<code>police-call-outs<\/code>/);
    // Every row has its lowest and highest fields, with the hint.
    expect(page).toContain('name="min-12"');
    expect(page).toContain('name="max-12"');
    expect(page).toContain('For a number: the lowest and highest it can be, if any');
    // The two saved rows come back to change, with three empty ones at least (12 in all).
    expect(page).toContain('name="label-12"');
  });

  it('staff record an assessment through the form; a level out of range is refused naming the field; the table shows it', async () => {
    const fields = {
      form: 'record',
      set: indicatorSetRef(set),
      point: 'referral',
      date: '2016-01-04',
      ratedBy: 'family',
    };
    const refused = await post(`/families/${familyId}/outcomes`, {
      ...fields,
      'value-getting-the-children-to-school': '9',
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Getting the children to school: must be a whole level number from 1');
    expect(html).toContain('href="#assessment-value-getting-the-children-to-school"');
    expect(assessments()).toEqual([]);

    const recorded = await post(`/families/${familyId}/outcomes`, {
      ...fields,
      'value-getting-the-children-to-school': '2',
      'value-police-call-outs': '5',
    });
    expect(recorded.status).toBe(303);
    expect(recorded.headers.get('location')).toBe(`/families/${familyId}/outcomes?done=recorded#assessments`);
    const closure = await post(`/families/${familyId}/outcomes`, {
      ...fields,
      point: 'closure',
      date: '2016-09-01',
      ratedBy: 'worker',
      'value-getting-the-children-to-school': '4',
      'value-police-call-outs': '',
    });
    expect(closure.status).toBe(303);
    const page = await (await get(`/families/${familyId}/outcomes`)).text();
    expect(page).toContain('A little (2 of 4)');
    expect(page).toContain('Fully (4 of 4)');
    expect(page).toContain('5 call-outs');
    expect(page).toContain('Not assessed');
    expect(page).toContain('Rated by the family');
    expect(page).toMatch(/▲<\/span> <strong>Better<\/strong>: from A little \(2 of 4\)/);
    expect(page).toContain('Rated fewer than twice');
  });

  it('imports a CSV all or nothing: a bad row names its line and column and imports nothing; a good file imports every row', async () => {
    const template = await get(`/research/import-assessments/template.csv?project=${project}`);
    expect(template.status).toBe(200);
    expect(await template.text()).toContain(`${familyId},referral,`);

    const header = 'family,point,date,rated_by,getting-the-children-to-school,police-call-outs';
    const before = assessments().length;
    const bad = await upload(
      [header, `${familyId},review,2016-03-01,worker,3,2`, `${familyId},review,2016-06-01,worker,3,lots`].join('\n'),
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('line 3, column 6 (police-call-outs): expected a number of call-outs');
    expect(assessments()).toHaveLength(before);

    const good = await upload(
      [header, `${familyId},review,2016-03-01,worker,3,2`, `${familyId},review,2016-06-01,together,Mostly,1`].join(
        '\n',
      ),
    );
    expect(good.status).toBe(303);
    expect(good.headers.get('location')).toBe(`/research/import-assessments?project=${project}&imported=2`);
    expect(assessments()).toHaveLength(before + 2);
  });

  it('staff remove an assessment with its button, audited by the family’s id and never its name', async () => {
    const [first] = assessments();
    const removed = await post(`/families/${familyId}/outcomes`, { form: 'remove', assessment: first!.id });
    expect(removed.status).toBe(303);
    expect(assessments().map((a) => a.id)).not.toContain(first!.id);
    const rows = inStore(server.current, (db) =>
      db
        .prepare(
          "SELECT action, outcome, subject, detail FROM audit_log WHERE action LIKE 'family.%' OR action LIKE '%assessment%' OR action LIKE 'research.%'",
        )
        .all(),
    ) as { action: string; outcome: string; subject: string | null; detail: string | null }[];
    const actions = new Set(rows.map((r) => `${r.action} ${r.outcome}`));
    for (const expected of [
      'family.outcomes-view ok',
      'family.outcomes-view refused',
      'family.outcomes-change ok',
      'family.assessment-recorded ok',
      'family.assessment-removed ok',
      'research.indicators-saved ok',
      'research.indicators-saved refused',
      'assessments.import ok',
      'assessments.import refused',
    ])
      expect(actions).toContain(expected);
    const ours = rows.filter((r) => /^family\.(outcomes|assessment)-/.test(r.action));
    for (const r of ours) expect(r.subject).toBe(familyId);
    expect(JSON.stringify(rows)).not.toContain('Brackenridge');
  });

  it('staff give a number its lowest and highest; an assessment of 140% is refused naming the field, 95% kept', async () => {
    const rows = [
      row('Getting the children to school'),
      row('Police call-outs', { kind: 'numeric', levels: '', unit: 'call-outs', better: 'lower' }),
      row('School attendance', { kind: 'numeric', levels: '', unit: '%', min: '0', max: 'all' }),
    ];
    const refused = await post('/research/indicators', indicatorFields(rows));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain('Indicator 3, highest value: give the highest value as a number');
    expect(html).toContain('href="#indicator-3-max"');
    expect(html).toContain('value="all"');

    const fixed = rows.map((r, index) => (index === 2 ? { ...r, max: '100' } : r));
    expect((await post('/research/indicators', indicatorFields(fixed))).status).toBe(303);
    const newest = inStore(server.current, (db) =>
      db.prepare('SELECT json FROM research_sets ORDER BY version DESC LIMIT 1').get(),
    ) as { json: string };
    const bounded = JSON.parse(newest.json) as IndicatorSet;
    expect(bounded.version).toBe(set.version + 1);
    expect(bounded.indicators.at(-1)).toMatchObject({
      id: 'school-attendance',
      measure: { kind: 'numeric', unit: '%', min: 0, max: 100 },
    });
    const page = await (await get(`/research/indicators?project=${project}`)).text();
    expect(page).toContain('A number: %, from 0 to 100');
    expect(page).toContain('name="max-3" type="text" value="100"');

    const fields = {
      form: 'record',
      set: indicatorSetRef(bounded),
      point: 'review',
      date: '2016-05-02',
      ratedBy: 'worker',
    };
    const before = assessments().length;
    const over = await post(`/families/${familyId}/outcomes`, { ...fields, 'value-school-attendance': '140' });
    expect(over.status).toBe(400);
    const said = await over.text();
    expect(said).toContain('School attendance: must be at most 100');
    expect(said).toContain('href="#assessment-value-school-attendance"');
    expect(said).toContain('value="140"');
    expect(assessments()).toHaveLength(before);
    const kept = await post(`/families/${familyId}/outcomes`, { ...fields, 'value-school-attendance': '95' });
    expect(kept.status).toBe(303);
    expect(assessments()).toHaveLength(before + 1);
  });
});
