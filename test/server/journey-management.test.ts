/**
 * Journeys a team manages (issue 16): renaming a journey and its family, archiving it, finding it
 * on the home page, and the cost report across chosen journeys, over real HTTP on a real server.
 * A rename goes through the journey's room, so an open map takes it and writes nothing old back;
 * only staff of the journey's project may change anything; audit rows hold ids, never a title.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleId, familyOf, signedInStaff, synced, useServer, waitFor, connectAsStaff, token } from './harness.ts';
import { inStore, openInvite } from './visitors.ts';

const server = useServer({ LOG_LEVEL: 'debug' });
/** The examples' ids, found by title before any test renames them. */
const ids: Record<string, string> = {};
const EXAMPLES = [
  'slf-disengaged-young-people',
  'life-swindon-chronic-crisis',
  'family-action-single-mother',
  'slf-isolated-family',
];
beforeAll(() => {
  for (const example of EXAMPLES) ids[example] = exampleId(server.current, example);
});

const post = (path: string, cookie: string | undefined, fields: Record<string, string>) => {
  const url = new URL(path, server.current.url);
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...(cookie ? { cookie } : {}),
      origin: url.origin,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams(fields),
  });
};
const page = async (path: string, cookie?: string) => {
  const response = await fetch(new URL(path, server.current.url), { headers: cookie ? { cookie } : {} });
  return { status: response.status, html: await response.text() };
};
/** The page's text without tags, entities as people read them. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
const titleOf = (journeyId: string) =>
  inStore(server.current, (db) => {
    const row = db.prepare('SELECT json FROM read_models WHERE doc_id = ?').get(journeyId) as { json: string };
    return JSON.parse(row.json) as { title: string; family: { pseudonym: string } };
  });
const auditRows = () =>
  inStore(
    server.current,
    (db) => db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[],
  );
const archivedIds = () =>
  inStore(server.current, (db) =>
    (db.prepare('SELECT doc_id FROM archived_documents').all() as { doc_id: string }[]).map((r) => r.doc_id),
  );

describe('a journey’s settings', () => {
  it('MANAGE2: renames a journey through its room: an open map shows the new title and writes no old one back; the audit row holds no title', async () => {
    const { cookie } = await signedInStaff(server.current);
    const journey = ids['slf-disengaged-young-people']!;
    const open = connectAsStaff(server.current, journey, cookie);
    await synced(open);
    const settings = `/journeys/${journey}/settings`;
    expect((await page(settings, cookie)).status).toBe(200);

    const renamed = await post(settings, cookie, { form: 'title', title: '  Mason finds a bench of his own  ' });
    expect(renamed.status).toBe(303);
    expect(renamed.headers.get('location')).toBe(`${settings}?done=title`);
    await waitFor(
      () => open.doc.getMap('meta').get('title') === 'Mason finds a bench of his own',
      10_000,
      'the open map',
    );
    // The open map goes on editing: the room keeps the new title, and stores it.
    open.doc.getMap('meta').set('summary', 'Edited after the rename');
    await waitFor(() => titleOf(journey).title === 'Mason finds a bench of his own', 10_000, 'the stored title');
    const after = await page(`${settings}?done=title`, cookie);
    expect(textOf(after.html)).toContain('The journey has a new title.');
    expect(textOf((await page('/', cookie)).html)).toContain('Mason finds a bench of his own');
    open.destroy();

    const rows = auditRows();
    const rename = rows.filter((row) => row.action === 'journey.rename');
    expect(rename).toHaveLength(1);
    expect(rename[0]).toMatchObject({ outcome: 'ok', doc_id: journey });
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/bench of his own|Mason finds/);
  });

  it('MANAGE1: refuses a title that is empty or too long with an error summary naming the field, and changes nothing', async () => {
    const { cookie } = await signedInStaff(server.current);
    const journey = ids['life-swindon-chronic-crisis']!;
    const before = titleOf(journey).title;
    const settings = `/journeys/${journey}/settings`;
    for (const [title, reason] of [
      ['   ', 'Title: give the journey a title'],
      ['x'.repeat(121), 'Title: at most 120 characters; this one has 121'],
    ] as const) {
      const refused = await post(settings, cookie, { form: 'title', title });
      expect(refused.status).toBe(400);
      const html = await refused.text();
      expect(html).toContain('There is a problem');
      expect(html).toContain('href="#settings-title"');
      expect(textOf(html)).toContain(reason);
      expect(html).toContain(`value="${title}"`);
    }
    const unreadable = await post(settings, cookie, { form: 'something-else' });
    expect(unreadable.status).toBe(400);
    expect(textOf(await unreadable.text())).toContain('The form could not be read');
    expect(titleOf(journey).title).toBe(before);
  });

  it('MANAGE2: renames the family: its record, and the pseudonym in each of its journeys; the home page finds the journey by it', async () => {
    const { cookie } = await signedInStaff(server.current);
    const journey = ids['family-action-single-mother']!;
    const family = familyOf(server.current, journey);
    const settings = `/journeys/${journey}/settings`;
    const empty = await post(settings, cookie, { form: 'pseudonym', pseudonym: '' });
    expect(empty.status).toBe(400);
    expect(textOf(await empty.text())).toContain('The family’s pseudonym: give the family a pseudonym');

    const renamed = await post(settings, cookie, { form: 'pseudonym', pseudonym: 'The Quillfeather family' });
    expect(renamed.status).toBe(303);
    const record = inStore(server.current, (db) =>
      db.prepare('SELECT pseudonym FROM families WHERE id = ?').get(family),
    ) as { pseudonym: string };
    expect(record.pseudonym).toBe('The Quillfeather family');
    await waitFor(
      () => titleOf(journey).family.pseudonym === 'The Quillfeather family',
      10_000,
      'the stored pseudonym',
    );

    const found = await page('/?q=quillfeather', cookie);
    expect(found.html).toContain(`href="/journeys/${journey}"`);
    expect(textOf(found.html)).toContain('1 journey found for “quillfeather”');
    for (const other of ['slf-isolated-family', 'life-swindon-chronic-crisis'])
      expect(found.html).not.toContain(`href="/journeys/${ids[other]!}"`);
    // The search goes into no log line, nor any audit row.
    expect(server.current.output()).not.toMatch(/quillfeather/i);
    for (const row of auditRows()) expect(JSON.stringify(row)).not.toMatch(/quillfeather/i);
    expect(auditRows().filter((row) => row.action === 'family.rename' && row.subject === family)).toHaveLength(1);
  });

  it('MANAGE3: archives and brings back a journey: hidden from the home page unless shown, audited', async () => {
    const { cookie } = await signedInStaff(server.current);
    const journey = ids['slf-isolated-family']!;
    const settings = `/journeys/${journey}/settings`;
    const link = `href="/journeys/${journey}"`;
    expect((await page('/', cookie)).html).toContain(link);

    expect((await post(settings, cookie, { form: 'archive' })).status).toBe(303);
    expect(archivedIds()).toContain(journey);
    const home = await page('/', cookie);
    expect(home.html).not.toContain(link);
    expect(textOf(home.html)).toContain('Show archived journeys (1)');
    const shown = await page('/?archived=shown', cookie);
    expect(shown.html).toContain(link);
    expect(textOf(shown.html)).toContain('(archived)');
    expect(textOf((await page(settings, cookie)).html)).toContain('This journey is archived');

    expect((await post(settings, cookie, { form: 'unarchive' })).status).toBe(303);
    expect(archivedIds()).not.toContain(journey);
    expect((await page('/', cookie)).html).toContain(link);
    const actions = auditRows()
      .filter((row) => row.doc_id === journey && String(row.action).startsWith('journey.'))
      .map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['journey.archive', 'journey.unarchive']));
  });

  it('MANAGE3: lists journeys newest change first', async () => {
    const { cookie } = await signedInStaff(server.current);
    const html = (await page('/', cookie)).html;
    const times = [...html.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]!);
    const journeyTimes = times.slice(0, 4);
    expect(journeyTimes.length).toBeGreaterThanOrEqual(4);
    expect(journeyTimes).toEqual(journeyTimes.toSorted().reverse());
  });

  it('MANAGE1: refuses a participant, a viewer, another project’s staff and strangers, and changes nothing', async () => {
    const journey = ids['slf-disengaged-young-people']!;
    const settings = `/journeys/${journey}/settings`;
    const before = titleOf(journey).title;
    const participant = (
      await openInvite(server.current, `/journeys/${journey}`, token(server.current, journey, 'participant'))
    ).jar;
    const viewer = (await openInvite(server.current, `/journeys/${journey}`, token(server.current, journey, 'viewer')))
      .jar;
    const elsewhere = (await signedInStaff(server.current, 'admin', 'Another project')).cookie;
    const visitors: [string, string | undefined, number][] = [
      ['participant', participant.header(settings), 401],
      ['viewer', viewer.header(settings), 401],
      ['another project’s admin', elsewhere, 403],
      ['a stranger', undefined, 401],
    ];
    for (const [who, cookie, status] of visitors) {
      const seen = await page(settings, cookie);
      expect(seen.status, who).toBe(status);
      expect(seen.html, who).not.toContain(before);
      const forms: Record<string, string>[] = [{ form: 'title', title: `Renamed by ${who}` }, { form: 'archive' }];
      for (const fields of forms) {
        const refused = await post(settings, cookie, fields);
        expect(refused.status, who).toBe(status);
        await refused.body?.cancel();
      }
    }
    expect(titleOf(journey).title).toBe(before);
    expect(archivedIds()).not.toContain(journey);
    const refusedRows = auditRows().filter((row) => row.action === 'journey.settings' && row.outcome === 'refused');
    expect(refusedRows.length).toBeGreaterThanOrEqual(2);
    for (const row of refusedRows) expect(JSON.stringify(row)).not.toContain(before);
  });

  it('refuses a form posted from another site', async () => {
    const { cookie } = await signedInStaff(server.current);
    const journey = ids['slf-disengaged-young-people']!;
    const before = titleOf(journey).title;
    const response = await fetch(new URL(`/journeys/${journey}/settings`, server.current.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: 'https://elsewhere.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form: 'title', title: 'From elsewhere' }),
    });
    expect(response.status).toBe(403);
    await response.body?.cancel();
    expect(titleOf(journey).title).toBe(before);
  });
});

describe('the cost report across chosen journeys', () => {
  it('MANAGE4: starts with nothing chosen, and says so when sent with nothing chosen', async () => {
    const { cookie } = await signedInStaff(server.current);
    const first = await page('/reports/costs', cookie);
    expect(first.status).toBe(200);
    expect(textOf(first.html)).toContain('Choose the journeys to include');
    expect(first.html).not.toContain('Return on investment');
    for (const example of ['slf-isolated-family', 'family-action-single-mother'])
      expect(first.html).not.toMatch(new RegExp(`value="${ids[example]!}"[^>]*checked`));

    const sent = await page('/reports/costs?delivery=1800', cookie);
    expect(sent.status).toBe(400);
    expect(sent.html).toContain('There is a problem');
    expect(textOf(sent.html)).toContain('Which journeys: choose at least one journey');
  });

  it('MANAGE4: leaves empty journeys out, so they do not lower the cost per family, and archived ones unless chosen', async () => {
    const { cookie } = await signedInStaff(server.current);
    const holt = ids['slf-isolated-family']!;
    const family = familyOf(server.current, holt);
    const report = async (query: string) =>
      (await (
        await fetch(new URL(`/api/reports/costs?format=json&${query}`, server.current.url), { headers: { cookie } })
      ).json()) as {
        report: { families: number; costBeforePerFamily: number };
        journeys: { id: string }[];
        empty: number;
      };
    const alone = await report(`journey=${holt}`);
    expect(alone.report.families).toBe(1);

    // Three new, empty journeys for the same family (so its consent to analysis covers them).
    const empties: string[] = [];
    for (const title of ['Empty one', 'Empty two', 'Empty three']) {
      const started = await post('/', cookie, {
        form: 'new-journey',
        title,
        family,
        familyPseudonym: '',
        template: 'blank',
        consentMethod: 'verbal-in-person',
        consent: 'yes',
      });
      expect(started.status).toBe(303);
      empties.push(started.headers.get('location')!.split('/').pop()!);
    }
    const withEmpties = await report([holt, ...empties].map((id) => `journey=${id}`).join('&'));
    expect(withEmpties.report.families).toBe(1);
    expect(withEmpties.empty).toBe(3);
    expect(withEmpties.report.costBeforePerFamily).toBe(alone.report.costBeforePerFamily);
    const shown = await page(`/reports/costs?${[holt, ...empties].map((id) => `journey=${id}`).join('&')}`, cookie);
    expect(textOf(shown.html)).toContain('3 journeys are left out: no cost events before or after support');

    // Archived: out of a report nobody chose journeys for; in when chosen.
    expect((await post(`/journeys/${holt}/settings`, cookie, { form: 'archive' })).status).toBe(303);
    expect((await report('')).journeys.map((j) => j.id)).not.toContain(holt);
    expect((await report(`journey=${holt}`)).journeys.map((j) => j.id)).toEqual([holt]);
    expect((await post(`/journeys/${holt}/settings`, cookie, { form: 'unarchive' })).status).toBe(303);
  });
});
