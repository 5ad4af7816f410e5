/**
 * Erasure goes through the writer's one queue and leaves no copy behind: `secure_delete` on the
 * writer's connection overwrites the freed pages, and a truncating checkpoint empties the
 * write-ahead log, so a family's words are found neither in the database file nor in its log.
 *
 * Erasing a family through its page (server/SPEC.md ERASE1–ERASE3), against a real server with
 * stock y-websocket clients: a marker typed into its journey is in the database files before and
 * in none after (nor in any export or read model), also when the room still had writes queued;
 * people in the room are told (4410); theories of change stop citing it through their open room;
 * the erased id stays erased (410 pages, 4410 rooms, after a restart too); and every table that
 * names a family or a document is covered by what erasure and the subject-access export declare.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ERASURE_COVERAGE } from '../../server/families/erasure.ts';
import { EXPORT_COVERAGE, type SubjectAccess } from '../../server/families/subject-access.ts';
import { storeJourney } from '../../server/journey-library.ts';
import { DATABASE_FILE, openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { costsDocId, readJourney, setWords, tocMaps, userOrigin } from '../../src/doc/index.ts';
import { smallJourney } from '../fixtures/small-journey.ts';
import { connect, exampleId, signedInStaff, synced, token, useServer, waitFor, type Client } from './harness.ts';
import { inStore } from './visitors.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Whether these bytes are anywhere in the database file, its write-ahead log or its shared-memory index. */
function onDisk(dir: string, needle: string): boolean {
  return filesHolding(dir, needle).length > 0;
}

/** Which of the database's files hold these bytes (free pages included: the whole file is read). */
function filesHolding(dir: string, needle: string): string[] {
  return [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`].filter((name) => {
    const file = join(dir, name);
    return existsSync(file) && readFileSync(file).includes(Buffer.from(needle));
  });
}

/** Columns that name a family or a document (a journey, a theory of change), whatever the table. */
const NAMING_COLUMN = /(^|_)(doc|document|family|journey|toc)_id$|^new_id$|^subject$/;

/** Every table that names a family or a document, with the columns that do (a family's and a document's own `id` too). */
function namingTables(db: DatabaseSync): Map<string, string[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const naming = new Map<string, string[]>();
  for (const { name } of tables) {
    const columns = (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => c.name);
    const named = columns.filter((column) => NAMING_COLUMN.test(column));
    if (name === 'documents' || name === 'families') named.push('id');
    if (named.length > 0) naming.set(name, named);
  }
  return naming;
}

/** How many rows of each naming table name any of these ids. */
function rowsNaming(db: DatabaseSync, ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  const marks = ids.map(() => '?').join(', ');
  for (const [table, columns] of namingTables(db)) {
    const where = columns.map((column) => `${column} IN (${marks})`).join(' OR ');
    const { n } = db
      .prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`)
      .get(...columns.flatMap(() => ids)) as {
      n: number;
    };
    counts.set(table, n);
  }
  return counts;
}

describe('erasure', () => {
  it('STORE9: erase() removes the document, its log and its read model, and no copy of its words stays on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-erase-'));
    dirs.push(dir);
    const store = await openSqliteStore(dir);
    const journey = smallJourney();
    const words = 'Nobody at the school knew what was happening at home';
    await storeJourney(store, journey);
    // Later changes in the log, as a room appends them.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.mergeUpdates((await store.loadLog(journey.id)).updates));
    let seq = (await store.loadLog(journey.id)).lastSeq;
    doc.on('update', (update: Uint8Array) => void store.appendUpdate(journey.id, (seq += 1), update));
    for (let n = 0; n < 5; n++) doc.getText('notes').insert(0, `${words} (${n}). `);
    await store.putReadModel(journey.id, JSON.stringify({ ...journey, title: words }));
    await store.drained();
    expect(onDisk(dir, words)).toBe(true);

    await store.erase(journey.id);
    expect(await store.has(journey.id)).toBe(false);
    expect((await store.loadLog(journey.id)).updates).toEqual([]);
    expect(await store.getReadModel(journey.id)).toBeUndefined();
    expect(onDisk(dir, words)).toBe(false);
    await store.close();
    expect(onDisk(dir, words)).toBe(false);
    doc.destroy();
  });
});

describe('what erasure and the subject-access export cover', () => {
  it('ERASE3: erasure and the export each declare what they do with every table that names a family or a document, and no other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-erase-'));
    dirs.push(dir);
    const store = await openSqliteStore(dir);
    await store.close();
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(join(dir, DATABASE_FILE), { readOnly: true });
    const tables = [...namingTables(db).keys()].sort();
    db.close();
    // A later issue adding such a table fails here until erasure and the export say what they do with it.
    expect(Object.keys(ERASURE_COVERAGE).sort()).toEqual(tables);
    expect(Object.keys(EXPORT_COVERAGE).sort()).toEqual(tables);
    expect(tables).toEqual(
      expect.arrayContaining(['audit_log', 'grants', 'updates', 'read_models', 'consent_decisions']),
    );
  });
});

/** Example journeys, by the ids they are stored under (random: found once the server has loaded them). */
let DOC = '';
let OTHER = '';
const MARKER = 'MARKER-7f3c-nobody-at-school-knew';

describe('erasing a family through its page', () => {
  const server = useServer();
  let cookie: string;
  beforeAll(async () => {
    ({ cookie } = await signedInStaff(server.current, 'facilitator'));
    DOC = exampleId(server.current, 'family-action-single-mother');
    OTHER = exampleId(server.current, 'slf-isolated-family');
  });
  const url = (path: string) => new URL(path, server.current.url);
  const get = (path: string, as = cookie) =>
    fetch(url(path), { redirect: 'manual', headers: as ? { cookie: as } : {} });
  const post = (path: string, fields: Record<string, string | string[]>, as = cookie) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields))
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    return fetch(url(path), {
      method: 'POST',
      redirect: 'manual',
      body: body.toString(),
      headers: { cookie: as, origin: url('/').origin, 'content-type': 'application/x-www-form-urlencoded' },
    });
  };
  const familyOf = (docId: string) =>
    inStore(
      server.current,
      (db) =>
        (db.prepare('SELECT family_id FROM family_documents WHERE doc_id = ?').get(docId) as { family_id: string })
          .family_id,
    );
  /** When the server closed this client's connection and with which code (once it has). */
  const closeOf = (client: Client) => {
    const closed: { code?: number } = {};
    client.provider.on('connection-close', (event: CloseEvent | null) => {
      closed.code ??= event?.code ?? 0;
    });
    return closed;
  };
  /** The journeys a theory of change document cites as evidence, anywhere in it. */
  const citedJourneys = (doc: Y.Doc) => {
    const { nodes, links } = tocMaps(doc);
    const cited = new Set<string>();
    for (const element of [...nodes.values(), ...links.values()]) {
      const evidence = element instanceof Y.Map ? (element as Y.Map<unknown>).get('evidence') : undefined;
      if (evidence instanceof Y.Map) for (const key of evidence.keys()) cited.add(key.split('/')[0]!);
    }
    return cited;
  };

  it('ERASE1, STORE9 (finding 7): a marker typed into the journey is in the files before and in none after, nor in any export or read model, with writes still queued; the room is told 4410; theories of change stop citing it through their open room', async () => {
    const s = server.current;
    const familyId = familyOf(DOC);
    const drafted = await post('/', {
      form: 'draft',
      title: 'How families move on',
      journeyIds: [DOC, OTHER],
      minFamilies: '1',
    });
    expect(drafted.status).toBe(303);
    const tocId = drafted.headers.get('location')!.replace('/toc/', '');
    const tocClient = connect(s, tocId, token(s, tocId, 'participant'));
    await synced(tocClient);
    expect(citedJourneys(tocClient.doc)).toContain(DOC);

    // A family member types into their journey through a stock client; it is stored, read model and all.
    const writer = connect(s, DOC, token(s, DOC, 'participant'), { ack: true });
    const writerClosed = closeOf(writer);
    await synced(writer);
    const stageId = readJourney(writer.doc).journey.stages[0]!.id;
    const origin = userOrigin('family-tablet');
    setWords(writer.doc, stageId, `${MARKER}: the first time I said it out loud.`, origin);
    const readModelHolds = () =>
      inStore(s, (db) =>
        (db.prepare('SELECT json FROM read_models WHERE doc_id = ?').get(DOC) as { json: string }).json.includes(
          MARKER,
        ),
      );
    await waitFor(readModelHolds, 10_000, 'the read model to hold the marker');
    // A version kept through its page holds the marker too (issue 17): it must go with the journey.
    const kept = await post(`/journeys/${DOC}/versions`, { name: 'after session 1' });
    expect(kept.status).toBe(303);
    expect(inStore(s, (db) => db.prepare('SELECT count(*) AS n FROM versions WHERE doc_id = ?').get(DOC))).toEqual({
      n: 1,
    });
    // Copied into the database file itself (as SQLite does from time to time), so erasing must clear its pages there too.
    inStore(s, (db) => db.exec('PRAGMA wal_checkpoint(TRUNCATE)'));
    expect(filesHolding(s.dataDir, MARKER)).toContain(DATABASE_FILE);
    // COSTS1: its cost events are in its costs companion, which goes with it.
    const COST_NOTE = 'Police-attended domestic incidents at the previous address';
    expect(filesHolding(s.dataDir, COST_NOTE)).toContain(DATABASE_FILE);

    // Before: the subject-access export holds it, and covers every table that holds the family's rows.
    const exported = await get(`/families/${familyId}/export.json`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe(`attachment; filename="family-${familyId}.json"`);
    const held = (await exported.json()) as SubjectAccess;
    expect(JSON.stringify(held)).toContain(MARKER);
    expect(JSON.stringify(held)).not.toMatch(/\.[A-Za-z0-9_-]{20,}/); // no token (`<id>.<hmac>`)
    const before = inStore(s, (db) => rowsNaming(db, [familyId, DOC]));
    for (const [table, rows] of before) {
      const part = EXPORT_COVERAGE[table as keyof typeof EXPORT_COVERAGE];
      if (rows === 0 || part.startsWith('nothing')) continue;
      const value = held[part as keyof SubjectAccess];
      expect(Array.isArray(value) ? value.length : Object.keys(value).length, `${table} → ${part}`).toBeGreaterThan(0);
    }
    expect(held.grants.length).toBeGreaterThan(0);
    expect(held.cohorts.map((c) => c.tocId)).toEqual([tocId]);

    // The erase page says what will go.
    const page = await (await get(`/families/${familyId}/erase`)).text();
    expect(page).toContain('One mum, four children and five months of intensive family support');
    expect(page).toMatch(/Their evidence in 1 theory of change/);
    expect(page).toMatch(/1 person has their journeys open now/);

    // More typing, and the erasure at once: the room still has writes on their way.
    setWords(writer.doc, stageId, `${MARKER}: and again, just before the end.`, origin);
    const erased = await post(`/families/${familyId}/erase`, { asked: 'yes' });
    expect(erased.status).toBe(303);
    expect(erased.headers.get('location')).toBe('/families');

    await waitFor(() => writerClosed.code !== undefined, 5000, 'the writer to be told');
    expect(writerClosed.code).toBe(4410);
    // The open theory of change was changed through its room: its people have it already.
    await waitFor(() => !citedJourneys(tocClient.doc).has(DOC), 5000, 'the toc room to drop the evidence');
    expect(citedJourneys(tocClient.doc)).toContain(OTHER);

    // Nothing of it is left in the database, its write-ahead log or its index, free pages included.
    expect(filesHolding(s.dataDir, MARKER)).toEqual([]);
    expect(filesHolding(s.dataDir, COST_NOTE)).toEqual([]);
    expect(inStore(s, (db) => db.prepare('SELECT id FROM documents WHERE id = ?').all(costsDocId(DOC)))).toEqual([]);
    const after = inStore(s, (db) => rowsNaming(db, [familyId, DOC]));
    for (const [table, rows] of after) {
      const kept = ERASURE_COVERAGE[table as keyof typeof ERASURE_COVERAGE] === 'keep-without-content';
      if (!kept) expect(rows, table).toBe(0);
    }
    expect(after.get('erased_documents')).toBe(1);
    // Nor in any export or read model left: the theory of change's, in every format.
    for (const format of ['json', 'md', 'csv']) {
      const body = await (await get(`/api/toc/${tocId}?format=${format}`)).text();
      expect(body).not.toContain(MARKER);
      expect(body).not.toContain(DOC);
    }
    const readModels = inStore(s, (db) => db.prepare('SELECT json FROM read_models').all() as { json: string }[]);
    expect(readModels.filter((r) => r.json.includes(DOC) || r.json.includes(MARKER))).toEqual([]);
    expect((await get(`/families/${familyId}/export.json`)).status).toBe(404);
    const audit = inStore(s, (db) => db.prepare("SELECT * FROM audit_log WHERE action = 'family.erase'").all()) as {
      outcome: string;
      subject: string;
      detail: string;
    }[];
    expect(audit.map((r) => [r.outcome, r.subject, r.detail])).toEqual([['ok', familyId, 'documents:1']]);
    writer.destroy();
    tocClient.destroy();
  });

  it('ERASE2: an erased journey stays erased: its pages answer 410 (and wipe the device copy), its room refuses everyone with 4410, after a restart too', async () => {
    const check = async () => {
      const s = server.current;
      for (const path of [`/journeys/${DOC}`, `/journeys/${DOC}/list`, `/journeys/${DOC}/costs`]) {
        const anyone = await get(path, '');
        expect(anyone.status, path).toBe(410);
        const html = await anyone.text();
        expect(html).toContain('This journey was erased');
        expect(html).toContain(`data-erased-document="${DOC}"`);
        expect((await get(path)).status, `${path} as staff`).toBe(410);
      }
      expect((await get(`/journeys/${DOC}/invite`)).status).toBe(410);
      // A device coming back with its copy (and its old link) is told to wipe it, before anything else.
      const device = connect(s, DOC, 'old.link');
      const closed = closeOf(device);
      await waitFor(() => closed.code !== undefined, 5000, 'the refusal');
      expect(closed.code).toBe(4410);
      expect(device.doc.share.size).toBe(0);
      device.destroy();
    };
    await check();
    await server.restart();
    await check();
  });

  it('ERASE1, ERASE4: the erase page and the subject-access export are for staff of the family’s project only, and the page asks before it erases', async () => {
    const familyId = familyOf(OTHER);
    expect((await get(`/families/${familyId}/erase`, '')).status).toBe(401);
    const { cookie: elsewhere } = await signedInStaff(server.current, 'facilitator', 'Another project');
    expect((await get(`/families/${familyId}/erase`, elsewhere)).status).toBe(403);
    expect((await post(`/families/${familyId}/erase`, { asked: 'yes' }, elsewhere)).status).toBe(403);
    expect((await get(`/families/${familyId}/export`, elsewhere)).status).toBe(403);
    expect((await get(`/families/${familyId}/export.json`, elsewhere)).status).toBe(403);
    const unticked = await post(`/families/${familyId}/erase`, {});
    expect(unticked.status).toBe(400);
    const html = await unticked.text();
    expect(html).toContain('There is a problem');
    expect(html).toContain('href="#asked"');
    expect(html).toContain('Tick the box to say the family asked for this');
    expect(familyOf(OTHER)).toBe(familyId);
    const printable = await get(`/families/${familyId}/export`);
    expect(printable.status).toBe(200);
    expect(await printable.text()).toContain('What we hold about');
  });
});
