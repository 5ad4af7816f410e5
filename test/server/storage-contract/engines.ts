/**
 * The storage contract's engines: every file under storage-contract/ runs the same tests against
 * each implementation of the storage interface (server/storage/document-store.ts), through the
 * interface only, so that a test passing on one and failing on the other is a difference between
 * the engines. SQLite in a temporary data folder; PostgreSQL in a fresh database of its own on the
 * run's throwaway server (test/postgres/), one per file.
 *
 * Opening a store is the slow part (a writer thread and its schema; a database and its schema),
 * so each file opens one per engine and its tests share it: each test makes ids of its own
 * (`unique`), and a test about what the whole store holds (the audit log, the admins) reads what
 * its own writes changed.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_PROJECT_SETTINGS } from '../../../server/auth/projects.ts';
import type { DocumentKind, DocumentStore } from '../../../server/storage/document-store.ts';
import { openPgStore } from '../../../server/storage/pg-store.ts';
import { openSqliteStore } from '../../../server/storage/sqlite-store.ts';
import { freshDatabase } from '../../postgres/databases.ts';
import { removeDir, tempDataDir } from '../harness.ts';

/** A store of one engine, and another store on the same data, as a second process opens it. */
export interface OpenedStore {
  store: DocumentStore;
  another(): Promise<DocumentStore>;
  /** Close the stores (those still open) and remove what they stored. */
  dispose(): Promise<void>;
}

export interface Engine {
  name: string;
  open(): Promise<OpenedStore>;
}

/**
 * A store and those opened again on its data: each closed once (by its test, or at the end),
 * then what they stored removed.
 */
function opened(first: DocumentStore, openAgain: () => Promise<DocumentStore>, remove: () => void): OpenedStore {
  const closes: (() => Promise<void>)[] = [];
  const once = (store: DocumentStore) => {
    let closing: Promise<void> | undefined;
    const close = store.close.bind(store);
    store.close = () => (closing ??= close());
    closes.push(() => store.close());
    return store;
  };
  return {
    store: once(first),
    another: async () => once(await openAgain()),
    dispose: async () => {
      for (const close of closes.reverse()) await close();
      remove();
    },
  };
}

export const ENGINES: readonly Engine[] = [
  {
    name: 'SQLite',
    open: async () => {
      const dir = tempDataDir();
      return opened(
        await openSqliteStore(dir),
        () => openSqliteStore(dir),
        () => removeDir(dir),
      );
    },
  },
  {
    name: 'PostgreSQL',
    open: async () => {
      const url = await freshDatabase(inject('postgresUrl'));
      // The database goes with the throwaway server at the end of the run.
      return opened(
        await openPgStore(url),
        () => openPgStore(url),
        () => undefined,
      );
    },
  },
];

/**
 * The engine's store for the tests of one `describe.each` block: opened before its first test,
 * closed and removed after its last. `another()` opens a second store on the same data, as a
 * second process would (closed with the first, if its test has not closed it).
 */
export function useStore(engine: Engine): { readonly store: DocumentStore; another(): Promise<DocumentStore> } {
  let main: OpenedStore | undefined;
  const ready = () => {
    if (!main) throw new Error('the store is not open yet');
    return main;
  };
  beforeAll(async () => {
    main = await engine.open();
  });
  afterAll(async () => {
    await main?.dispose();
  });
  return {
    get store() {
      return ready().store;
    },
    another: () => ready().another(),
  };
}

let counter = 0;
/** An id no other test of the file uses, so tests sharing a store never meet. */
export const unique = (prefix: string) =>
  `${prefix}_${(counter += 1).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

export const AT = '2026-12-05T10:00:00.000Z';

/** A wait long enough that the next timestamp taken (ISO, to the millisecond) is later. */
export const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 3));

/** A document's whole state as one real Yjs update, with some text in it. */
export function yUpdate(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, text);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** Store a document of this kind with some text; its read model names its id. */
export async function storeDocument(store: DocumentStore, kind: DocumentKind = 'journey', docId = unique('doc')) {
  const created = await store.create({
    docId,
    kind,
    update: yUpdate(`the first words of ${docId}`),
    readModel: JSON.stringify({ id: docId }),
  });
  if (!created) throw new Error(`${docId} was already stored`);
  return docId;
}

/** A project of its own for a test: families, cohorts and sets name one. */
export async function storeProject(store: DocumentStore, id = unique('pr')) {
  await store.access.putProject({ id, name: `Project ${id}`, settings: DEFAULT_PROJECT_SETTINGS, createdAt: AT });
  return id;
}

/** A family in this project. */
export async function storeFamily(
  store: DocumentStore,
  projectId: string,
  id = unique('fa'),
  pseudonym = `Family ${id}`,
) {
  await store.families.addFamily({ id, projectId, pseudonym, createdAt: AT, createdBy: 'cli' });
  return id;
}

/** A Yjs document's state, compared by what it says and by what it has seen. */
export function stateOf(updates: readonly Uint8Array[]) {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  const state = { text: doc.getText('notes').toString(), vector: Array.from(Y.encodeStateVector(doc)) };
  doc.destroy();
  return state;
}
