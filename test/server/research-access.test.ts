/**
 * Research records stay with staff (server/SPEC.md PROFILE1–PROFILE3, TYPE2), on a real server
 * with stock y-websocket clients: a family's profile and its family type's label are shown on
 * staff pages (the journey list tags the journey with its type) and never reach anyone invited to
 * its map: not the map page, the list view, nor any byte of the room. A profile file with one bad
 * row imports nothing and names the line and column; a good one imports every row. Erasing the
 * family takes its profiles and every typing run it was part of; its subject-access export held
 * them until then.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PHASE_TWO_ISSUE_SET } from '../../src/issues/index.ts';
import { exampleId, familyOf, signedInStaff, synced, token, useServer, waitFor } from './harness.ts';
import { connectWithCookies, inStore, openInvite, postForm } from './visitors.ts';

const server = useServer();
const TYPE_MARKER = 'MARKER-type-5b1e-isolated-at-home';
let J = '';
let F = '';
let staff = '';

beforeAll(async () => {
  J = exampleId(server.current, 'slf-isolated-family');
  F = familyOf(server.current, J);
  ({ cookie: staff } = await signedInStaff(server.current, 'facilitator'));
});

const get = (path: string, cookie = staff) => fetch(new URL(path, server.current.url), { headers: { cookie } });
const count = (sql: string, ...params: string[]) =>
  inStore(server.current, (db) => (db.prepare(sql).get(...params) as { n: number }).n);

/** A file, posted with a form's file field as a browser sends it. */
function upload(path: string, text: string, projectId: string, type = 'text/csv'): Promise<Response> {
  const body = new FormData();
  body.set('project', projectId);
  body.set('file', new Blob([text], { type }), type === 'text/csv' ? 'profiles.csv' : 'issue-set.json');
  const url = new URL(path, server.current.url);
  return fetch(url, { method: 'POST', body, redirect: 'manual', headers: { cookie: staff, origin: url.origin } });
}

describe('research records stay with staff', () => {
  it('PROFILE1, TYPE2: a profile and a type label are on staff pages, and reach no one invited to the map', async () => {
    const recorded = await postForm(
      server.current,
      `/families/${F}/profile`,
      { form: 'record', point: 'referral', date: '2016-05-09', issue: 'domestic-abuse', unticked: 'no' },
      staff,
    );
    expect(recorded.status).toBe(303);
    // A typing run that placed this family, with a researcher's label (as the cohort page's form leaves it).
    inStore(server.current, (db) => {
      const project = (db.prepare('SELECT project_id FROM families WHERE id = ?').get(F) as { project_id: string })
        .project_id;
      const cohort = (db.prepare('SELECT id FROM cohorts WHERE synthetic = 1').get() as { id: string }).id;
      const at = new Date().toISOString();
      db.prepare(
        `INSERT INTO typing_runs (id, project_id, cohort_id, issue_set_id, issue_set_version, k, chosen_by, seed, result, made_at, made_by)
         VALUES ('tr_probe', ?, ?, 'tf-phase-two', 1, 2, 'researcher', 1, '{}', ?, 'test')`,
      ).run(project, cohort, at);
      db.prepare(`INSERT INTO typing_assignments (run_id, family_id, type_index) VALUES ('tr_probe', ?, 0)`).run(F);
      db.prepare(
        `INSERT INTO type_labels (run_id, type_index, label, edited_by, edited_at) VALUES ('tr_probe', 0, ?, 'test', ?)`,
      ).run(TYPE_MARKER, at);
    });
    const abuse = PHASE_TWO_ISSUE_SET.issues.find((issue) => issue.id === 'domestic-abuse')?.label ?? '';
    const profilePage = await (await get(`/families/${F}/profile`)).text();
    expect(profilePage).toContain(abuse);
    expect(await (await get('/')).text()).toContain(`Family type: ${TYPE_MARKER}`);

    for (const role of ['participant', 'viewer', 'facilitator'] as const) {
      const { jar } = await openInvite(server.current, `/journeys/${J}`, token(server.current, J, role));
      const cookie = jar.header(`/journeys/${J}`) ?? '';
      for (const path of [`/journeys/${J}`, `/journeys/${J}/list`]) {
        const answer = await get(path, cookie);
        expect(answer.status, `${role} ${path}`).toBe(200);
        const page = await answer.text();
        expect(page, `${role} ${path}`).not.toContain(TYPE_MARKER);
        expect(page, `${role} ${path}`).not.toContain('Phase Two');
      }
      // Nor a page about the family or its research, which are for staff only.
      expect((await get(`/families/${F}/profile`, cookie)).status).toBe(401);
      const client = connectWithCookies(server.current, J, jar);
      await synced(client);
      await waitFor(() => client.received.length > 0, 2000, 'the room answering');
      expect(Buffer.concat(client.received).includes(TYPE_MARKER)).toBe(false);
      client.destroy();
    }
  });

  it('PROFILE2: a profile file with one bad row imports nothing and says where; a good one imports every row', async () => {
    const project = inStore(
      server.current,
      (db) => (db.prepare('SELECT project_id FROM families WHERE id = ?').get(F) as { project_id: string }).project_id,
    );
    const template = await (await get(`/research/import/template.csv?project=${project}`)).text();
    const [header] = template.split('\r\n');
    const columns = (header ?? '').split(',');
    const row = (date: string, poorAttendance: string) =>
      columns
        .map((c) =>
          c === 'family'
            ? F
            : c === 'point'
              ? 'review'
              : c === 'date'
                ? date
                : c === 'poor-attendance'
                  ? poorAttendance
                  : '',
        )
        .join(',');
    const before = count('SELECT COUNT(*) AS n FROM issue_profiles WHERE family_id = ?', F);

    const refused = await upload(
      '/research/import',
      [header, row('2016-09-01', 'yes'), row('2016-10-01', 'Y?')].join('\r\n'),
      project,
    );
    expect(refused.status).toBe(400);
    const page = await refused.text();
    const column = columns.indexOf('poor-attendance') + 1;
    expect(page).toContain(`line 3, column ${column} (poor-attendance)`);
    expect(page).toContain('Nothing was imported');
    expect(count('SELECT COUNT(*) AS n FROM issue_profiles WHERE family_id = ?', F)).toBe(before);

    const imported = await upload(
      '/research/import',
      [header, row('2016-09-01', 'yes'), row('2016-10-01', 'no')].join('\r\n'),
      project,
    );
    expect(imported.status).toBe(303);
    expect(imported.headers.get('location')).toContain('imported=2');
    expect(count('SELECT COUNT(*) AS n FROM issue_profiles WHERE family_id = ?', F)).toBe(before + 2);
  });

  it('PROFILE5: a project makes a new version of its issue set from the JSON it downloads; a wrong one is refused by path', async () => {
    const project = inStore(
      server.current,
      (db) => (db.prepare('SELECT project_id FROM families WHERE id = ?').get(F) as { project_id: string }).project_id,
    );
    const set = (await (await get(`/research/issues.json?project=${project}`)).json()) as {
      version: number;
      issues: { id: string; label: string; headline?: string }[];
    };
    expect(set.version).toBe(1);
    const wrong = await upload(
      '/research/issues',
      JSON.stringify({
        ...set,
        issues: [...set.issues, { id: 'rent-arrears', label: 'Rent arrears', headline: 'housing' }],
      }),
      project,
      'application/json',
    );
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('$.issues[21].headline: no headline &quot;housing&quot;');
    const saved = await upload(
      '/research/issues',
      JSON.stringify({
        ...set,
        issues: [...set.issues, { id: 'rent-arrears', label: 'Rent arrears', headline: 'work-money' }],
      }),
      project,
      'application/json',
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toContain('saved=2');
    // New profiles ask about it; the profile recorded on version 1 keeps its version.
    expect(await (await get(`/families/${F}/profile`)).text()).toContain('Rent arrears');
    expect(
      count('SELECT COUNT(*) AS n FROM issue_profiles WHERE family_id = ? AND issue_set_version = 1', F),
    ).toBeGreaterThan(0);
    // ...and still counts in a cohort, read on the new version by each issue's id.
    const made = await postForm(
      server.current,
      '/cohorts',
      { form: 'make', name: 'After the new version', project, family: F },
      staff,
    );
    expect(made.status).toBe(303);
    const cohortPage = await (await get(made.headers.get('location') ?? '')).text();
    const cell = (row: string) =>
      new RegExp(`<th scope="row">${row}</th>\\s*<td class="number">(\\d+)</td>`).exec(cohortPage)?.[1];
    expect(cell('No referral profile')).toBe('0');
    expect(cell('Not eligible')).toBe('1');
  });

  it('PROFILE3: erasing the family takes its profiles and every typing run it was part of; the export held them', async () => {
    const held = (await (await get(`/families/${F}/export.json`)).json()) as {
      profiles: unknown[];
      research: { familyType?: { label?: string } };
    };
    expect(held.profiles.length).toBeGreaterThanOrEqual(3);
    expect(held.research.familyType?.label).toBe(TYPE_MARKER);

    const erased = await postForm(server.current, `/families/${F}/erase`, { asked: 'yes' }, staff);
    expect(erased.status).toBe(303);
    expect(count('SELECT COUNT(*) AS n FROM issue_profiles WHERE family_id = ?', F)).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM typing_runs WHERE id = 'tr_probe'")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM type_labels WHERE run_id = 'tr_probe'")).toBe(0);
  });
});
