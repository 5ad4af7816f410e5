/**
 * A throwaway PostgreSQL for the tests: its own data folder under the system's temporary folder,
 * listening on 127.0.0.1 only, on a free port, trusting every local connection. Started once per
 * test run by the global setup and removed, folder and all, when the run ends.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { appendFile, chmod, chown, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ThrowawayPostgres {
  /** Connects as the superuser `tp` to the `postgres` database. */
  url: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'tp';
const PREFERRED_BIN = '/usr/lib/postgresql/15/bin';
const INSTALL_HINT =
  'PostgreSQL is missing: the tests start their own server from its binaries (initdb, pg_ctl, postgres). ' +
  'Install them with `apt-get install postgresql-15` (.ci/run installs it on CI).';
/** PostgreSQL refuses to run as root, so when the tests are root its commands run as this user. */
const UNPRIVILEGED_USER = 'postgres';
const LOG_TAIL_LINES = 40;

function hasServerBinaries(bin: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((name) => existsSync(join(bin, name)));
}

/** Where to look: Debian's folders, and the `pg_config` to ask (replaced in the test of the missing case). */
export interface Places {
  preferred: string;
  debianRoot: string;
  pgConfig: string;
}

const DEBIAN: Places = { preferred: PREFERRED_BIN, debianRoot: '/usr/lib/postgresql', pgConfig: 'pg_config' };

/** Debian's folder for version 15, else its newest version, else whatever `pg_config` reports. */
export function findBinaries(places: Places = DEBIAN): string {
  if (hasServerBinaries(places.preferred)) return places.preferred;
  const { debianRoot } = places;
  const versions = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  for (const version of versions) {
    const bin = join(debianRoot, String(version), 'bin');
    if (hasServerBinaries(bin)) return bin;
  }
  const pgConfig = spawnSync(places.pgConfig, ['--bindir'], { encoding: 'utf8' });
  const reported = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  if (reported !== '' && hasServerBinaries(reported)) return reported;
  throw new Error(INSTALL_HINT);
}

const runningAsRoot = process.getuid?.() === 0;

/** A command line that runs as the unprivileged user when we are root. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return runningAsRoot ? ['runuser', ['-u', UNPRIVILEGED_USER, '--', command, ...args]] : [command, args];
}

/** The environment without PG* variables, so a developer's own PGHOST or PGPORT cannot redirect the tools. */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('PG')));
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  const [file, fullArgs] = asServerUser(command, args);
  return new Promise((resolve, reject) => {
    // cwd is our own folder: the unprivileged user may not be allowed into the caller's.
    execFile(file, fullArgs, { cwd, env: cleanEnvironment(), encoding: 'utf8' }, (error, stdout, stderr) => {
      const commandLine = [file, ...fullArgs].join(' ');
      if (error) reject(new Error(`${commandLine} exited with ${error.code ?? error.signal}:\n${stdout}${stderr}`));
      else resolve(stdout + stderr);
    });
  });
}

function serverUserIds(): { uid: number; gid: number } {
  const ids = (flag: string) => Number(spawnSync('id', [flag, UNPRIVILEGED_USER], { encoding: 'utf8' }).stdout.trim());
  const uid = ids('-u');
  const gid = ids('-g');
  if (!Number.isInteger(uid) || !Number.isInteger(gid) || uid === 0) {
    throw new Error(`Running as root, PostgreSQL must run as the user "${UNPRIVILEGED_USER}", which was not found.`);
  }
  return { uid, gid };
}

/** A folder the server user owns; only it (and root) may enter. */
async function makeServerFolder(path: string, owner: { uid: number; gid: number } | undefined): Promise<void> {
  await mkdir(path, { recursive: true });
  await chmod(path, 0o700);
  if (owner) await chown(path, owner.uid, owner.gid);
}

/** A port nothing listens on now; the server may still lose it to someone else, so start retries. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

async function logTail(logFile: string): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  const lines = text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  return lines === '' ? '(the server log is empty or missing)' : `Server log, last lines:\n${lines}`;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const bin = findBinaries();
  const owner = runningAsRoot ? serverUserIds() : undefined;

  const folder = await mkdtemp(join(tmpdir(), 'tp-postgres-'));
  const dataDir = join(folder, 'data');
  const socketDir = join(folder, 'sock');
  const logFile = join(folder, 'log');
  const pgCtl = join(bin, 'pg_ctl');
  // pg_ctl waits until the server has gone; immediate mode skips the checkpoint nobody will read.
  const stopArgs = ['-D', dataDir, '-m', 'immediate', 'stop'];

  // Synchronous so that it also works from the 'exit' event: a run that ends without the teardown
  // (an error, process.exit) must still leave no server and no folder behind.
  const stopAndRemoveSync = () => {
    if (existsSync(join(dataDir, 'postmaster.pid'))) {
      const [file, args] = asServerUser(pgCtl, stopArgs);
      spawnSync(file, args, { cwd: folder, env: cleanEnvironment(), stdio: 'ignore' });
    }
    rmSync(folder, { recursive: true, force: true });
  };
  process.on('exit', stopAndRemoveSync);

  const fail = async (step: string, error: unknown): Promise<never> => {
    const cause = error instanceof Error ? error.message : String(error);
    const tail = await logTail(logFile);
    process.off('exit', stopAndRemoveSync);
    stopAndRemoveSync();
    throw new Error(`Throwaway PostgreSQL: ${step} failed.\n${cause}\n${tail}`, { cause: error });
  };

  let step = 'preparing its folder';
  let port: number;
  try {
    await makeServerFolder(folder, owner);
    await makeServerFolder(socketDir, owner);

    step = 'initdb';
    // --no-sync only speeds up initdb; the running server keeps fsync on.
    await run(
      join(bin, 'initdb'),
      ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
      folder,
    );

    step = 'writing its settings';
    const configFile = join(dataDir, 'postgresql.conf');
    // Later lines win over initdb's defaults; appending keeps the file owned by the server user.
    await appendFile(
      configFile,
      [
        '',
        '# Throwaway test server',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${socketDir}'`,
        // Tests that check what survives a crash need the production defaults.
        'fsync = on',
        'synchronous_commit = on',
        // Test files run side by side, each with connections of its own.
        'max_connections = 300',
        'shared_buffers = 128MB',
        '',
      ].join('\n'),
    );

    step = 'pg_ctl start';
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      await appendFile(configFile, `port = ${port}\n`);
      try {
        await run(pgCtl, ['-D', dataDir, '-l', logFile, '-w', 'start'], folder);
        break;
      } catch (error) {
        // Another process may take the free port before the server binds it: try another.
        const portTaken = (await logTail(logFile)).includes('Address already in use');
        if (!portTaken || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    return fail(step, error);
  }

  return {
    url: `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`,
    async stop() {
      process.off('exit', stopAndRemoveSync);
      if (existsSync(join(dataDir, 'postmaster.pid'))) {
        try {
          await run(pgCtl, stopArgs, folder);
        } catch (error) {
          return fail('pg_ctl stop', error);
        }
      }
      await rm(folder, { recursive: true, force: true });
    },
  };
}
