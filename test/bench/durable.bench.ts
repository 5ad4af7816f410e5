/**
 * Durable without the wait (server/SPEC.md STORE1): an update is shared at once and acknowledged
 * once its group is committed on the writer thread. Beside the reference y-websocket server (in
 * memory), both real processes on loopback, driven by stock y-websocket clients in this process:
 * - edit → peer with 30 editors in one room, 5 runs interleaved with the reference (every run
 *   printed; targets: median p50 ratio ≤ 1.1×, p99 ratio ≤ 1.5×), while every acknowledgement is
 *   durable (synchronous = FULL);
 * - edit → STORED (the acknowledgement) with 30 editors, p50 and p99;
 * - stored edits per second, editors writing as fast as they are acknowledged: one room with 10
 *   editors, and 100 rooms with 10 editors each; with the commits (groups) per second behind them.
 * Figures are printed, never asserted.
 */
import { performance } from 'node:perf_hooks';
import type * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { setWords, userOrigin } from '../../src/doc/index.ts';
import type { Journey, StageId } from '../../src/model/index.ts';
import { decodeStateVector, MESSAGE_STORED, readStored } from '../../src/protocol/index.ts';
import { connect, type Client } from '../server/harness.ts';
import {
  median,
  quantile,
  sleep,
  startReference,
  stopProcess,
  removeTrackedDir,
  roomOf,
  tokenFor,
  whenSynced,
  type Target,
} from './load.ts';
import { editLatency, journeyWith, ms, startOurs } from './server.bench.ts';

const RUNS = 5;
const ACK_EDITORS = 30;
const ACK_EDITS = 300;
const THROUGHPUT_SECONDS = 5;
const EDITORS_PER_ROOM = 10;
const MANY_ROOMS = 100;

/** The stages a client's room holds: a stored journey's stages get random ids (ids carry no content). */
const storedStageIds = (client: Client): StageId[] => [...client.doc.getMap('stages').keys()].sort() as StageId[];

/** A stock client asking for acknowledgements; `onStored` hears each one. */
function ackingClient(target: Target, docId: string, onStored: (client: Client, ownClock: number) => void): Client {
  const room = roomOf(target, docId);
  const client = connect(target, room, tokenFor(target, room), { ack: true });
  client.provider.messageHandlers[MESSAGE_STORED] = (_encoder: unknown, decoder: decoding.Decoder) => {
    client.stored = decodeStateVector(readStored(decoder));
    onStored(client, client.stored.get(client.doc.clientID) ?? 0);
  };
  return client;
}

/** Milliseconds from each edit until the STORED message covering it, editors taking turns. */
async function ackLatency(target: Target, journey: Journey): Promise<number[]> {
  let waiting: { client: Client; clock: number; start: number; done: (ms: number) => void } | undefined;
  const clients = Array.from({ length: ACK_EDITORS }, () =>
    ackingClient(target, journey.id, (client, own) => {
      if (waiting?.client === client && own >= waiting.clock) waiting.done(performance.now() - waiting.start);
    }),
  );
  try {
    await Promise.all(clients.map((c) => whenSynced(c)));
    const samples: number[] = [];
    const origin = userOrigin('bench');
    const stageIds = storedStageIds(clients[0]!);
    for (let n = 0; n < ACK_EDITS; n++) {
      const client = clients[n % clients.length]!;
      const stageId = stageIds[n % stageIds.length]!;
      samples.push(
        await new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`edit ${n} was not acknowledged`)), 10_000);
          const start = performance.now();
          setWords(client.doc, stageId, `Acknowledged edit ${n}.`, origin);
          waiting = {
            client,
            clock: Y.getState(client.doc.store, client.doc.clientID),
            start,
            done: (elapsed) => {
              clearTimeout(timer);
              resolve(elapsed);
            },
          };
        }),
      );
      await sleep(5);
    }
    return samples.slice(20).sort((a, b) => a - b);
  } finally {
    for (const client of clients) client.destroy();
  }
}

/**
 * Editors in each room edit as fast as they are acknowledged (closed loop): the acknowledged
 * edits per second over THROUGHPUT_SECONDS.
 */
async function storedEditsPerSecond(target: Target, journeys: Journey[]): Promise<number> {
  let measuring = false;
  let stopped = false;
  let acknowledged = 0;
  const origin = userOrigin('bench');
  const pending = new Map<Client, number>();
  const stageIdsOf = new Map<Client, StageId[]>();
  const edit = (client: Client, n: number) => {
    const stageIds = stageIdsOf.get(client)!;
    const stageId = stageIds[n % stageIds.length]!;
    setWords(client.doc, stageId, `Throughput edit ${n} by ${client.doc.clientID}.`, origin);
    pending.set(client, Y.getState(client.doc.store, client.doc.clientID));
  };
  const clients: Client[] = [];
  for (const journey of journeys) {
    for (let i = 0; i < EDITORS_PER_ROOM; i++) {
      let n = 0;
      clients.push(
        ackingClient(target, journey.id, (client, own) => {
          const wanted = pending.get(client);
          if (wanted === undefined || own < wanted || stopped) return;
          pending.delete(client);
          if (measuring) acknowledged += 1;
          edit(client, ++n);
        }),
      );
    }
  }
  try {
    await Promise.all(clients.map((c) => whenSynced(c)));
    for (const client of clients) stageIdsOf.set(client, storedStageIds(client));
    for (const client of clients) edit(client, 0);
    await sleep(1000); // warm up
    measuring = true;
    const start = performance.now();
    await sleep(THROUGHPUT_SECONDS * 1000);
    measuring = false;
    const rate = acknowledged / ((performance.now() - start) / 1000);
    stopped = true;
    return rate;
  } finally {
    stopped = true;
    for (const client of clients) client.destroy();
  }
}

/** Groups the server committed over its life, from the line it logs at shutdown. */
function commitsLogged(target: Target): { groups: number; writes: number } {
  const line = target
    .output()
    .split('\n')
    .find((l) => l.includes('storage closed'));
  if (!line) throw new Error('the server did not log its storage totals');
  return JSON.parse(line) as { groups: number; writes: number };
}

const perSecond = (value: number) => `${value.toFixed(0)}/s`;

export async function run(): Promise<void> {
  const maxListeners = process.getMaxListeners();
  process.setMaxListeners(maxListeners + MANY_ROOMS * EDITORS_PER_ROOM + 100);
  try {
    await measure();
  } finally {
    process.setMaxListeners(maxListeners);
  }
}

async function measure(): Promise<void> {
  const room = journeyWith('bench-durable', 20);
  process.stdout.write(
    `Ours: server/main.ts, SQLite WAL synchronous=FULL, writes grouped on a writer thread; reference: ` +
      `@y/websocket-server in memory. 30 stock clients; ${RUNS} runs, ours and the reference alternating first.\n`,
  );
  const ratios = { p50: [] as number[], p99: [] as number[] };
  for (let runIndex = 0; runIndex < RUNS; runIndex++) {
    const ours = await startOurs([room]);
    const reference = await startReference();
    const samples = { ours: [] as number[], reference: [] as number[] };
    try {
      const order = runIndex % 2 === 0 ? (['ours', 'reference'] as const) : (['reference', 'ours'] as const);
      for (const which of order) samples[which] = await editLatency(which === 'ours' ? ours : reference, room);
    } finally {
      await stopProcess(ours.child);
      await stopProcess(reference.child);
      removeTrackedDir(ours.dataDir);
    }
    const p50 = [quantile(samples.ours, 0.5), quantile(samples.reference, 0.5)] as const;
    const p99 = [quantile(samples.ours, 0.99), quantile(samples.reference, 0.99)] as const;
    ratios.p50.push(p50[0] / p50[1]);
    ratios.p99.push(p99[0] / p99[1]);
    process.stdout.write(
      `  run ${runIndex + 1}: edit → peer p50 ours ${ms(p50[0])} │ reference ${ms(p50[1])} │ ${(p50[0] / p50[1]).toFixed(2)}×;` +
        ` p99 ours ${ms(p99[0])} │ reference ${ms(p99[1])} │ ${(p99[0] / p99[1]).toFixed(2)}×\n`,
    );
  }
  const p50Ratio = median(ratios.p50);
  const p99Ratio = median(ratios.p99);
  process.stdout.write(
    `edit → peer, median of ${RUNS} runs: p50 ${p50Ratio.toFixed(2)}× the reference (target ≤ 1.1×: ${p50Ratio <= 1.1 ? 'met' : 'MISSED'}); ` +
      `p99 ${p99Ratio.toFixed(2)}× (target ≤ 1.5×: ${p99Ratio <= 1.5 ? 'met' : 'MISSED'})\n`,
  );

  {
    const ours = await startOurs([room]);
    try {
      const acks = await ackLatency(ours, room);
      process.stdout.write(
        `edit → STORED (acknowledged durable), ${ACK_EDITORS} editors, ${acks.length} edits: ` +
          `p50 ${ms(quantile(acks, 0.5))}, p99 ${ms(quantile(acks, 0.99))}\n`,
      );
    } finally {
      await stopProcess(ours.child);
      removeTrackedDir(ours.dataDir);
    }
  }

  for (const rooms of [1, MANY_ROOMS]) {
    const journeys = Array.from({ length: rooms }, (_, i) => journeyWith(`bench-throughput-${i}`, 20));
    const ours = await startOurs(journeys, { LOG_LEVEL: 'info' });
    let rate: number;
    try {
      rate = await storedEditsPerSecond(ours, journeys);
    } finally {
      await stopProcess(ours.child);
      removeTrackedDir(ours.dataDir);
    }
    // Nearly every write in the server's life is a throughput edit, so the writes per commit over
    // its life are those of the load; the commits per second follow from the edits per second.
    const totals = commitsLogged(ours);
    const perCommit = totals.writes / Math.max(1, totals.groups);
    process.stdout.write(
      `stored edits, ${rooms} room(s) × ${EDITORS_PER_ROOM} editors, closed loop: ${perSecond(rate)} acknowledged, ` +
        `${perCommit.toFixed(1)} writes per commit (${totals.writes} in ${totals.groups}), so ≈ ${perSecond(rate / perCommit)} commits\n`,
    );
  }
}
