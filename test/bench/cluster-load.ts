/**
 * The cluster benchmark's plumbing: server processes on a shared PostgreSQL database (or one on
 * SQLite), documents stored through the store API under random ids (so no start-up moves them),
 * invites recorded in bulk as `turning-points token` records one, stock clients asking for STORED
 * acknowledgements, and an open-loop load that offers edits at a set rate and times each one
 * until the STORED message covering it.
 */
import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { join as pathJoin } from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as decoding from 'lib0/decoding';
import type pg from 'pg';
import * as Y from 'yjs';
import { setWords, userOrigin } from '../../src/doc/index.ts';
import type { Journey, StageId } from '../../src/model/index.ts';
import { rekeyJourney } from '../../src/model/rekey.ts';
import { decodeStateVector, MESSAGE_STORED, readStored } from '../../src/protocol/index.ts';
import { grantToken, newId } from '../../server/auth/tokens.ts';
import { newDocumentId } from '../../server/document-ids.ts';
import { storeJourney } from '../../server/journey-library.ts';
import type { DocumentStore } from '../../server/storage/document-store.ts';
import { DATABASE_FILE } from '../../server/storage/sqlite-store.ts';
import { largeJourney } from '../fixtures/large-journey.ts';
import { connect, SECRET, startServer, tempDataDir, type Client, type RunningServer } from '../server/harness.ts';
import { quantile, removeTrackedDir, sleep, stopProcess, track, trackDir } from './load.ts';

/** A server process the bench started: a member of the cluster, or the SQLite one. */
export interface Proc extends RunningServer {
  name: string;
  port: number;
}

/** A server process on its own temp DATA_DIR (with DATABASE_URL in `env`, a cluster member). */
export async function startProc(
  name: string,
  env: Record<string, string>,
  dataDir: string = trackDir(tempDataDir()),
): Promise<Proc> {
  const server = await startServer(dataDir, env);
  track(server.child);
  return { ...server, name, port: Number(new URL(server.url).port) };
}

/** SIGTERM (SIGKILL after the grace), then its data folder goes. */
export async function stopProc(proc: Proc): Promise<void> {
  await stopProcess(proc.child, 5000);
  removeTrackedDir(proc.dataDir);
}

/** SIGKILL, as a crash; resolves once the process has gone. */
export function killProc(proc: Proc): Promise<void> {
  const child = proc.child;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A workshop-sized journey whose every id is random, as the server makes them: nothing moves it at start. */
export function randomJourney(stages: number): Journey {
  const template = templates.get(stages) ?? largeJourney(stages);
  templates.set(stages, template);
  return rekeyJourney(template, newDocumentId('journey')).journey;
}

/** One parsed journey of each size, re-keyed for each new one (parsing one is the slow part). */
const templates = new Map<number, Journey>();

/** Store the journeys (each with its costs companion), all asked for at once so the writer groups them. */
export async function storeJourneys(store: DocumentStore, journeys: readonly Journey[]): Promise<void> {
  const created = await Promise.all(journeys.map((journey) => storeJourney(store, journey)));
  if (!created.every(Boolean)) throw new Error('a bench journey id was taken');
}

const inviteRows = (docIds: readonly string[]) => {
  const now = Date.now();
  return {
    ids: docIds.map(() => newId()),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
  };
};

const tokensOf = (ids: readonly string[]) => ids.map((id) => grantToken(Buffer.from(SECRET), id));

/** A participant invite for each document, recorded in PostgreSQL in one statement; their tokens, in order. */
export async function pgInvites(pool: pg.Pool, docIds: readonly string[]): Promise<string[]> {
  const { ids, createdAt, expiresAt } = inviteRows(docIds);
  await pool.query(
    `INSERT INTO grants (id, kind, doc_id, role, staff_id, created_by, created_at, expires_at)
     SELECT g.id, 'invite', g.doc, 'participant', NULL, 'bench', $3, $4 FROM unnest($1::text[], $2::text[]) AS g(id, doc)`,
    [ids, [...docIds], createdAt, expiresAt],
  );
  return tokensOf(ids);
}

/** The same in a SQLite server's store, in one transaction. */
export function sqliteInvites(dataDir: string, docIds: readonly string[]): string[] {
  const { ids, createdAt, expiresAt } = inviteRows(docIds);
  const db = new DatabaseSync(pathJoin(dataDir, DATABASE_FILE), { timeout: 10_000 });
  try {
    const insert = db.prepare(
      `INSERT INTO grants (id, kind, doc_id, role, staff_id, created_by, created_at, expires_at)
       VALUES (?, 'invite', ?, 'participant', NULL, 'bench', ?, ?)`,
    );
    db.exec('BEGIN');
    docIds.forEach((docId, i) => insert.run(ids[i]!, docId, createdAt, expiresAt));
    db.exec('COMMIT');
  } finally {
    db.close();
  }
  return tokensOf(ids);
}

/** An edit offered and not yet covered by a STORED message: its clock and when it was made. */
interface Pending {
  clock: number;
  at: number;
}

/** A stock client asking for acknowledgements, with what it has offered and not yet seen stored. */
export interface LoadClient {
  client: Client;
  stageIds: StageId[];
  pending: Pending[];
  edits: number;
}

/** Where STORED timings go: each acknowledged edit's latency, in ms. */
interface AckSink {
  onAck(ms: number): void;
}

/** A stock client (`?ack=1`) whose STORED messages settle its pending edits into `sink`. */
export function loadClient(
  proc: Pick<RunningServer, 'wsUrl'>,
  docId: string,
  token: string,
  sink: AckSink,
): LoadClient {
  const client = connect(proc, docId, token, { ack: true });
  const load: LoadClient = { client, stageIds: [], pending: [], edits: 0 };
  client.provider.messageHandlers[MESSAGE_STORED] = (_encoder: unknown, decoder: decoding.Decoder) => {
    client.stored = decodeStateVector(readStored(decoder));
    const own = client.stored.get(client.doc.clientID) ?? 0;
    const now = performance.now();
    while (load.pending.length > 0 && load.pending[0]!.clock <= own) sink.onAck(now - load.pending.shift()!.at);
  };
  return load;
}

const origin = userOrigin('bench');

/** One small edit (a stage's words), remembered until a STORED message covers it. */
export function offerEdit(load: LoadClient): void {
  const n = load.edits++;
  const stageId = load.stageIds[n % load.stageIds.length]!;
  const at = performance.now();
  // Words no one else in the room writes: an edit that changed nothing would send nothing.
  const { doc } = load.client;
  setWords(doc, stageId, `Edit ${n} by ${doc.clientID}: moved again, and nobody told the school.`, origin);
  load.pending.push({ clock: Y.getState(doc.store, doc.clientID), at });
}

export interface LoadStep {
  /** The rate asked for, edits per second. */
  offered: number;
  /** Edits made in the step, and the rate they were made at (the bench itself may fall short). */
  sent: number;
  sentPerSecond: number;
  /** Edits of the step acknowledged STORED within the step and its grace, per second of the step. */
  storedPerSecond: number;
  p50: number;
  p99: number;
  /** The bench made the rate and the store kept pace with it (BACKLOG_MS, GRACE_MS). */
  sustained: boolean;
  /** Why not: the bench made fewer than 97% of the edits asked for, or some were not stored in time. */
  failed?: 'bench fell short' | 'backlog grew' | 'not stored in time';
  /** Where the CPU went while the step's edits were made. */
  cpu?: CpuShare;
  /** This rate again, its first try not sustained (a passing burst of other work on the machine, say). */
  again?: boolean;
}

/**
 * A rate is sustained when the bench made it, the edits not yet acknowledged when the step
 * ended were at most BACKLOG_MS worth of it (the store keeps pace; the queue is not growing),
 * and every one was acknowledged within GRACE_MS after.
 */
const BACKLOG_MS = 100;
const GRACE_MS = 500;
/** How long to wait between steps for stragglers to be acknowledged (then they are dropped). */
const DRAIN_MS = 3000;

/** The load on one server: its clients, where their acknowledgements go, and how its CPU is read. */
export interface LoadSet {
  loads: LoadClient[];
  sink: { samples: number[] };
  meter?: () => () => CpuShare;
  /** The next client to edit (round-robin, carried from step to step). */
  next: number;
}

/**
 * Offer edits at this rate for `stepMs`, round-robin over the clients, on a 1 ms tick (open
 * loop: the rate does not wait for acknowledgements); then wait for the stragglers.
 */
export async function loadStep(set: LoadSet, rate: number, stepMs: number): Promise<LoadStep> {
  const { loads, sink } = set;
  sink.samples = [];
  for (const load of loads) load.pending.length = 0;
  let sent = 0;
  const start = performance.now();
  const cpuSince = set.meter?.();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - start;
      const due = Math.floor((Math.min(elapsed, stepMs) * rate) / 1000) - sent;
      for (let i = 0; i < due; i++) {
        offerEdit(loads[set.next++ % loads.length]!);
        sent += 1;
      }
      if (elapsed >= stepMs) {
        clearInterval(tick);
        resolve();
      }
    }, 1);
  });
  const cpu = cpuSince?.();
  const ended = performance.now();
  const outstanding = () => loads.reduce((sum, load) => sum + load.pending.length, 0);
  const backlog = outstanding();
  while (outstanding() > 0 && performance.now() - ended < GRACE_MS) await sleep(5);
  const inGrace = sink.samples.length;
  const keptUp = outstanding() === 0;
  // Whatever is still unacknowledged may come later; the next step must not count it.
  while (outstanding() > 0 && performance.now() - ended < DRAIN_MS) await sleep(10);
  const samples = [...sink.samples].sort((a, b) => a - b);
  const seconds = (ended - start) / 1000;
  const step: LoadStep = {
    offered: rate,
    sent,
    sentPerSecond: sent / seconds,
    storedPerSecond: inGrace / seconds,
    p50: quantile(samples, 0.5),
    p99: quantile(samples, 0.99),
    sustained: false,
    ...(cpu ? { cpu } : {}),
  };
  if (sent / seconds < 0.97 * rate) step.failed = 'bench fell short';
  else if (backlog > (rate * BACKLOG_MS) / 1000) step.failed = 'backlog grew';
  else if (!keptUp) step.failed = 'not stored in time';
  else step.sustained = true;
  return step;
}

/** CPU time of a process so far (user + system), in ms, from /proc/<pid>/stat; 0 once it has gone. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime is 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ: /proc times are in hundredths of a second on every architecture we run on. */
const CLOCK_TICKS = 100;

/** The whole machine's busy and total CPU time so far, in ms, from /proc/stat. */
function machineCpuMs(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, v) => sum + v, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: ((total - idle) * 1000) / CLOCK_TICKS, total: (total * 1000) / CLOCK_TICKS };
}

/** Where the CPU went over an interval: the server, PostgreSQL, this process and the whole machine, in cores. */
interface CpuShare {
  server: number;
  postgres: number;
  bench: number;
  /** Every core's busy time, this session's and anyone else's. */
  machine: number;
}

/** Start measuring CPU use; the returned function reads it since. `postgresPids` are read when it starts. */
export function cpuMeter(serverPid: number, postgresPids: readonly number[]): () => CpuShare {
  const wall = performance.now();
  const server = processCpuMs(serverPid);
  const postgres = new Map(postgresPids.map((pid) => [pid, processCpuMs(pid)]));
  // A PostgreSQL process that ended meanwhile (a backend whose client left) is left out.
  const postgresSince = () =>
    [...postgres].reduce((sum, [pid, before]) => {
      const now = processCpuMs(pid);
      return now > 0 ? sum + now - before : sum;
    }, 0);
  const bench = process.cpuUsage();
  const machine = machineCpuMs();
  return () => {
    const elapsed = performance.now() - wall;
    const used = process.cpuUsage(bench);
    const nowMachine = machineCpuMs();
    return {
      server: (processCpuMs(serverPid) - server) / elapsed,
      postgres: postgresSince() / elapsed,
      bench: (used.user + used.system) / 1000 / elapsed,
      machine: (nowMachine.busy - machine.busy) / elapsed,
    };
  };
}
