/**
 * Finding 3: ids carried families' words (title slugs, `t01`, members named `dawn`) into
 * addresses, exports, `/sources` and logs. A store the previous version wrote moves to random
 * ids at start (MOVE1–MOVE5) and loses nothing; a fresh store never stores a file's ids.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readJourney } from '../../src/doc/index.ts';
import { CLOSE_CODES } from '../../src/protocol/close-codes.ts';
import { writeOldStore, type OldStore } from '../fixtures/old-store.ts';
import {
  connect,
  removeDir,
  root,
  signedInStaff,
  startServer,
  stopServer,
  storedId,
  synced,
  tempDataDir,
  token,
  waitFor,
  type RunningServer,
} from './harness.ts';
import { CookieJar, inStore, openInvite, turningPoints } from './visitors.ts';

/** Every value in every table, as text: JSON and Yjs documents opened up, for old ids to be looked for. */
function everythingStored(db: DatabaseSync): { where: string; text: string }[] {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
    (t) => t.name,
  );
  const found: { where: string; text: string }[] = [];
  for (const table of tables)
    for (const row of db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[])
      for (const [column, value] of Object.entries(row)) {
        const where = `${table}.${column}`;
        if (typeof value === 'string') found.push({ where, text: JSON.stringify(value) + value });
        else if (value instanceof Uint8Array) found.push({ where, text: yjsText(value) });
      }
  return found;
}

/** A Yjs update's content as JSON (every top-level map), or nothing for bytes that are not one. */
function yjsText(bytes: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, bytes);
    return JSON.stringify([...doc.share.keys()].map((name) => doc.getMap(name).toJSON()));
  } catch {
    return '';
  } finally {
    doc.destroy();
  }
}

/** Where an id appears as a whole value: a column equal to it, or a JSON string or map key. */
const holds = (text: string, id: string) => text.includes(JSON.stringify(id));

describe('a store written while ids carried words, at the first start of this version', () => {
  let server: RunningServer;
  let dataDir: string;
  let old: OldStore;
  let invite: string;
  const OLD_JOURNEY = 'slf-isolated-family';

  beforeAll(async () => {
    dataDir = tempDataDir();
    old = await writeOldStore(dataDir);
    invite = token({ dataDir }, OLD_JOURNEY, 'participant');
    server = await startServer(dataDir, { LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    removeDir(dataDir);
  });

  it('MOVE1: moves every journey and the theory of change to random ids, losing nothing', () => {
    const newId = storedId(server, 'The Holt family');
    expect(newId).toMatch(/^j_[0-9a-z]{16}$/);
    const tocId = storedId(server, old.tocTitle);
    expect(tocId).toMatch(/^t_[0-9a-z]{16}$/);
    inStore(server, (db) => {
      const row = db.prepare('SELECT data FROM updates WHERE doc_id = ?').get(newId) as { data: Uint8Array };
      const doc = new Y.Doc();
      Y.applyUpdate(doc, row.data);
      const moved = readJourney(doc).journey;
      const before = old.journeys.find((j) => j.id === OLD_JOURNEY)!;
      // The same words, stage for stage; consent is no longer in the document.
      expect(moved.stages.map((s) => [s.title, s.words])).toEqual(before.stages.map((s) => [s.title, s.words]));
      expect(moved.factors.map((f) => f.text).sort()).toEqual(before.factors.map((f) => f.text).sort());
      expect(doc.getMap('meta').has('consent')).toBe(false);
      // Its family, project, consent and the cohort followed it.
      const family = db.prepare('SELECT family_id FROM family_documents WHERE doc_id = ?').get(newId);
      expect(family).toBeDefined();
      expect(db.prepare('SELECT project_id FROM document_projects WHERE doc_id = ?').get(newId)).toBeDefined();
      const cohort = db.prepare('SELECT journey_id FROM toc_cohorts WHERE toc_id = ?').all(tocId);
      expect(cohort).toHaveLength(4);
      expect(db.prepare('SELECT COUNT(*) AS n FROM moved_documents').get()).toEqual({ n: 5 });
    });
  });

  it('MOVE2: the old invite opens the new journey: 303 from the old address, its cookies re-issued', async () => {
    const newId = storedId(server, 'The Holt family');
    const opened = await openInvite(server, `/journeys/${OLD_JOURNEY}`, invite);
    // The invite is exchanged at the new address, which names the old id only in its fragment.
    expect(opened.status).toBe(303);
    expect(opened.location).toBe(`/journeys/${newId}#moved-from=${OLD_JOURNEY}`);
    expect(opened.jar.header(`/journeys/${newId}`)).toBe(`tp_invite=${invite}`);
    expect(opened.jar.header(`/journeys/${OLD_JOURNEY}`)).toBeUndefined();
    const page = await fetch(new URL(`/journeys/${newId}`, server.url), {
      headers: { cookie: opened.jar.header(`/journeys/${newId}`)! },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(OLD_JOURNEY);

    // A browser that kept the cookie scoped to the old address is moved too, to every page under it.
    const kept = new CookieJar().add(`tp_invite=${invite}`);
    const list = await fetch(new URL(`/journeys/${OLD_JOURNEY}/list`, server.url), {
      redirect: 'manual',
      headers: { cookie: kept.header('/')! },
    });
    expect(list.status).toBe(303);
    expect(list.headers.get('location')).toBe(`/journeys/${newId}/list#moved-from=${OLD_JOURNEY}`);

    // Without access, the old address opens nothing and does not say where it went.
    const stranger = await fetch(new URL(`/journeys/${OLD_JOURNEY}`, server.url), { redirect: 'manual' });
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).not.toContain(newId);
  });

  it('MOVE5: a stock client asking for the old room is closed with the code that says it moved', async () => {
    const newId = storedId(server, 'The Holt family');
    const oldRoom = connect(server, OLD_JOURNEY, invite);
    const closed = new Promise<number>((resolve) =>
      oldRoom.provider.on('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );
    expect(await closed).toBe(CLOSE_CODES.documentMoved);
    oldRoom.destroy();
    // The same invite opens the new room.
    const newRoom = connect(server, newId, invite);
    await synced(newRoom);
    expect(newRoom.doc.getMap('stages').size).toBe(old.journeys.find((j) => j.id === OLD_JOURNEY)!.stages.length);
    newRoom.destroy();
  });

  it('MOVE3: no old id is left in any table, in the database files, the log, exports, /sources or pages', async () => {
    const tocId = storedId(server, old.tocTitle);
    const { cookie } = await signedInStaff(server);
    const evaluator = { authorization: `Bearer ${token(server, tocId, 'evaluator')}` };
    const got = async (path: string, headers: Record<string, string>) => {
      const response = await fetch(new URL(path, server.url), { headers });
      expect(response.status, path).toBe(200);
      return response.text();
    };
    const given = [
      await got(`/api/toc/${tocId}?format=json`, { cookie }),
      await got(`/api/toc/${tocId}?format=json`, evaluator),
      await got(`/api/toc/${tocId}/sources`, { cookie }),
      await got(`/toc/${tocId}/list`, { cookie }),
      await got('/', { cookie }),
      turningPoints(server, 'export', storedId(server, 'The Holt family')),
    ];
    // The evidence came through the move: the team's export still cites all four families.
    const exported = JSON.parse(given[0]!) as { nodes: { evidence: { journeyId: string }[] }[] };
    expect(new Set(exported.nodes.flatMap((n) => n.evidence.map((e) => e.journeyId))).size).toBe(4);
    for (const id of old.oldIds) for (const text of given) expect(holds(text, id), id).toBe(false);
    // Long ids (the slugs) cannot hide by chance inside other text: looked for anywhere.
    const slugs = old.oldIds.filter((id) => id.length >= 10);
    expect(slugs).toContain(OLD_JOURNEY);
    for (const id of slugs) {
      for (const text of given) expect(text.includes(id), id).toBe(false);
      expect(server.output().includes(id), `the log names ${id}`).toBe(false);
    }
    const stored = inStore(server, everythingStored);
    expect(stored.length).toBeGreaterThan(100);
    for (const id of old.oldIds)
      for (const { where, text } of stored) expect(holds(text, id), `${id} in ${where}`).toBe(false);
    await waitFor(
      () =>
        readdirSync(dataDir)
          .filter((name) => name.startsWith('turning-points.sqlite'))
          .every((name) => slugs.every((id) => !readFileSync(join(dataDir, name)).includes(id))),
      10_000,
      'the database files to hold no old id',
    );
  });

  it('MOVE3: the audit log names the new ids and still verifies', () => {
    const newId = storedId(server, 'The Holt family');
    const rows = inStore(server, (db) => db.prepare('SELECT action, doc_id, detail FROM audit_log').all()) as {
      action: string;
      doc_id: string | null;
      detail: string | null;
    }[];
    expect(rows.some((row) => row.action === 'journey.view' && row.doc_id === newId)).toBe(true);
    expect(rows.find((row) => row.action === 'ids.move')?.detail).toMatch(
      /^documents:5;rehashed-from:\d+;head-before:/,
    );
    expect(turningPoints(server, 'audit', 'verify')).toMatch(/^\d+ rows verified from row 1$/m);
  });

  it('runs once: a restart moves nothing again, and the old address still moves people', async () => {
    const newId = storedId(server, 'The Holt family');
    await stopServer(server);
    server = await startServer(dataDir);
    expect(storedId(server, 'The Holt family')).toBe(newId);
    const opened = await openInvite(server, `/journeys/${OLD_JOURNEY}`, invite);
    expect(opened.location).toBe(`/journeys/${newId}#moved-from=${OLD_JOURNEY}`);
  });
});

describe('MOVE6, finding 3 on a fresh store: a file’s ids never reach storage, exports, /sources or the log', () => {
  let server: RunningServer;
  let dataDir: string;
  const file = JSON.parse(readFileSync(join(root, 'journeys/slf-isolated-family.json'), 'utf8')) as {
    id: string;
    stages: { id: string }[];
    costEvents: { id: string }[];
  };
  const words = {
    ...file,
    id: 'chloe-and-the-older-man',
    title: 'Chloe and the older man',
    family: { pseudonym: 'The Ward family', members: [] },
    stages: file.stages.map((s, i) => ({
      ...s,
      id: `s${i}-chloe-ran-away-again`,
      speakerId: undefined,
      when: undefined,
    })),
    links: [],
    factors: [],
    costEvents: [],
  };

  beforeAll(async () => {
    dataDir = tempDataDir();
    server = await startServer(dataDir, { LOG_LEVEL: 'debug' });
  });
  afterAll(async () => {
    if (server) await stopServer(server);
    removeDir(dataDir);
  });

  it('imports under a new id (printed), and nothing given out names the file’s ids', async () => {
    const path = join(dataDir, 'words.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, JSON.stringify(words));
    const printed = turningPoints(server, 'import', path);
    const id = /as (j_[0-9a-z]{16})$/m.exec(printed)![1]!;
    expect(storedId(server, 'The Ward family')).toBe(id);
    const { cookie } = await signedInStaff(server);
    const draft = new URLSearchParams({ title: 'From the examples' });
    for (const name of ['The Holt family', 'The Ashby family', 'The Marsh family', 'The Doyle family'])
      draft.append('journeyIds', storedId(server, name));
    const drafted = await fetch(new URL('/api/toc', server.url), {
      method: 'POST',
      redirect: 'manual',
      body: draft,
      headers: { cookie, origin: new URL(server.url).origin },
    });
    expect(drafted.status).toBe(303);
    const tocId = storedId(server, 'From the examples');
    const given = await Promise.all(
      [`/api/toc/${tocId}?format=json`, `/api/toc/${tocId}/sources`, `/journeys/${id}/list`, '/'].map(async (p) =>
        (await fetch(new URL(p, server.url), { headers: { cookie } })).text(),
      ),
    );
    given.push(turningPoints(server, 'export', id), server.output());
    const example = JSON.parse(readFileSync(join(root, 'journeys/slf-isolated-family.json'), 'utf8')) as {
      id: string;
      stages: { id: string }[];
      costEvents: { id: string }[];
    };
    const fileIds = [
      words.id,
      ...words.stages.map((s) => s.id),
      ...readdirSync(join(root, 'journeys')).map((name) => name.replace(/\.json$/, '')),
      ...example.costEvents.map((c) => c.id).filter((c) => c.length >= 6),
    ];
    for (const text of given) for (const old of fileIds) expect(text.includes(old), old).toBe(false);
    const stored = inStore(server, everythingStored);
    for (const old of [...fileIds, ...example.stages.map((s) => s.id)])
      for (const { where, text } of stored) expect(holds(text, old), `${old} in ${where}`).toBe(false);
  });
});
