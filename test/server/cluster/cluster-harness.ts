/**
 * Two or more server processes sharing one real PostgreSQL database (the run's throwaway one,
 * test/postgres/), each on its own port and data folder (what tests record in that database is
 * in pg-records.ts). Clients reach each process directly, or through a
 * `Balancer` standing in for the proxy in front of them.
 */
import { inject } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshDatabase } from '../../postgres/databases.ts';
import {
  removeDir,
  root,
  signIn,
  startServer,
  tempDataDir,
  type RunningServer,
  type StaffAccount,
} from '../harness.ts';

export interface Node extends RunningServer {
  port: number;
}

export interface TestCluster {
  databaseUrl: string;
  nodes: Node[];
  /** Start one more process on the same database (a replacement for one killed). */
  add(env?: Record<string, string>): Promise<Node>;
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function startCluster(count: number, env: Record<string, string> = {}): Promise<TestCluster> {
  const databaseUrl = await freshDatabase(inject('postgresUrl'));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const dirs: string[] = [];
  const nodes: Node[] = [];
  const add = async (more: Record<string, string> = {}) => {
    const dir = tempDataDir();
    dirs.push(dir);
    const server = await startServer(dir, { DATABASE_URL: databaseUrl, ...env, ...more });
    const node = { ...server, port: Number(new URL(server.url).port) };
    nodes.push(node);
    return node;
  };
  // One first, so that one process loads the examples while the others wait on a warm database.
  await add();
  await Promise.all(Array.from({ length: count - 1 }, () => add()));
  return {
    databaseUrl,
    nodes,
    add,
    query: async (text, values) => (await pool.query(text, values)).rows,
    close: async () => {
      for (const node of nodes)
        if (node.child.exitCode === null && node.child.signalCode === null) node.child.kill('SIGKILL');
      await pool.end();
      for (const dir of dirs) removeDir(dir);
    },
  };
}

/** The id an example journey is stored under (by its title). */
export async function exampleDoc(cluster: TestCluster, file: string): Promise<string> {
  const { title } = JSON.parse(readFileSync(join(root, 'journeys', `${file}.json`), 'utf8')) as { title: string };
  const rows = await cluster.query<{ doc_id: string; json: string }>('SELECT doc_id, json FROM read_models');
  const found = rows.filter((row) => (JSON.parse(row.json) as { title?: string }).title === title);
  if (found.length !== 1) throw new Error(`${found.length} documents are called "${title}"`);
  return found[0]!.doc_id;
}

/** Which process owns the room now, by port (undefined when no one does). */
export async function ownerPort(cluster: TestCluster, docId: string): Promise<number | undefined> {
  const rows = await cluster.query<{ internal_url: string }>(
    `SELECT n.internal_url FROM room_leases l JOIN nodes n ON n.id = l.node_id WHERE l.doc_id = $1`,
    [docId],
  );
  return rows[0] ? Number(new URL(rows[0].internal_url).port) : undefined;
}

/** The document as PostgreSQL holds it: its stored log applied in order. */
export async function storedDoc(cluster: TestCluster, docId: string): Promise<Y.Doc> {
  const rows = await cluster.query<{ data: Buffer }>('SELECT data FROM updates WHERE doc_id = $1 ORDER BY seq', [
    docId,
  ]);
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
  return doc;
}

/** A staff member signed in at this process through the real sign-in form: the session cookie. */
export async function clusterSignIn(node: Node, account: StaffAccount): Promise<string> {
  return signIn(node, account);
}

/** The family a journey belongs to. */
export async function familyOfJourney(cluster: TestCluster, journeyId: string): Promise<string> {
  const rows = await cluster.query<{ family_id: string }>('SELECT family_id FROM family_documents WHERE doc_id = $1', [
    journeyId,
  ]);
  if (!rows[0]) throw new Error(`journey ${journeyId} has no family`);
  return rows[0].family_id;
}
