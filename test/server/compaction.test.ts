/**
 * STORE2: the update log is compacted (in the background after 500 appended updates, and when a
 * room closes) without losing an update. Checked through stock clients against a real server and
 * by reading its SQLite store in-process, plus a unit test of `DocumentStore.compact`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { storeJourney } from '../../server/journey-library.ts';
import { loadDocument } from '../../server/storage/load-document.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { editStage, readJourney, setWords, userOrigin } from '../../src/doc/index.ts';
import { parseJourneyText } from '../../src/migrations/journey-file.ts';
import type { StageId } from '../../src/model/index.ts';
import { decodeStateVector, isStored } from '../../src/protocol/index.ts';
import {
  connect,
  removeDir,
  root,
  startServer,
  stopServer,
  synced,
  tempDataDir,
  token,
  waitFor,
  type Client,
  type RunningServer,
  exampleId,
} from './harness.ts';

/** The server's background threshold (server/main.ts, SPEC STORE2). */
const COMPACT_AFTER = 500;

const dirs: string[] = [];
let servers: RunningServer[] = [];
let clients: Client[] = [];
let stores: DocumentStore[] = [];

afterEach(async () => {
  for (const client of clients) client.destroy();
  for (const store of stores) await store.close();
  for (const server of servers) await stopServer(server);
  clients = [];
  stores = [];
  servers = [];
});
afterAll(() => {
  for (const dir of dirs) removeDir(dir);
});

function newDataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string): Promise<RunningServer> {
  const server = await startServer(dataDir);
  servers.push(server);
  return server;
}

async function openStore(dataDir: string): Promise<DocumentStore> {
  const store = await openSqliteStore(dataDir);
  stores.push(store);
  return store;
}

async function closeStore(store: DocumentStore): Promise<void> {
  await store.close();
  stores = stores.filter((s) => s !== store);
}

const clocks = (doc: Y.Doc) => [...decodeStateVector(Y.encodeStateVector(doc)).entries()].sort(([a], [b]) => a - b);

function writer(server: RunningServer, docId: string): Client {
  const client = connect(server, docId, token(server, docId, 'participant'), { ack: true });
  clients.push(client);
  return client;
}

/** Each client makes `edits` changes at a steady pace (titles and words, its own origin). */
async function edit(editors: Client[], edits: number, stageIds: StageId[]): Promise<void> {
  await Promise.all(
    editors.map(async (client, index) => {
      const origin = userOrigin(`compaction-${index}`);
      for (let n = 0; n < edits; n++) {
        const stage = stageIds[(n + index) % stageIds.length]!;
        if (n % 2 === 0) editStage(client.doc, stage, { title: `Title ${index}.${n}` }, origin);
        else setWords(client.doc, stage, `Words ${index}.${n}: what happened then.`, origin);
        await new Promise((resolve) => setTimeout(resolve, 4));
      }
    }),
  );
}

/** Every client's own changes acknowledged as stored, and all clients holding the same state. */
async function settled(editors: Client[]): Promise<void> {
  for (const client of editors) {
    const own = new Map([
      [client.doc.clientID, decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID)!],
    ]);
    await waitFor(() => isStored(client.stored, own), 10_000, 'every change acknowledged');
  }
  await waitFor(
    () => editors.every((c) => JSON.stringify(clocks(c.doc)) === JSON.stringify(clocks(editors[0]!.doc))),
    10_000,
    'clients to converge',
  );
}

async function freshCopy(server: RunningServer, docId: string): Promise<Y.Doc> {
  const viewer = connect(server, docId, token(server, docId, 'viewer'));
  clients.push(viewer);
  await synced(viewer);
  return viewer.doc;
}

describe('STORE2 compaction through a real server', () => {
  it('STORE2 STORE7: past 500 updates the log is compacted in the background, SIGTERM compacts the rest, and nothing is lost', async () => {
    const dataDir = newDataDir();
    const server = await start(dataDir);
    const DOC = exampleId(server, 'slf-isolated-family');
    const editors = [0, 1, 2, 3].map(() => writer(server, DOC));
    await Promise.all(editors.map(synced));
    const stageIds = readJourney(editors[0]!.doc).journey.stages.map((s) => s.id);

    const perClient = 150;
    const appended = editors.length * perClient;
    expect(appended).toBeGreaterThan(COMPACT_AFTER);
    await edit(editors, perClient, stageIds);
    await settled(editors);
    const expected = readJourney(editors[0]!.doc).journey;
    const expectedClocks = clocks(editors[0]!.doc);

    // While the server runs (SQLite in WAL lets us read beside it): the background compaction happened.
    let store = await openStore(dataDir);
    const rowsWhileRunning = await store.countUpdates(DOC);
    expect(rowsWhileRunning).toBeLessThanOrEqual(1 + appended - COMPACT_AFTER);
    expect(rowsWhileRunning).toBeGreaterThan(1);
    const running = (await loadDocument(store, DOC, 'journey'))!;
    expect(clocks(running)).toEqual(expectedClocks);
    expect(readJourney(running).journey).toEqual(expected);
    running.destroy();
    await closeStore(store);

    // SIGTERM closes the room, which compacts what is left into one snapshot.
    expect(await stopServer(server)).toBe(0);
    for (const client of editors) client.provider.destroy();
    store = await openStore(dataDir);
    expect(await store.countUpdates(DOC)).toBe(1);
    const compacted = (await loadDocument(store, DOC, 'journey'))!;
    expect(clocks(compacted)).toEqual(expectedClocks);
    expect(readJourney(compacted).journey).toEqual(expected);
    expect(JSON.parse((await store.getReadModel(DOC))!.json)).toEqual(JSON.parse(JSON.stringify(expected)));
    compacted.destroy();
    await closeStore(store);

    // A restarted server serves the same document from the compacted log.
    const restarted = await start(dataDir);
    const copy = await freshCopy(restarted, DOC);
    expect(clocks(copy)).toEqual(expectedClocks);
    expect(readJourney(copy).journey).toEqual(expected);
  });

  it('STORE2: when a room closes (the last person leaves) its log is compacted, and it reopens the same', async () => {
    const dataDir = newDataDir();
    const server = await start(dataDir);
    const DOC = exampleId(server, 'slf-disengaged-young-people');
    const editors = [writer(server, DOC), writer(server, DOC)];
    await Promise.all(editors.map(synced));
    const stageIds = readJourney(editors[0]!.doc).journey.stages.map((s) => s.id);
    await edit(editors, 30, stageIds);
    await settled(editors);
    const expected = readJourney(editors[0]!.doc).journey;
    const expectedClocks = clocks(editors[0]!.doc);

    const store = await openStore(dataDir);
    expect(await store.countUpdates(DOC)).toBe(1 + 60);
    for (const client of editors) client.destroy();
    clients = clients.filter((c) => !editors.includes(c));
    await waitFor(async () => (await store.countUpdates(DOC)) === 1, 5000, 'the closed room to be compacted');
    const compacted = (await loadDocument(store, DOC, 'journey'))!;
    expect(clocks(compacted)).toEqual(expectedClocks);
    expect(readJourney(compacted).journey).toEqual(expected);
    compacted.destroy();

    const copy = await freshCopy(server, DOC);
    expect(clocks(copy)).toEqual(expectedClocks);
    expect(readJourney(copy).journey).toEqual(expected);
  });
});

describe('STORE2 compaction in the store', () => {
  it('STORE2: compact(docId, snapshot, throughSeq) replaces rows up to throughSeq; later rows stay untouched', async () => {
    const dataDir = newDataDir();
    const store = await openStore(dataDir);
    const parsed = parseJourneyText(readFileSync(join(root, 'journeys/slf-isolated-family.json'), 'utf8'));
    if (!parsed.ok) throw new Error('the example journey does not parse');
    const DOC = parsed.journey.id;
    expect(await storeJourney(store, parsed.journey)).toBe(true);

    // The live doc appends each change, numbered as a room numbers them.
    const doc = (await loadDocument(store, DOC, 'journey'))!;
    let lastSeq = (await store.loadLog(DOC)).lastSeq;
    doc.on('update', (update: Uint8Array) => void store.appendUpdate(DOC, (lastSeq += 1), update));
    const stageIds = readJourney(doc).journey.stages.map((s) => s.id);
    const origin = userOrigin('unit');
    for (let n = 0; n < 10; n++) setWords(doc, stageIds[n % stageIds.length]!, `Words, version ${n}.`, origin);
    await store.drained();
    expect(await store.countUpdates(DOC)).toBe(11);
    const { updates: rows, lastSeq: storedSeq } = await store.loadLog(DOC);
    expect(storedSeq).toBe(11);

    // A snapshot of rows 1..7, as compaction would write it.
    const throughSeq = 7;
    const covered = new Y.Doc();
    Y.applyUpdate(covered, Y.mergeUpdates(rows.slice(0, throughSeq)));
    const snapshot = Y.encodeStateAsUpdate(covered);
    await store.compact(DOC, snapshot, throughSeq);

    expect(await store.countUpdates(DOC)).toBe(1 + (11 - throughSeq));
    const { updates: after, lastSeq: afterSeq } = await store.loadLog(DOC);
    expect(afterSeq).toBe(11);
    expect(Buffer.from(after[0]!)).toEqual(Buffer.from(snapshot));
    expect(after.slice(1).map((u) => Buffer.from(u))).toEqual(rows.slice(throughSeq).map((u) => Buffer.from(u)));

    const loaded = (await loadDocument(store, DOC, 'journey'))!;
    expect(clocks(loaded)).toEqual(clocks(doc));
    expect(readJourney(loaded).journey).toEqual(readJourney(doc).journey);
    loaded.destroy();

    // Appending goes on after the compacted rows, and a reopened store reads the same.
    setWords(doc, stageIds[0]!, 'Words after compaction.', origin);
    await store.drained();
    expect((await store.loadLog(DOC)).lastSeq).toBe(12);
    await closeStore(store);
    const reopened = await openStore(dataDir);
    expect(await reopened.countUpdates(DOC)).toBe(1 + (12 - throughSeq));
    const reloaded = (await loadDocument(reopened, DOC, 'journey'))!;
    expect(clocks(reloaded)).toEqual(clocks(doc));
    expect(readJourney(reloaded).journey.stages[0]!.words).toBe('Words after compaction.');
    reloaded.destroy();
    doc.destroy();
    covered.destroy();
  });
});
