/**
 * The server under load, beside the reference y-websocket server (`@y/websocket-server`'s
 * setupWSConnection, in memory), both real processes on loopback, driven by the same stock
 * y-websocket clients in this process:
 * - edit propagation: 30 clients in one room take turns making one small edit (setWords on a
 *   stage); the time from the edit until each of the other 29 clients has it;
 * - joining: 200 clients join one open room at once; the time until every one has synced;
 * - memory: the server's RSS growth per open 300-stage journey (one client in each room).
 * Figures are printed, with the targets, never asserted.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { setWords, userOrigin } from '../../src/doc/index.ts';
import type { Journey, StageId } from '../../src/model/index.ts';
import { storeJourney } from '../../server/journey-library.ts';
import { openSqliteStore } from '../../server/storage/sqlite-store.ts';
import { startServer, storedId, tempDataDir, waitFor, type Client } from '../server/harness.ts';
import { largeJourney } from '../fixtures/large-journey.ts';
import {
  collectGarbage,
  host,
  INSPECTABLE,
  join,
  median,
  presence,
  quantile,
  removeTrackedDir,
  rssBytes,
  sleep,
  stageCount,
  startReference,
  stopProcess,
  track,
  trackDir,
  whenSynced,
  type Target,
} from './load.ts';

const EDITORS = 30;
const WARMUP_EDITS = 20;
const EDITS = 200;
/** A pause between edits, so each one meets an idle server. */
const EDIT_GAP_MS = 5;
const JOINERS = 200;
const JOIN_REPETITIONS = 5;
const OPEN_JOURNEYS = 20;
/** The rooms of the latency and join runs hold a workshop-sized journey. */
const ROOM_STAGES = 20;
const LARGE_STAGES = 300;
/** Generous, so that the load itself never meets LIMIT2 on our server. */
const MESSAGES_PER_SECOND = '1000';
/** Above the JOINERS who share one room (the default is 150), as for MESSAGES_PER_SECOND. */
const MAX_CONNECTIONS_PER_ROOM = '1000';

export const journeyWith = (id: string, stages: number): Journey => ({
  ...largeJourney(stages),
  id: id as Journey['id'],
});

export async function startOurs(
  journeys: Journey[],
  env: Record<string, string> = {},
): Promise<Target & { dataDir: string }> {
  // The documents exist in storage before the server starts, as if imported. Each is titled with
  // the bench's id for it, to be found at the random id the server moves it to.
  const dataDir = trackDir(tempDataDir());
  const store = await openSqliteStore(dataDir);
  try {
    for (const journey of journeys) await storeJourney(store, { ...journey, title: journey.id });
  } finally {
    await store.close();
  }
  const server = await startServer(dataDir, { MESSAGES_PER_SECOND, MAX_CONNECTIONS_PER_ROOM, ...env });
  track(server.child);
  const ids = new Map(journeys.map((journey) => [journey.id as string, storedId(server, journey.id)]));
  return {
    name: 'ours',
    wsUrl: server.wsUrl,
    child: server.child,
    output: server.output,
    hasContent: true,
    dataDir,
    ids,
  };
}

/** Every delivery's latency, in ms, over EDITS rounds (after WARMUP_EDITS unrecorded ones). */
export async function editLatency(target: Target, journey: Journey): Promise<number[]> {
  const clients: Client[] = [];
  try {
    clients.push(await host(target, journey.id, journey));
    for (let i = 1; i < EDITORS; i++) clients.push(join(target, journey.id));
    await Promise.all(clients.map((c) => whenSynced(c)));
    // Everyone has the journey and sees everyone: the join traffic is over.
    await waitFor(
      () => clients.every((c) => stageCount(c) === journey.stages.length && presence(c) === EDITORS),
      30_000,
      'every editor to sync',
    );

    const samples: number[] = [];
    let round: { stageId: StageId; words: string; start: number; waiting: Set<Client>; done: () => void } | undefined;
    let recording = false;
    for (const client of clients) {
      client.doc.on('update', () => {
        const expected = round;
        if (!expected?.waiting.has(client)) return;
        const stage = client.doc.getMap('stages').get(expected.stageId) as Y.Map<unknown> | undefined;
        const words = stage?.get('words');
        if (!(words instanceof Y.Text) || words.toString() !== expected.words) return;
        const elapsed = performance.now() - expected.start;
        expected.waiting.delete(client);
        if (recording) samples.push(elapsed);
        if (expected.waiting.size === 0) expected.done();
      });
    }

    const me = userOrigin('bench');
    // Stored journeys get random stage ids (ids carry no content): edit the stages the room holds.
    const stageIds = [...clients[0]!.doc.getMap('stages').keys()] as StageId[];
    for (let n = 0; n < WARMUP_EDITS + EDITS; n++) {
      recording = n >= WARMUP_EDITS;
      const editor = clients[n % clients.length]!;
      const stageId = stageIds[n % stageIds.length]!;
      const words = `Edit ${n}: we were moved again and nobody told the school.`;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`edit ${n} did not reach every client`)), 10_000);
        const waiting = new Set(clients.filter((c) => c !== editor));
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        round = { stageId, words, start: performance.now(), waiting, done };
        setWords(editor.doc, stageId, words, me);
      });
      await sleep(EDIT_GAP_MS);
    }
    return samples.sort((a, b) => a - b);
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** Milliseconds from creating JOINERS clients until every one has synced with the open room. */
async function joinStorm(target: Target, roomHost: Client, journey: Journey): Promise<number> {
  const clients: Client[] = [];
  try {
    const start = performance.now();
    for (let i = 0; i < JOINERS; i++) clients.push(join(target, journey.id));
    await Promise.all(clients.map((c) => whenSynced(c)));
    const elapsed = performance.now() - start;
    if (!clients.every((c) => stageCount(c) === journey.stages.length))
      throw new Error(`${target.name}: a client synced without the journey`);
    return elapsed;
  } finally {
    for (const client of clients) client.destroy();
    // The server has seen every joiner leave once the host sees only itself again.
    await waitFor(() => presence(roomHost) === 1, 30_000, 'the joiners to leave');
    await sleep(200);
  }
}

interface Memory {
  /** RSS growth per open journey after a full GC in the server, bytes. */
  perJourney: number;
  /** The same without forcing a GC first. */
  perJourneyNoGc: number;
  before: number;
  after: number;
}

/**
 * RSS growth of the server per open 300-stage journey: one warm-up room stays open, RSS is read,
 * then OPEN_JOURNEYS rooms are opened with one client each and RSS is read again.
 */
async function memoryPerJourney(target: Target, warm: Journey, journeys: Journey[]): Promise<Memory> {
  const pid = target.child.pid!;
  const clients: Client[] = [];
  const settle = async () => {
    await sleep(500);
    const noGc = rssBytes(pid);
    await collectGarbage(target);
    await sleep(500);
    return { noGc, gc: rssBytes(pid) };
  };
  try {
    clients.push(await host(target, warm.id, warm));
    const before = await settle();
    for (const journey of journeys) clients.push(await host(target, journey.id, journey));
    const after = await settle();
    return {
      perJourney: (after.gc - before.gc) / journeys.length,
      perJourneyNoGc: (after.noGc - before.noGc) / journeys.length,
      before: before.gc,
      after: after.gc,
    };
  } finally {
    for (const client of clients) client.destroy();
  }
}

export const ms = (value: number) => `${value.toFixed(2)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** One figure for ours and the reference side by side, the ratio, and the target. */
function line(name: string, ours: number, reference: number, format: (v: number) => string, absolute?: number): void {
  const ratio = ours / reference;
  const within = ratio <= 1.5 && (absolute === undefined || ours <= absolute);
  const target = `${absolute === undefined ? '' : `≤ ${format(absolute)} and `}≤ 1.5× reference`;
  process.stdout.write(
    `${name.padEnd(44)} ours ${format(ours).padStart(11)}  │ reference ${format(reference).padStart(11)}  │ ` +
      `ratio ${ratio.toFixed(2)}×  │ target ${target}: ${within ? 'met' : 'MISSED'}\n`,
  );
}

export async function run(): Promise<void> {
  // Each stock provider adds a process 'exit' listener; hundreds of clients here is the point.
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(maxListeners + JOINERS + EDITORS + 10);
  try {
    await measure();
  } finally {
    process.setMaxListeners(maxListeners);
  }
}

async function measure(): Promise<void> {
  const roomJourney = journeyWith('bench-edits', ROOM_STAGES);
  const joinJourney = journeyWith('bench-joins', ROOM_STAGES);
  const warmJourney = journeyWith('bench-warm', ROOM_STAGES);
  const largeJourneys = Array.from({ length: OPEN_JOURNEYS }, (_, i) => journeyWith(`bench-large-${i}`, LARGE_STAGES));

  process.stdout.write(
    `Ours: server/main.ts, SECRET set, MESSAGES_PER_SECOND=${MESSAGES_PER_SECOND} (default 100; raised so the load ` +
      `never meets the rate limit), MAX_CONNECTIONS_PER_ROOM=${MAX_CONNECTIONS_PER_ROOM} (default 150; ${JOINERS} join one room), ` +
      `SQLite in a temp DATA_DIR.\n` +
      'Reference: @y/websocket-server 0.1.1 setupWSConnection in a bare http + ws process, in memory.\n' +
      'Load: stock y-websocket clients (ws, disableBc) in this process, on loopback; ' +
      `rooms hold a ${ROOM_STAGES}-stage journey.\n`,
  );

  // Latency and joining: one server of each kind, running side by side.
  const latency = { ours: [] as number[], reference: [] as number[] };
  const joins = { ours: [] as number[], reference: [] as number[] };
  {
    let ours: (Target & { dataDir: string }) | undefined;
    let reference: Target | undefined;
    const hosts: Client[] = [];
    try {
      ours = await startOurs([roomJourney, joinJourney]);
      reference = await startReference();
      latency.ours = await editLatency(ours, roomJourney);
      latency.reference = await editLatency(reference, roomJourney);
      const oursHost = await host(ours, joinJourney.id, joinJourney);
      const referenceHost = await host(reference, joinJourney.id, joinJourney);
      hosts.push(oursHost, referenceHost);
      for (let i = 0; i < JOIN_REPETITIONS; i++) {
        joins.ours.push(await joinStorm(ours, oursHost, joinJourney));
        joins.reference.push(await joinStorm(reference, referenceHost, joinJourney));
      }
    } finally {
      for (const client of hosts) client.destroy();
      if (ours) await stopProcess(ours.child);
      if (reference) await stopProcess(reference.child);
      if (ours) removeTrackedDir(ours.dataDir);
    }
  }

  const deliveries = `${EDITORS} clients, ${EDITS} edits × ${EDITORS - 1}`;
  line(`edit → peer p50 (${deliveries})`, quantile(latency.ours, 0.5), quantile(latency.reference, 0.5), ms, 5);
  line(`edit → peer p99 (${deliveries})`, quantile(latency.ours, 0.99), quantile(latency.reference, 0.99), ms, 25);
  line(
    `${JOINERS} clients join and sync (median of ${JOIN_REPETITIONS})`,
    median(joins.ours),
    median(joins.reference),
    ms,
  );
  process.stdout.write(
    `  (join runs: ours ${joins.ours.map((v) => v.toFixed(0)).join(', ')} ms; ` +
      `reference ${joins.reference.map((v) => v.toFixed(0)).join(', ')} ms)\n`,
  );

  // Memory: a fresh server of each kind, alone, inspectable so a full GC can be forced.
  const memory: Partial<Record<'ours' | 'reference', Memory>> = {};
  {
    let ours: (Target & { dataDir: string }) | undefined;
    try {
      ours = await startOurs([warmJourney, ...largeJourneys], INSPECTABLE);
      memory.ours = await memoryPerJourney(ours, warmJourney, largeJourneys);
    } finally {
      if (ours) await stopProcess(ours.child);
      if (ours) removeTrackedDir(ours.dataDir);
    }
    let reference: Target | undefined;
    try {
      reference = await startReference(INSPECTABLE);
      memory.reference = await memoryPerJourney(reference, warmJourney, largeJourneys);
    } finally {
      if (reference) await stopProcess(reference.child);
    }
  }
  const { ours: mo, reference: mr } = memory as Record<'ours' | 'reference', Memory>;
  line(`RSS per open ${LARGE_STAGES}-stage journey (${OPEN_JOURNEYS} rooms)`, mo.perJourney, mr.perJourney, mib);
  process.stdout.write(
    `  (RSS after a forced GC: ours ${mib(mo.before)} → ${mib(mo.after)}, reference ${mib(mr.before)} → ${mib(mr.after)}; ` +
      `without forcing a GC: ours ${mib(mo.perJourneyNoGc)}, reference ${mib(mr.perJourneyNoGc)} per journey)\n`,
  );
}
