/**
 * Several server processes on one PostgreSQL database (a throwaway loopback one, started and
 * stopped here), beside the single SQLite process and the reference y-websocket server (in
 * memory), all real processes on loopback, driven by stock y-websocket clients in this process:
 *
 * 1. Edit → peer p50/p99, 30 editors in one room taking turns (as server.bench.ts): (a) all 30 on
 *    the owner process; (b) 15 on the owner and 15 relayed through the second process, counting
 *    only the deliveries that cross the relay (a relayed editor's edit reaching a direct client,
 *    and the reverse); (c) the SQLite process and (d) the reference, with server.bench.ts's own
 *    `editLatency`. Rounds alternate the order. Target: relayed p50 ≤ direct p50 + 0.5 ms.
 * 2. Stored edits per second on one process: edits offered open loop at a rising rate from many
 *    rooms (clients with `?ack=1`), each timed until the STORED message covering it; the highest
 *    rate sustained (every edit stored within 0.5 s of its step ending) and STORED p50 there, on
 *    PostgreSQL and on SQLite. Target: ≥ 5,000/s with STORED p50 ≤ 2 ms.
 * 3. Failover: a room owned by process A, two clients on B (relayed); A is SIGKILLed; the time
 *    until both B clients have reconnected and an edit by one reaches the other and is
 *    acknowledged STORED. Five times, A started again each time. Target ≤ 3 s.
 * 4. 1,000 open rooms (one client each, alternately on each process, so each process owns the
 *    rooms its clients reached): VmRSS of each process before and after, and of one SQLite
 *    process holding the same 1,000 rooms.
 *
 * Figures are printed, with the targets, never asserted. Run alone with
 * `node test/bench/cluster.bench.ts`.
 */
import { loadavg, availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { setWords, userOrigin } from '../../src/doc/index.ts';
import type { Journey, StageId } from '../../src/model/index.ts';
import { openPgStore, type PgStore } from '../../server/storage/pg-store.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { freshDatabase } from '../postgres/databases.ts';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../postgres/throwaway.ts';
import { connect, tempDataDir, type Client } from '../server/harness.ts';
import {
  killProc,
  loadClient,
  offerEdit,
  pgInvites,
  randomJourney,
  rateLadder,
  sqliteInvites,
  startProc,
  stopProc,
  storeJourneys,
  type LoadClient,
  type LoadStep,
  type Proc,
} from './cluster-load.ts';
import {
  collectGarbage,
  INSPECTABLE,
  median,
  presence,
  quantile,
  removeTrackedDir,
  rssBytes,
  sleep,
  stageCount,
  startReference,
  stopProcess,
  trackDir,
  whenSynced,
  type Target,
} from './load.ts';
import { editLatency, journeyWith, startOurs } from './server.bench.ts';

/** As server.bench.ts: 30 editors, 20 unrecorded edits, then 200, 5 ms apart. */
const EDITORS = 30;
const WARMUP_EDITS = 20;
const EDITS = 200;
const EDIT_GAP_MS = 5;
const LATENCY_ROUNDS = 2;
const ROOM_STAGES = 20;

const LOAD_ROOMS = 50;
const LOAD_EDITORS_PER_ROOM = 2;
const RATES = [1000, 2000, 3000, 4000, 5000, 6000, 8000, 10_000];
const STEP_MS = 2000;

const FAILOVERS = 5;
const FAILOVER_TIMEOUT_MS = 20_000;

const OPEN_ROOMS = 1000;
const CONNECT_BATCH = 100;

/** Generous limits, so that the load itself never meets a rate limit or a room cap. */
const SERVER_ENV = { MESSAGES_PER_SECOND: '100000', MAX_CONNECTIONS_PER_ROOM: '1000' };

const ms = (v: number) => `${v.toFixed(2)} ms`;
const sec = (v: number) => `${(v / 1000).toFixed(2)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const perSecond = (v: number) => `${Math.round(v).toLocaleString('en-GB')}/s`;
const load = () => `load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores`;
const say = (text: string) => process.stdout.write(`${text}\n`);

/** The rows of the final table: figure | ours | reference | target. */
const table: [string, string, string, string][] = [];
const row = (figure: string, ours: string, reference: string, target: string) =>
  table.push([figure, ours, reference, target]);

function printTable(): void {
  const header: [string, string, string, string] = ['figure', 'ours', 'reference', 'target'];
  const widths = header.map((_, c) => Math.max(...[header, ...table].map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' │ ');
  say(line(header));
  say(widths.map((w) => '─'.repeat(w)).join('─┼─'));
  for (const r of table) say(line(r));
}

/** Polls every millisecond: failover timings want finer steps than the harness's 10 ms. */
async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(1);
  }
}

interface Cluster {
  postgres: ThrowawayPostgres;
  databaseUrl: string;
  store: PgStore;
  env: Record<string, string>;
  /** Start a server process, stopped at the end of the run. */
  start(name: string, env: Record<string, string>): Promise<Proc>;
}

/** Which process owns the room now, by port (undefined when none does). */
async function ownerPort(cluster: Cluster, docId: string): Promise<number | undefined> {
  const rows = await cluster.store.pool.query<{ internal_url: string }>(
    `SELECT n.internal_url FROM room_leases l JOIN nodes n ON n.id = l.node_id WHERE l.doc_id = $1`,
    [docId],
  );
  return rows.rows[0] ? Number(new URL(rows.rows[0].internal_url).port) : undefined;
}

/** New journeys stored in PostgreSQL, with an invite each: their ids and tokens. */
async function pgRooms(cluster: Cluster, count: number): Promise<{ docId: string; token: string }[]> {
  const journeys = Array.from({ length: count }, () => randomJourney(ROOM_STAGES));
  await storeJourneys(cluster.store, journeys);
  const tokens = await pgInvites(
    cluster.store.pool,
    journeys.map((j) => j.id),
  );
  return journeys.map((j, i) => ({ docId: j.id, token: tokens[i]! }));
}

/** A SQLite server whose store holds these journeys (stored before it starts), with an invite each. */
async function startSqlite(
  journeys: readonly Journey[],
  env: Record<string, string> = {},
): Promise<{ proc: Proc; tokens: string[] }> {
  const dataDir = trackDir(tempDataDir());
  const store = await openSqliteStore(dataDir);
  try {
    await storeJourneys(store, journeys);
  } finally {
    await store.close();
  }
  const tokens = sqliteInvites(
    dataDir,
    journeys.map((j) => j.id),
  );
  const proc = await startProc('sqlite', { ...SERVER_ENV, ...env }, dataDir);
  return { proc, tokens };
}

// ── 1. Edit → peer ───────────────────────────────────────────────────────────────────────────

interface Member {
  client: Client;
  relayed: boolean;
}

/**
 * The clients of one new room: the first on the owner (it claims the room), then every other
 * one on `relayedTo` while `relayed` places remain, the rest on the owner.
 */
async function clusterRoom(cluster: Cluster, owner: Proc, relayedTo: Proc, relayed: number): Promise<Member[]> {
  const [{ docId, token }] = (await pgRooms(cluster, 1)) as [{ docId: string; token: string }];
  const first = connect(owner, docId, token);
  const members: Member[] = [{ client: first, relayed: false }];
  await whenSynced(first);
  let placed = 0;
  for (let i = 1; i < EDITORS; i++) {
    const relay = i % 2 === 1 && placed < relayed;
    if (relay) placed += 1;
    members.push({ client: connect(relay ? relayedTo : owner, docId, token), relayed: relay });
  }
  await Promise.all(members.map((m) => whenSynced(m.client)));
  const port = await ownerPort(cluster, docId);
  if (port !== owner.port) throw new Error(`the room is owned by port ${port}, not the owner ${owner.port}`);
  return members;
}

/**
 * server.bench.ts's edit rounds, with each delivery sorted by whether it crossed the relay (the
 * editor and the receiver on different processes) or not.
 */
async function roomLatency(members: Member[]): Promise<{ crossing: number[]; same: number[] }> {
  const clients = members.map((m) => m.client);
  try {
    await until(
      () => clients.every((c) => stageCount(c) === ROOM_STAGES && presence(c) === EDITORS),
      30_000,
      'every editor to sync',
    );
    const crossing: number[] = [];
    const same: number[] = [];
    let round:
      | { editor: Member; stageId: StageId; words: string; start: number; waiting: Set<Member>; done: () => void }
      | undefined;
    let recording = false;
    for (const member of members) {
      member.client.doc.on('update', () => {
        const expected = round;
        if (!expected?.waiting.has(member)) return;
        const stage = member.client.doc.getMap('stages').get(expected.stageId) as Y.Map<unknown> | undefined;
        const words = stage?.get('words');
        if (!(words instanceof Y.Text) || words.toString() !== expected.words) return;
        const elapsed = performance.now() - expected.start;
        expected.waiting.delete(member);
        if (recording) (member.relayed === expected.editor.relayed ? same : crossing).push(elapsed);
        if (expected.waiting.size === 0) expected.done();
      });
    }
    const me = userOrigin('bench');
    const stageIds = [...clients[0]!.doc.getMap('stages').keys()] as StageId[];
    for (let n = 0; n < WARMUP_EDITS + EDITS; n++) {
      recording = n >= WARMUP_EDITS;
      const editor = members[n % members.length]!;
      const stageId = stageIds[n % stageIds.length]!;
      const words = `Edit ${n}: we were moved again and nobody told the school.`;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`edit ${n} did not reach every client`)), 10_000);
        const waiting = new Set(members.filter((m) => m !== editor));
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        round = { editor, stageId, words, start: performance.now(), waiting, done };
        setWords(editor.client.doc, stageId, words, me);
      });
      await sleep(EDIT_GAP_MS);
    }
    return { crossing: crossing.sort((a, b) => a - b), same: same.sort((a, b) => a - b) };
  } finally {
    for (const client of clients) client.destroy();
  }
}

async function editToPeer(cluster: Cluster, a: Proc, b: Proc): Promise<void> {
  const kinds = ['direct', 'relayed', 'sqlite', 'reference'] as const;
  const samples = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<(typeof kinds)[number], number[]>;
  const relayedSameSide: number[] = [];
  // As server.bench.ts makes them: a room of its own for each round.
  const journeys = Array.from({ length: LATENCY_ROUNDS }, (_, i) => journeyWith(`bench-edits-${i}`, ROOM_STAGES));
  const sqlite = await startOurs(journeys);
  const reference = await startReference();
  try {
    for (let r = 0; r < LATENCY_ROUNDS; r++) {
      const order = r % 2 === 0 ? kinds : ([...kinds].reverse() as unknown as typeof kinds);
      const p50s: string[] = [];
      for (const kind of order) {
        let got: number[];
        if (kind === 'direct') got = (await roomLatency(await clusterRoom(cluster, a, b, 0))).same;
        else if (kind === 'relayed') {
          const { crossing, same } = await roomLatency(await clusterRoom(cluster, a, b, EDITORS / 2));
          relayedSameSide.push(...same);
          got = crossing;
        } else got = await editLatency(kind === 'sqlite' ? sqlite : reference, journeys[r]!);
        samples[kind].push(...got);
        p50s.push(`${kind} ${ms(quantile(got, 0.5))}`);
      }
      say(`  edit → peer, round ${r + 1} p50: ${p50s.join(', ')} (${load()})`);
    }
  } finally {
    await stopProcess(sqlite.child);
    await stopProcess(reference.child);
    removeTrackedDir(sqlite.dataDir);
  }
  for (const kind of kinds) samples[kind].sort((x, y) => x - y);
  relayedSameSide.sort((x, y) => x - y);
  const { direct, relayed, sqlite: lite, reference: ref } = samples;
  const q = (s: number[], p: number) => quantile(s, p);
  const n = (s: number[]) => `${s.length} deliveries`;
  say(
    `  deliveries: direct ${n(direct)}, relayed (crossing) ${n(relayed)}, relayed room same-side ` +
      `p50 ${ms(q(relayedSameSide, 0.5))} (${n(relayedSameSide)}), sqlite ${n(lite)}, reference ${n(ref)}`,
  );
  const met = q(relayed, 0.5) <= q(direct, 0.5) + 0.5;
  row(
    'edit → peer p50, 30 on the owner (PostgreSQL)',
    ms(q(direct, 0.5)),
    `${ms(q(ref, 0.5))} y-websocket (memory)`,
    '—',
  );
  row(
    'edit → peer p50, 15 relayed, crossing the relay',
    ms(q(relayed, 0.5)),
    `${ms(q(direct, 0.5))} all on the owner`,
    `≤ direct + 0.5 ms: ${met ? 'met' : 'MISSED'}`,
  );
  row('edit → peer p50, one SQLite process', ms(q(lite, 0.5)), `${ms(q(ref, 0.5))} y-websocket (memory)`, '—');
  row('edit → peer p99, 30 on the owner (PostgreSQL)', ms(q(direct, 0.99)), `${ms(q(ref, 0.99))} y-websocket`, '—');
  row(
    'edit → peer p99, 15 relayed, crossing the relay',
    ms(q(relayed, 0.99)),
    `${ms(q(direct, 0.99))} on the owner`,
    '—',
  );
  row('edit → peer p99, one SQLite process', ms(q(lite, 0.99)), `${ms(q(ref, 0.99))} y-websocket`, '—');
}

// ── 2. Stored edits per second ───────────────────────────────────────────────────────────────

/** Clients on `proc` for each room, a warm-up, then the rate ladder. */
async function storedRate(proc: Proc, rooms: { docId: string; token: string }[]): Promise<LoadStep[]> {
  const sink = {
    samples: [] as number[],
    onAck(took: number) {
      sink.samples.push(took);
    },
  };
  const loads: LoadClient[] = [];
  try {
    for (const { docId, token } of rooms)
      for (let i = 0; i < LOAD_EDITORS_PER_ROOM; i++) loads.push(loadClient(proc, docId, token, sink));
    await Promise.all(loads.map((l) => whenSynced(l.client)));
    await until(() => loads.every((l) => stageCount(l.client) === ROOM_STAGES), 30_000, 'every load client to sync');
    for (const l of loads) l.stageIds = [...l.client.doc.getMap('stages').keys()] as StageId[];
    // Warm-up: every client edits a few times (the rooms' write paths and the JIT), unrecorded.
    for (let i = 0; i < 3; i++) for (const l of loads) offerEdit(l);
    await until(() => loads.every((l) => l.pending.length === 0), 10_000, 'the warm-up edits to be stored');
    return await rateLadder(loads, sink, RATES, STEP_MS);
  } finally {
    for (const l of loads) l.client.destroy();
  }
}

function reportLadder(name: string, steps: LoadStep[]): void {
  for (const s of steps)
    say(
      `  ${name}: offered ${perSecond(s.offered)} (made ${perSecond(s.sentPerSecond)}), stored ${perSecond(s.storedPerSecond)}, ` +
        `STORED p50 ${ms(s.p50)} p99 ${ms(s.p99)}${s.sustained ? '' : ' — not sustained'}`,
    );
}

const best = (steps: LoadStep[]) => steps.filter((s) => s.sustained).at(-1);

async function storedEdits(cluster: Cluster, a: Proc): Promise<void> {
  const pgSteps = await storedRate(a, await pgRooms(cluster, LOAD_ROOMS));
  reportLadder('PostgreSQL', pgSteps);
  say(`  (${load()})`);
  const journeys = Array.from({ length: LOAD_ROOMS }, () => randomJourney(ROOM_STAGES));
  const { proc, tokens } = await startSqlite(journeys);
  let liteSteps: LoadStep[];
  try {
    liteSteps = await storedRate(
      proc,
      journeys.map((j, i) => ({ docId: j.id, token: tokens[i]! })),
    );
  } finally {
    await stopProc(proc);
  }
  reportLadder('SQLite', liteSteps);
  say(`  (${load()})`);
  const pg = best(pgSteps);
  const lite = best(liteSteps);
  const rate = (s: LoadStep | undefined) => (s ? perSecond(s.storedPerSecond) : 'none sustained');
  const p50 = (s: LoadStep | undefined) => (s ? ms(s.p50) : '—');
  const met = pg !== undefined && pg.storedPerSecond >= 5000 && pg.p50 <= 2;
  const clients = `${LOAD_ROOMS} rooms × ${LOAD_EDITORS_PER_ROOM}`;
  row(
    `stored edits/s sustained, one process (${clients})`,
    `${rate(pg)} PostgreSQL`,
    `${rate(lite)} SQLite`,
    `≥ 5,000/s with p50 ≤ 2 ms: ${met ? 'met' : 'MISSED'}`,
  );
  row('edit → STORED p50 at that rate', p50(pg), p50(lite), '≤ 2 ms');
  const at5000 = (steps: LoadStep[]) => steps.find((s) => s.offered === 5000);
  const five = at5000(pgSteps);
  const fiveLite = at5000(liteSteps);
  const atFive = (s: LoadStep | undefined) =>
    s ? `${ms(s.p50)} (${s.sustained ? 'sustained' : 'not sustained'})` : 'not reached';
  row('edit → STORED p50 offered 5,000/s', atFive(five), atFive(fiveLite), '≤ 2 ms');
}

// ── 3. Failover ──────────────────────────────────────────────────────────────────────────────

interface Failover {
  /** SIGKILL → the STORED covering the first edit after both clients had synced again. */
  total: number;
  /** SIGKILL → both relayed clients saw their connection close. */
  noticed: number;
  /** SIGKILL → both had synced again. */
  resynced: number;
}

/** An edit by `from` reaches `to` and `from` sees it STORED; milliseconds. */
async function served(from: Client, to: Client, words: string, timeoutMs: number): Promise<number> {
  const start = performance.now();
  const stageId = [...from.doc.getMap('stages').keys()][0] as StageId;
  setWords(from.doc, stageId, words, userOrigin('bench'));
  const clock = Y.getState(from.doc.store, from.doc.clientID);
  const has = () => {
    const stage = to.doc.getMap('stages').get(stageId) as Y.Map<unknown> | undefined;
    return stage?.get('words')?.toString() === words;
  };
  await until(() => has() && (from.stored.get(from.doc.clientID) ?? 0) >= clock, timeoutMs, 'the edit to be served');
  return performance.now() - start;
}

async function failoverOnce(cluster: Cluster, a: Proc, b: Proc, n: number): Promise<Failover> {
  const [{ docId, token }] = (await pgRooms(cluster, 1)) as [{ docId: string; token: string }];
  const owner = connect(a, docId, token, { ack: true });
  const relayed: Client[] = [];
  try {
    await whenSynced(owner);
    relayed.push(connect(b, docId, token, { ack: true }), connect(b, docId, token, { ack: true }));
    await Promise.all(relayed.map((c) => whenSynced(c)));
    await until(() => relayed.every((c) => stageCount(c) === ROOM_STAGES), 10_000, 'the relayed clients to sync');
    const port = await ownerPort(cluster, docId);
    if (port !== a.port) throw new Error(`the room is owned by port ${port}, not A (${a.port})`);
    const [b1, b2] = relayed as [Client, Client];
    await served(b1, b2, `Before failover ${n}.`, 5000);
    const closedAt: number[] = [];
    const syncedAt: number[] = [];
    for (const client of relayed) {
      client.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected' && closedAt.length < 2) closedAt.push(performance.now());
      });
    }
    const start = performance.now();
    await killProc(a);
    owner.destroy();
    await until(
      () => closedAt.length === 2 && relayed.every((c) => c.provider.synced),
      FAILOVER_TIMEOUT_MS,
      'the relayed clients to reconnect and sync',
    );
    syncedAt.push(performance.now());
    await served(b1, b2, `After failover ${n}.`, FAILOVER_TIMEOUT_MS);
    const end = performance.now();
    const now = await ownerPort(cluster, docId);
    if (now !== b.port) say(`  failover ${n}: the room is now owned by port ${now}, expected B (${b.port})`);
    return { total: end - start, noticed: Math.max(...closedAt) - start, resynced: syncedAt[0]! - start };
  } finally {
    owner.destroy();
    for (const client of relayed) client.destroy();
  }
}

async function failovers(cluster: Cluster, first: Proc, b: Proc): Promise<void> {
  const runs: Failover[] = [];
  const failed: string[] = [];
  let a = first;
  for (let n = 1; n <= FAILOVERS; n++) {
    if (n > 1) {
      // The killed process comes back (a new one on the same database) to own the next room.
      await stopProc(a);
      a = await cluster.start('A', cluster.env);
    }
    try {
      const run = await failoverOnce(cluster, a, b, n);
      runs.push(run);
      say(
        `  failover ${n}: served again after ${sec(run.total)} (relayed clients closed after ${ms(run.noticed)}, ` +
          `synced again after ${ms(run.resynced)}) (${load()})`,
      );
    } catch (error) {
      failed.push(`${n}: ${(error as Error).message}`);
      say(`  failover ${n}: FAILED: ${(error as Error).message}`);
    }
  }
  const totals = runs.map((r) => r.total);
  const med = totals.length > 0 ? median(totals) : NaN;
  row(
    `failover, owner SIGKILLed → served again (median of ${FAILOVERS})`,
    totals.length > 0 ? sec(med) : 'none completed',
    `runs ${totals.map((t) => (t / 1000).toFixed(2)).join(', ')} s${failed.length ? `; ${failed.length} failed` : ''}`,
    `≤ 3 s: ${failed.length === 0 && med <= 3000 ? 'met' : 'MISSED'}`,
  );
}

// ── 4. 1,000 open rooms ──────────────────────────────────────────────────────────────────────

interface Rss {
  before: number;
  after: number;
  afterGc: number;
  rooms: number;
}

/** One client per room, alternately on each process; RSS of each before and after (settled). */
async function openRooms(procs: Proc[], rooms: { docId: string; token: string }[]): Promise<Rss[]> {
  const target = (proc: Proc) => ({ ...proc, hasContent: true }) as Target;
  const rss = () => procs.map((p) => rssBytes(p.child.pid!));
  const clients: Client[] = [];
  try {
    await sleep(1000);
    const before = rss();
    for (let i = 0; i < rooms.length; i += CONNECT_BATCH) {
      const batch = rooms
        .slice(i, i + CONNECT_BATCH)
        .map(({ docId, token }, j) => connect(procs[(i + j) % procs.length]!, docId, token));
      clients.push(...batch);
      await Promise.all(batch.map((c) => whenSynced(c)));
    }
    await until(() => clients.every((c) => stageCount(c) === ROOM_STAGES), 60_000, 'every room to sync');
    await sleep(2000);
    const after = rss();
    for (const proc of procs) await collectGarbage(target(proc));
    await sleep(500);
    const afterGc = rss();
    return procs.map((_, i) => ({
      before: before[i]!,
      after: after[i]!,
      afterGc: afterGc[i]!,
      rooms: Math.ceil((rooms.length - i) / procs.length),
    }));
  } finally {
    for (const client of clients) client.destroy();
  }
}

async function thousandRooms(cluster: Cluster): Promise<void> {
  const env = { ...cluster.env, ...INSPECTABLE };
  const pgRss = await (async () => {
    const rooms = await pgRooms(cluster, OPEN_ROOMS);
    const a = await cluster.start('A', env);
    const b = await cluster.start('B', env);
    try {
      const result = await openRooms([a, b], rooms);
      const owned = await cluster.store.pool.query<{ internal_url: string; n: string }>(
        `SELECT n.internal_url, count(*) AS n FROM room_leases l JOIN nodes n ON n.id = l.node_id
         WHERE l.doc_id = ANY($1) GROUP BY n.internal_url`,
        [rooms.map((r) => r.docId)],
      );
      const ports = new Map(owned.rows.map((r) => [Number(new URL(r.internal_url).port), Number(r.n)]));
      say(`  rooms owned: A ${ports.get(a.port) ?? 0}, B ${ports.get(b.port) ?? 0} (${load()})`);
      return result;
    } finally {
      await stopProc(a);
      await stopProc(b);
    }
  })();
  const journeys = Array.from({ length: OPEN_ROOMS }, () => randomJourney(ROOM_STAGES));
  const { proc, tokens } = await startSqlite(journeys, INSPECTABLE);
  let liteRss: Rss;
  try {
    [liteRss] = (await openRooms(
      [proc],
      journeys.map((j, i) => ({ docId: j.id, token: tokens[i]! })),
    )) as [Rss];
  } finally {
    await stopProc(proc);
  }
  const [ra, rb] = pgRss as [Rss, Rss];
  const grew = (r: Rss) => `${mib(r.before)} → ${mib(r.after)}`;
  say(
    `  after a forced GC: A ${mib(ra.afterGc)}, B ${mib(rb.afterGc)}, SQLite ${mib(liteRss.afterGc)}; ` +
      `per room: A ${((ra.after - ra.before) / ra.rooms / 1024).toFixed(0)} KiB, B ${((rb.after - rb.before) / rb.rooms / 1024).toFixed(0)} KiB, ` +
      `SQLite ${((liteRss.after - liteRss.before) / liteRss.rooms / 1024).toFixed(0)} KiB (${load()})`,
  );
  row(
    `RSS, ${OPEN_ROOMS} rooms over two processes: A (${ra.rooms})`,
    grew(ra),
    `${grew(liteRss)} SQLite, all ${OPEN_ROOMS}`,
    '—',
  );
  row(`RSS, ${OPEN_ROOMS} rooms over two processes: B (${rb.rooms})`, grew(rb), '', '—');
  row(
    `RSS growth, two processes together vs one SQLite`,
    mib(ra.after - ra.before + rb.after - rb.before),
    mib(liteRss.after - liteRss.before),
    '—',
  );
}

// ── The run ──────────────────────────────────────────────────────────────────────────────────

export async function run(): Promise<void> {
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(maxListeners + OPEN_ROOMS + LOAD_ROOMS * LOAD_EDITORS_PER_ROOM + 4 * EDITORS + 20);
  const began = performance.now();
  const postgres = await startThrowawayPostgres();
  /** Every server process started here, stopped (or found dead) and its folder removed at the end. */
  const started: Proc[] = [];
  const start = async (name: string, env: Record<string, string>) => {
    const proc = await startProc(name, env);
    started.push(proc);
    return proc;
  };
  let store: PgStore | undefined;
  try {
    const databaseUrl = await freshDatabase(postgres.url);
    const env = { DATABASE_URL: databaseUrl, ...SERVER_ENV };
    say(
      `Ours: server/main.ts processes sharing a throwaway PostgreSQL (fsync on, loopback), ` +
        `MESSAGES_PER_SECOND=${SERVER_ENV.MESSAGES_PER_SECOND}, MAX_CONNECTIONS_PER_ROOM=${SERVER_ENV.MAX_CONNECTIONS_PER_ROOM}; ` +
        `beside one SQLite process and @y/websocket-server in memory. Stock y-websocket clients in this process; ` +
        `rooms hold a ${ROOM_STAGES}-stage journey. Start: ${load()}.`,
    );
    // One first, so that it loads the examples while the other waits on a warm database.
    const a = await start('A', env);
    const b = await start('B', env);
    store = await openPgStore(databaseUrl, { poolSize: 4 });
    const cluster: Cluster = { postgres, databaseUrl, store, env, start };

    say('1. Edit → peer, 30 editors in one room');
    await editToPeer(cluster, a, b);

    say('2. Stored edits per second, offered at a rising rate');
    await storedEdits(cluster, a);

    say('3. Failover');
    await failovers(cluster, a, b);

    say(`4. ${OPEN_ROOMS.toLocaleString('en-GB')} open rooms`);
    for (const proc of started) await stopProc(proc);
    await thousandRooms(cluster);
  } finally {
    for (const proc of started) await stopProc(proc);
    await store?.close();
    await postgres.stop();
    process.setMaxListeners(maxListeners);
  }
  say('');
  printTable();
  say(`(took ${((performance.now() - began) / 1000).toFixed(0)} s; end: ${load()})`);
}

if (import.meta.main) await run();
