/**
 * A process that would look healthy but fail everyone is stopped at its start, naming the
 * setting to fix (server/SPEC.md CLUSTER7): a SECRET that is not the other processes', an
 * INTERNAL_URL nobody can reach it at, a database user who may not create the tables. None of
 * them hangs.
 */
import { createServer } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startServer, tempDataDir } from '../harness.ts';
import { startCluster, type TestCluster } from './cluster-harness.ts';

let cluster: TestCluster | undefined;
const dirs: string[] = [];

afterAll(async () => {
  await cluster?.close();
  for (const dir of dirs) removeDir(dir);
});

/** Start a process expected to stop: what it said. */
async function refusedStart(env: Record<string, string>): Promise<string> {
  const dir = tempDataDir();
  dirs.push(dir);
  const started = startServer(dir, env);
  const error = await started.then(
    (server) => {
      server.child.kill('SIGKILL');
      throw new Error(`the process started:\n${server.output()}`);
    },
    (refusal: unknown) => (refusal as Error).message,
  );
  return error;
}

describe('joining the other processes', () => {
  it('CLUSTER7: a process with another SECRET stops, naming SECRET', async () => {
    cluster = await startCluster(1);
    const said = await refusedStart({
      DATABASE_URL: cluster.databaseUrl,
      SECRET: 'a-different-secret-that-is-long-enough-0123456789',
    });
    expect(said).toMatch(/exited with 1/);
    expect(said).toMatch(/SECRET is not the one the other processes running on this database use/);
  });

  it('CLUSTER7: a process whose INTERNAL_URL reaches nothing stops, naming INTERNAL_URL', async () => {
    // A port nothing listens on: taken from the system, then let go.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const said = await refusedStart({
      DATABASE_URL: (cluster as TestCluster).databaseUrl,
      INTERNAL_URL: `http://127.0.0.1:${port}/`,
    });
    expect(said).toContain(`INTERNAL_URL http://127.0.0.1:${port}/ does not reach this process (ECONNREFUSED)`);
  });

  it('STORE8: a database user who may not create tables gets one line saying so, at once, with no password shown', async () => {
    const url = new URL((cluster as TestCluster).databaseUrl);
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    await admin.query(`CREATE ROLE visitor LOGIN PASSWORD 'p#ss/w@rd'`);
    await admin.end();
    // PostgreSQL 15: only a database's owner may create tables in its public schema.
    url.username = 'visitor';
    const withPassword = url.toString().replace('visitor@', 'visitor:p%23ss%2Fw%40rd@');
    const started = Date.now();
    const said = await refusedStart({ DATABASE_URL: withPassword });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(said).toMatch(/permission denied for schema public/);
    expect(said).toMatch(/may create tables in the database/);
    expect(said).not.toMatch(/p%23ss|p#ss/);
  });
});
