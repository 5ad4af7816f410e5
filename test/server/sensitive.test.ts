/**
 * What a facilitator marks as sensitive (issue 17; server/SPEC.md SEAL1–SEAL4) on a real server
 * with stock y-websocket clients: a stage marked whole and another's words leave the shared
 * document; a viewer joining afterwards is sent no byte of them (the raw messages are searched),
 * nor do the pages a viewer opens hold them; staff and participants read them from the record; a
 * participant's change to a stub and a version restored over the journey are undone; only a
 * facilitator marks; the take-home print holds none of them; taking the mark off brings them back.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFactor, readJourney, SEALED_TITLE, typeStageText, userOrigin } from '../../src/doc/index.ts';
import type { StageId } from '../../src/model/index.ts';
import { connect, exampleId, signedInStaff, synced, token, useServer, waitFor, type Client } from './harness.ts';
import { inStore, openInvite, postForm } from './visitors.ts';
import { tool } from './tools.ts';

const server = useServer();
const EDIT = userOrigin('family-tablet');
const MARKERS = {
  title: 'Quokka headline marker',
  words: 'Quokka-words-of-the-stage-31',
  factor: 'Quokka-barrier-marker-32',
  onlyWords: 'Quokka-words-only-marker-33',
};
const work = mkdtempSync(join(tmpdir(), 'tp-sensitive-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let DOC = '';
let cookie = '';
let whole = '';
let wordsOnly = '';
let before = '';

const url = (path: string) => new URL(path, server.current.url);
const get = (path: string, as = cookie) => fetch(url(path), { redirect: 'manual', headers: as ? { cookie: as } : {} });
const post = (path: string, fields: Record<string, string>, as = cookie) => postForm(server.current, path, fields, as);
const mark = (fields: Record<string, string>, as = cookie) => post(`/journeys/${DOC}/sensitive`, fields, as);
const holdsAny = (bytes: Buffer | string) => Object.values(MARKERS).filter((marker) => bytes.includes(marker));
const stageOf = (client: Client, id: string) => readJourney(client.doc).journey.stages.find((stage) => stage.id === id);
const invited = async (role: 'participant' | 'viewer' | 'facilitator') =>
  (await openInvite(server.current, `/journeys/${DOC}`, token(server.current, DOC, role))).jar.header(
    `/journeys/${DOC}/sensitive`,
  ) ?? '';

beforeAll(async () => {
  DOC = exampleId(server.current, 'slf-isolated-family');
  ({ cookie } = await signedInStaff(server.current, 'facilitator'));
});

describe('what is marked sensitive', () => {
  it('SEAL1 SEAL3: a stage marked whole and another’s words leave the document; a viewer joining after is sent no byte of them', async () => {
    const family = connect(server.current, DOC, token(server.current, DOC, 'participant'));
    await synced(family);
    const stages = readJourney(family.doc).journey.stages;
    whole = stages[2]!.id;
    wordsOnly = stages[3]!.id;
    typeStageText(family.doc, whole as StageId, 'title', MARKERS.title, EDIT);
    typeStageText(family.doc, whole as StageId, 'words', MARKERS.words, EDIT);
    addFactor(family.doc, { stageId: whole as StageId, kind: 'barrier', text: MARKERS.factor }, EDIT);
    typeStageText(family.doc, wordsOnly as StageId, 'words', MARKERS.onlyWords, EDIT);
    await waitFor(
      async () => holdsAny(await (await get(`/journeys/${DOC}/list`)).text()).length === 4,
      5000,
      'the words stored',
    );
    // A version from before the marks, to restore over the journey later.
    expect((await post(`/journeys/${DOC}/versions`, { name: 'before the marks' })).status).toBe(303);
    before = (
      inStore(server.current, (db) => db.prepare('SELECT id FROM versions WHERE doc_id = ?').get(DOC)) as { id: string }
    ).id;
    const looking = connect(server.current, DOC, token(server.current, DOC, 'viewer'));
    await synced(looking);
    expect(stageOf(looking, whole)?.title).toBe(MARKERS.title);

    expect((await mark({ item: whole, kind: 'stage', on: '1' })).status).toBe(200);
    expect((await mark({ item: wordsOnly, kind: 'words', on: '1' })).status).toBe(200);
    // Everyone's replica loses them at once: the viewer already here, and the family.
    for (const client of [looking, family]) {
      await waitFor(() => stageOf(client, whole)?.title === SEALED_TITLE, 2000, 'the stub');
      expect(stageOf(client, whole)?.words).toBe('');
      expect(readJourney(client.doc).journey.factors.some((factor) => factor.stageId === whole)).toBe(false);
      await waitFor(() => stageOf(client, wordsOnly)?.words === '', 2000, 'the words taken out');
    }
    looking.destroy();

    // A viewer joining now: every byte the server sends it, searched.
    const viewer = connect(server.current, DOC, token(server.current, DOC, 'viewer'), { controls: true });
    await synced(viewer);
    await waitFor(() => viewer.controls !== undefined, 2000, 'the control state');
    expect(viewer.controls?.sealed).toEqual({ stages: [whole], words: [wordsOnly], costEvents: [] });
    expect(viewer.received.length).toBeGreaterThan(0);
    expect(holdsAny(Buffer.concat(viewer.received))).toEqual([]);
    expect(stageOf(viewer, whole)?.title).toBe(SEALED_TITLE);
    viewer.destroy();

    // The pages a viewer opens hold none of it; the record refuses them.
    const viewerCookie = await invited('viewer');
    for (const page of [`/journeys/${DOC}`, `/journeys/${DOC}/list`])
      expect(holdsAny(await (await get(page, viewerCookie)).text()), page).toEqual([]);
    expect((await get(`/journeys/${DOC}/sensitive`, viewerCookie)).status).toBe(403);
    // Staff and the family read them from the record.
    for (const reader of [cookie, await invited('participant')]) {
      const record = await get(`/journeys/${DOC}/sensitive`, reader);
      expect(record.status).toBe(200);
      expect(holdsAny(await record.text()).sort()).toEqual(Object.values(MARKERS).sort());
    }
    // Storage holds them only in the record (and the version made before the marks).
    await waitFor(
      () =>
        inStore(server.current, (db) =>
          (db.prepare('SELECT data FROM updates WHERE doc_id = ?').all(DOC) as { data: Uint8Array }[]).every(
            (row) => holdsAny(Buffer.from(row.data)).length === 0,
          ),
        ),
      5000,
      'the log compacted',
    );
    family.destroy();
  });

  it('SEAL2: a participant writing into a stub is undone for everyone; a version restored over the journey keeps the marks', async () => {
    const family = connect(server.current, DOC, token(server.current, DOC, 'participant'));
    const viewer = connect(server.current, DOC, token(server.current, DOC, 'viewer'));
    await Promise.all([synced(family), synced(viewer)]);
    typeStageText(family.doc, wordsOnly as StageId, 'words', 'Typed into a stub', EDIT);
    await waitFor(() => stageOf(family, wordsOnly)?.words === '', 2000, 'the change undone on the writer');
    await waitFor(() => stageOf(viewer, wordsOnly)?.words === '', 2000, 'and on the others');

    viewer.received.length = 0;
    const restored = await post(`/journeys/${DOC}/versions/${before}`, { restore: 'over' });
    expect(restored.status).toBe(303);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stageOf(viewer, whole)?.title).toBe(SEALED_TITLE);
    expect(stageOf(viewer, wordsOnly)?.words).toBe('');
    expect(holdsAny(Buffer.concat(viewer.received))).toEqual([]);
    family.destroy();
    viewer.destroy();
  });

  it('SEAL1: only a facilitator marks; participants and viewers are refused, and a bad field is named', async () => {
    for (const role of ['participant', 'viewer'] as const) {
      const refused = await mark({ item: wordsOnly, kind: 'stage', on: '0' }, await invited(role));
      expect(refused.status, role).toBe(403);
    }
    expect((await mark({ item: wordsOnly, kind: 'stage', on: '0' }, '')).status).toBe(401);
    const badKind = await mark({ item: wordsOnly, kind: 'everything', on: '1' });
    expect(badKind.status).toBe(400);
    expect(await badKind.json()).toMatchObject({ field: 'kind' });
    const badItem = await mark({ item: 'not an id!', kind: 'stage', on: '1' });
    expect(await badItem.json()).toMatchObject({ field: 'item' });
    const badOn = await mark({ item: wordsOnly, kind: 'stage', on: 'yes' });
    expect(await badOn.json()).toMatchObject({ field: 'on' });
    const gone = await mark({ item: 's-not-on-this-map', kind: 'stage', on: '1' });
    expect(gone.status).toBe(404);
    // A facilitator's invite may.
    const facilitator = await invited('facilitator');
    expect((await get(`/journeys/${DOC}/sensitive`, facilitator)).status).toBe(200);
  });

  it('SEAL4: the family’s take-home print holds none of what is marked', async () => {
    const pdf = await get(`/journeys/${DOC}/download/take-home.pdf`);
    expect(pdf.status).toBe(200);
    const file = join(work, 'take-home.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = tool('pdftotext', file, '-');
    expect(text.length).toBeGreaterThan(100);
    expect(holdsAny(text)).toEqual([]);
    expect(text).not.toContain(SEALED_TITLE);
  });

  it('taking a mark off writes what was said back into the document, for everyone', async () => {
    const family = connect(server.current, DOC, token(server.current, DOC, 'participant'));
    await synced(family);
    expect((await mark({ item: whole, kind: 'stage', on: '0' })).status).toBe(200);
    expect((await mark({ item: wordsOnly, kind: 'words', on: '0' })).status).toBe(200);
    await waitFor(() => stageOf(family, whole)?.title === MARKERS.title, 2000, 'the stage back');
    expect(stageOf(family, whole)?.words).toBe(MARKERS.words);
    expect(readJourney(family.doc).journey.factors.some((factor) => factor.text === MARKERS.factor)).toBe(true);
    await waitFor(() => stageOf(family, wordsOnly)?.words === MARKERS.onlyWords, 2000, 'the words back');
    expect(Y.encodeStateAsUpdate(family.doc).byteLength).toBeGreaterThan(0);
    family.destroy();
  });
});
