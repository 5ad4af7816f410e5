/**
 * Versions of a journey (issue 17; server/journey-versions.ts) on a real server: staff keep one
 * by name through the versions page's form; the server keeps one when a workshop session ends
 * (everyone leaves after a change, or a facilitator's "End session"); a version reads back
 * read-only, compares with the journey now (stages changed, levels moved before and after), and
 * restores over the journey (every open replica follows, and the restore itself can be undone)
 * or as a new journey for the same family. Only staff of the journey's project see any of it.
 * A stage deleted for good at the family's request leaves no word in the log or any version.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readJourney, setProgressLevel, typeStageText, userOrigin } from '../../src/doc/index.ts';
import { levelOf, type StageId } from '../../src/model/index.ts';
import {
  connect,
  exampleId,
  familyOf,
  projectId,
  sendControl,
  signedInStaff,
  synced,
  token,
  useServer,
  waitFor,
} from './harness.ts';
import { inStore, postForm } from './visitors.ts';

const server = useServer();
const EDIT = userOrigin('family-tablet');
let DOC = '';
let cookie = '';

const url = (path: string) => new URL(path, server.current.url);
const get = (path: string, as = cookie) => fetch(url(path), { redirect: 'manual', headers: as ? { cookie: as } : {} });
const post = (path: string, fields: Record<string, string>, as = cookie) => postForm(server.current, path, fields, as);
const versionsOf = (docId: string) =>
  inStore(server.current, (db) =>
    db.prepare('SELECT id, name, kind, made_by FROM versions WHERE doc_id = ? ORDER BY rowid').all(docId),
  ) as { id: string; name: string; kind: string; made_by: string }[];

beforeAll(async () => {
  DOC = exampleId(server.current, 'life-swindon-chronic-crisis');
  ({ cookie } = await signedInStaff(server.current, 'facilitator'));
});

describe('versions of a journey', () => {
  it('staff keep one by name; a name that is empty or too long is refused, saying why, and nothing is kept', async () => {
    const empty = await post(`/journeys/${DOC}/versions`, { name: '  ' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('give the version a name');
    const long = await post(`/journeys/${DOC}/versions`, { name: 'x'.repeat(81) });
    expect(long.status).toBe(400);
    expect(await long.text()).toContain('at most 80 characters; this one has 81');
    expect(versionsOf(DOC)).toEqual([]);

    const kept = await post(`/journeys/${DOC}/versions`, { name: 'after session 1' });
    expect(kept.status).toBe(303);
    const [version] = versionsOf(DOC);
    expect(version).toMatchObject({ name: 'after session 1', kind: 'named' });
    expect(kept.headers.get('location')).toBe(`/journeys/${DOC}/versions?kept=${version!.id}`);
    const page = await (await get(kept.headers.get('location')!)).text();
    expect(page).toContain('Kept “<span dir="auto">after session 1</span>”');
    expect(page).toContain(`href="/journeys/${DOC}/versions/${version!.id}"`);
  });

  it('only staff of the journey’s project see its versions: invited people, strangers and other projects are refused', async () => {
    const [version] = versionsOf(DOC);
    const elsewhere = (await signedInStaff(server.current, 'facilitator', projectId(server.current, 'Elsewhere')))
      .cookie;
    for (const path of [`/journeys/${DOC}/versions`, `/journeys/${DOC}/versions/${version!.id}`]) {
      expect((await get(path, '')).status, `${path} signed out`).toBe(401);
      expect((await get(path, elsewhere)).status, `${path} another project`).toBe(403);
    }
    expect((await post(`/journeys/${DOC}/versions`, { name: 'sneaky' }, elsewhere)).status).toBe(403);
    expect((await post(`/journeys/${DOC}/versions/${version!.id}`, { restore: 'over' }, elsewhere)).status).toBe(403);
    expect((await get(`/journeys/${DOC}/versions/no-such-version`)).status).toBe(404);
    expect(versionsOf(DOC)).toHaveLength(1);
  });

  it('a version reads back as it was; compared with the journey now it names what changed and the levels that moved', async () => {
    const [version] = versionsOf(DOC);
    const family = connect(server.current, DOC, token(server.current, DOC, 'participant'));
    await synced(family);
    const [first, second] = readJourney(family.doc).journey.stages;
    typeStageText(family.doc, first!.id as StageId, 'title', 'Renamed in session 2', EDIT);
    setProgressLevel(family.doc, second!.id as StageId, { level: 4, ratedBy: 'together' }, EDIT);
    await waitFor(
      async () => (await (await get(`/journeys/${DOC}/list`)).text()).includes('Renamed in session 2'),
      5000,
      'stored',
    );

    const view = await (await get(`/journeys/${DOC}/versions/${version!.id}`)).text();
    expect(view).toContain('A version, read-only');
    expect(view).toContain(first!.title);
    expect(view).not.toContain('Renamed in session 2');

    const compare = await get(`/journeys/${DOC}/versions/compare?before=${version!.id}&after=now`);
    expect(compare.status).toBe(200);
    const said = await compare.text();
    expect(said).toContain('Levels that moved');
    expect(said).toMatch(/Stages changed[\s\S]*Renamed in session 2<\/span>: headline/);
    const moved = levelOf(readJourney(family.doc).journey.scale, 4)!.label;
    expect(said).toContain(`<td dir="auto">${second!.title}</td>`);
    expect(said).toContain(`<td>${moved}</td>`);
    family.destroy();
  });

  it('restored over the journey, every open replica follows; the journey before is kept, and restoring that undoes it', async () => {
    const [version] = versionsOf(DOC);
    const family = connect(server.current, DOC, token(server.current, DOC, 'participant'));
    await synced(family);
    const titles = () => readJourney(family.doc).journey.stages.map((s) => s.title);
    expect(titles()).toContain('Renamed in session 2');

    const restored = await post(`/journeys/${DOC}/versions/${version!.id}`, { restore: 'over' });
    expect(restored.status).toBe(303);
    await waitFor(() => !titles().includes('Renamed in session 2'), 5000, 'the replica to follow the restore');
    const before = versionsOf(DOC).find((v) => v.kind === 'before-restore');
    expect(before?.name).toBe('Before restoring “after session 1”');

    // Undone: the version kept before the restore, restored.
    expect((await post(`/journeys/${DOC}/versions/${before!.id}`, { restore: 'over' })).status).toBe(303);
    await waitFor(() => titles().includes('Renamed in session 2'), 5000, 'the restore undone');
    family.destroy();
  });

  it('restored as a new journey: a copy for the same family, in the same project, and this journey is left as it is', async () => {
    const [version] = versionsOf(DOC);
    const made = await post(`/journeys/${DOC}/versions/${version!.id}`, { restore: 'new' });
    expect(made.status).toBe(303);
    const newId = made.headers.get('location')!.replace('/journeys/', '');
    expect(newId).not.toBe(DOC);
    expect(familyOf(server.current, newId)).toBe(familyOf(server.current, DOC));
    const copy = await (await get(`/journeys/${newId}/list`)).text();
    expect(copy).toContain('(from “after session 1”)');
    expect(copy).not.toContain('Renamed in session 2');
    expect(await (await get(`/journeys/${DOC}/list`)).text()).toContain('Renamed in session 2');
  });

  it('a version is kept when a session ends: when everyone has left after a change, and when a facilitator presses “End session”', async () => {
    const docId = exampleId(server.current, 'slf-isolated-family');
    const family = connect(server.current, docId, token(server.current, docId, 'participant'));
    await synced(family);
    const stage = readJourney(family.doc).journey.stages[0]!;
    typeStageText(family.doc, stage.id as StageId, 'words', 'Said in the session.', EDIT);
    await waitFor(
      async () => (await (await get(`/journeys/${docId}/list`)).text()).includes('Said in the session.'),
      5000,
      'stored',
    );
    family.destroy();
    await waitFor(() => versionsOf(docId).length === 1, 5000, 'a version when the room empties');
    expect(versionsOf(docId)[0]).toMatchObject({ kind: 'session-end', made_by: 'server' });
    expect(versionsOf(docId)[0]!.name).toMatch(/^Session ended \d{1,2} \w{3} \d{4}, \d\d:\d\d$/);

    // Nobody changed anything: leaving keeps nothing more.
    const looker = connect(server.current, docId, token(server.current, docId, 'viewer'));
    await synced(looker);
    looker.destroy();

    // A facilitator ends the session while people are still there.
    const facilitator = connect(server.current, docId, token(server.current, docId, 'facilitator'), { controls: true });
    await synced(facilitator);
    sendControl(facilitator, { kind: 'timer-start', ms: 60_000 });
    await waitFor(() => facilitator.controls?.timer !== null, 2000, 'the timer');
    sendControl(facilitator, { kind: 'end-session' });
    await waitFor(() => versionsOf(docId).length === 2, 5000, 'a version on “End session”');
    expect(versionsOf(docId)[1]).toMatchObject({ kind: 'session-end' });
    expect(versionsOf(docId)[1]!.made_by).toMatch(/^grant:/);
    await waitFor(() => facilitator.controls?.timer === null, 2000, 'the session’s timer ended');
    facilitator.destroy();
    // "End session" kept it; leaving straight after keeps nothing more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(versionsOf(docId)).toHaveLength(2);
  });

  it('a stage deleted for good at the family’s request is gone from every open map, its stored history and every version', async () => {
    const docId = exampleId(server.current, 'family-action-single-mother');
    const family = connect(server.current, docId, token(server.current, docId, 'participant'));
    await synced(family);
    const stage = readJourney(family.doc).journey.stages[1]!;
    const marker = 'Zebra-crossing-marker-7Q';
    typeStageText(family.doc, stage.id as StageId, 'words', `What I said then. ${marker}`, EDIT);
    await waitFor(
      async () => (await (await get(`/journeys/${docId}/list`)).text()).includes(marker),
      5000,
      'the words stored',
    );
    expect((await post(`/journeys/${docId}/versions`, { name: 'with the words' })).status).toBe(303);
    const holding = () =>
      inStore(server.current, (db) => {
        const found = (rows: unknown[]) =>
          rows.filter((row) => Buffer.from(Object.values(row as object)[0] as Uint8Array).includes(marker)).length;
        return {
          updates: found(db.prepare('SELECT data FROM updates WHERE doc_id = ?').all(docId)),
          versions: found(db.prepare('SELECT state FROM versions WHERE doc_id = ?').all(docId)),
          readModel: found(db.prepare('SELECT json FROM read_models WHERE doc_id = ?').all(docId)),
        };
      });
    // The read model follows the room's changes once they settle.
    await waitFor(() => holding().readModel === 1, 5000, 'the read model');
    expect(holding()).toEqual({ updates: expect.any(Number), versions: 1, readModel: 1 });
    expect(holding().updates).toBeGreaterThan(0);

    // Not ticked to say the family asked: refused, saying why, and nothing is deleted.
    const unticked = await post(`/journeys/${docId}/settings`, { form: 'erase-stage', stage: stage.id });
    expect(unticked.status).toBe(400);
    expect(await unticked.text()).toContain('tick the box to say the family asked for this');
    const unchosen = await post(`/journeys/${docId}/settings`, { form: 'erase-stage', stage: '', confirm: 'yes' });
    expect(unchosen.status).toBe(400);
    expect(await unchosen.text()).toContain('choose the stage the family asked to delete');
    expect(readJourney(family.doc).journey.stages.some((s) => s.id === stage.id)).toBe(true);

    const erased = await post(`/journeys/${docId}/settings`, { form: 'erase-stage', stage: stage.id, confirm: 'yes' });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('location')).toBe(`/journeys/${docId}/settings?done=erase-stage`);
    // The open map loses it at once; the store holds none of its words, in the log, the read model or a version.
    await waitFor(() => !readJourney(family.doc).journey.stages.some((s) => s.id === stage.id), 2000, 'the open map');
    await waitFor(() => holding().readModel === 0, 5000, 'the read model');
    expect(holding()).toEqual({ updates: 0, versions: 0, readModel: 0 });
    const [version] = versionsOf(docId);
    const kept = await (await get(`/journeys/${docId}/versions/${version!.id}`)).text();
    expect(kept).not.toContain(marker);
    expect(kept).not.toContain(stage.title);
    // A stock client joining now receives none of it either.
    const later = connect(server.current, docId, token(server.current, docId, 'viewer'));
    await synced(later);
    expect(Buffer.from(Y.encodeStateAsUpdate(later.doc)).includes(marker)).toBe(false);
    later.destroy();
    family.destroy();
  });
});
