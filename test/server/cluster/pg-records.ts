/**
 * What tests record in, and read from, the PostgreSQL database a cluster's processes share, as
 * harness.ts and visitors.ts do in one server's SQLite: projects by name, staff in any project,
 * grants of every kind, the synthetic cohort; and `turning-points` run on that database, as an
 * admin beside the processes runs it (DATABASE_URL and the processes' SECRET).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hashPassword } from '../../../server/auth/passwords.ts';
import { grantToken, newId, type Role } from '../../../server/auth/tokens.ts';
import type { StaffRole } from '../../../server/storage/access-records.ts';
import { COMPILE_CACHE_ENV } from '../../compile-cache.ts';
import { root, SECRET, type StaffAccount } from '../harness.ts';
import type { TestCluster } from './cluster-harness.ts';

/** The id of a project, by name (made when there is none); the default project (the first) when none is named. */
async function projectNamed(cluster: TestCluster, name?: string): Promise<string> {
  const [found] =
    name === undefined
      ? await cluster.query<{ id: string }>('SELECT id FROM projects ORDER BY created_at, id LIMIT 1')
      : await cluster.query<{ id: string }>('SELECT id FROM projects WHERE name = $1', [name]);
  if (found) return found.id;
  const id = newId();
  await cluster.query('INSERT INTO projects (id, name, settings, created_at) VALUES ($1, $2, $3, $4)', [
    id,
    name ?? 'Family journeys',
    JSON.stringify({ consentScopes: [], retentionMonths: 24 }),
    new Date().toISOString(),
  ]);
  return id;
}

/** A staff account with a password, in a project (the default one unless named) with this role, as an admin's enrolment leaves it. */
export async function pgStaffAccount(
  cluster: TestCluster,
  role: StaffRole = 'facilitator',
  project?: string,
): Promise<StaffAccount> {
  const id = newId();
  const email = `${role}-${id.toLowerCase()}@example.org`;
  const password = `correct horse battery ${id}`;
  const projectId = await projectNamed(cluster, project);
  await cluster.query('INSERT INTO staff (id, name, email, created_at, password_hash) VALUES ($1, $2, $3, $4, $5)', [
    id,
    `Test ${role} ${id.slice(0, 4)}`,
    email,
    new Date().toISOString(),
    await hashPassword(password),
  ]);
  await cluster.query('INSERT INTO memberships (staff_id, project_id, role) VALUES ($1, $2, $3)', [
    id,
    projectId,
    role,
  ]);
  return { id, email, password, projectId };
}

/** A new grant recorded as `turning-points token` records one (an invite; an evaluator token for `evaluator`): its token. */
export async function pgToken(cluster: TestCluster, doc: string, role: Role, secondsLeft = 3600): Promise<string> {
  const id = newId();
  const now = Date.now();
  await cluster.query(
    `INSERT INTO grants (id, kind, doc_id, role, staff_id, created_by, created_at, expires_at)
     VALUES ($1, $2, $3, $4, NULL, 'test', $5, $6)`,
    [
      id,
      role === 'evaluator' ? 'evaluator' : 'invite',
      doc,
      role,
      new Date(now).toISOString(),
      new Date(now + secondsLeft * 1000).toISOString(),
    ],
  );
  return grantToken(Buffer.from(SECRET), id);
}

/** The default project's synthetic cohort (the examples' synthetic families). */
export async function syntheticCohort(cluster: TestCluster): Promise<string> {
  const [cohort] = await cluster.query<{ id: string }>('SELECT id FROM cohorts WHERE synthetic = 1');
  if (!cohort) throw new Error('no synthetic cohort yet');
  return cohort.id;
}

const execute = promisify(execFile);

/** The data folder the command line is given on the cluster's database: beside the first process's, never made. */
export const unusedDataDir = (cluster: TestCluster): string => `${cluster.nodes[0]!.dataDir}-cli`;

/**
 * Run `npx turning-points <args>` on the cluster's database while its processes run, without
 * holding up the test's own clients meanwhile: its exit code and what it printed. DATA_DIR names
 * a folder that is never made (on PostgreSQL nothing of the command's belongs there); `env`
 * adds to or replaces DATABASE_URL and SECRET.
 */
export async function cliOnDatabase(
  cluster: TestCluster,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [join(root, 'server/cli.ts'), ...args], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: unusedDataDir(cluster),
        DATABASE_URL: cluster.databaseUrl,
        SECRET,
        ...COMPILE_CACHE_ENV,
        ...env,
      },
      encoding: 'utf8',
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof code !== 'number') throw error;
    return { code, stdout: stdout ?? '', stderr: stderr ?? '' };
  }
}

/** `npx turning-points <args>` on the cluster's database, as an admin beside its processes runs it: its output. A failing command fails the test with what it said. */
export async function clusterCli(cluster: TestCluster, ...args: string[]): Promise<string> {
  const ran = await cliOnDatabase(cluster, args);
  if (ran.code !== 0) throw new Error(`turning-points ${args.join(' ')} exited ${ran.code}: ${ran.stderr}`);
  return ran.stdout;
}
