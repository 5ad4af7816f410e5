/**
 * The issue-13 figure: one connection sends 4 MB awareness (presence) updates 40 times a second
 * to a room where 20 connections never read, for 60 s. The server's RSS is sampled throughout;
 * the target is that it stays within 50 MiB of where it started (LIMIT4, LIMIT6). Measured with
 * the defaults, and again with the presence byte budget lifted, which shows what closing the
 * readers that fall behind does alone. Beside them, the reference y-websocket server under the
 * same load, stopped once it has grown by 1 GiB.
 * Raw `ws` sockets throughout: a stock client never sends presence this large or this fast.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { exampleId, startServer, tempDataDir } from '../server/harness.ts';
import { awarenessMessage, encodedState } from '../server/awareness-message.ts';
import {
  removeTrackedDir,
  roomOf,
  rssBytes,
  sleep,
  startReference,
  stopProcess,
  tokenFor,
  track,
  trackDir,
  type Target,
} from './load.ts';

const ROOM = 'slf-isolated-family';
const READERS = 20;
const STATE_BYTES = 4_000_000;
const PER_SECOND = 40;
const SECONDS = 60;
const TARGET_MIB = 50;
/** The reference keeps everything for its readers; past this it is stopped, to spare the machine. */
const REFERENCE_STOP_MIB = 1024;
/** The writer stops sending while this much of its own is still unsent, so the load is what the server takes. */
const WRITER_BACKLOG = 16 * 1024 * 1024;

interface Run {
  startMiB: number;
  peakMiB: number;
  endMiB: number;
  /** Messages the writer sent per second, on average. */
  sentPerSecond: number;
  seconds: number;
  stoppedEarly: boolean;
}

const mib = (bytes: number) => bytes / 1024 / 1024;

function open(target: Pick<Target, 'wsUrl' | 'dataDir' | 'ids'>): Promise<WebSocket> {
  const room = roomOf(target, ROOM);
  const socket = new WebSocket(`${target.wsUrl}/${room}?token=${tokenFor(target, room, 'viewer')}`);
  socket.on('error', () => {});
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('close', (code) => reject(new Error(`closed with ${code} before opening`)));
  });
}

async function load(target: Target, stopAtMiB: number, readerCount = READERS): Promise<Run> {
  const pid = target.child.pid!;
  const readers: WebSocket[] = [];
  for (let i = 0; i < readerCount; i++) {
    const socket = await open(target);
    socket.pause(); // never reads again
    readers.push(socket);
  }
  const writer = await open(target);
  await sleep(1000);
  const startMiB = mib(rssBytes(pid));
  let peakMiB = startMiB;
  let sent = 0;
  let stoppedEarly = false;
  const state = encodedState({ user: { name: 'Bench' }, padding: 'x'.repeat(STATE_BYTES) });
  const started = performance.now();
  try {
    while (performance.now() - started < SECONDS * 1000) {
      const due = Math.floor(((performance.now() - started) / 1000) * PER_SECOND);
      if (sent < due && writer.readyState === WebSocket.OPEN && writer.bufferedAmount < WRITER_BACKLOG) {
        sent += 1;
        writer.send(awarenessMessage(4242, sent, state));
      }
      peakMiB = Math.max(peakMiB, mib(rssBytes(pid)));
      if (peakMiB - startMiB > stopAtMiB) {
        stoppedEarly = true;
        break;
      }
      await sleep(5);
    }
  } finally {
    writer.terminate();
    for (const socket of readers) socket.terminate();
  }
  const seconds = (performance.now() - started) / 1000;
  return { startMiB, peakMiB, endMiB: mib(rssBytes(pid)), sentPerSecond: sent / seconds, seconds, stoppedEarly };
}

/** Our server under the load, with `env` on top of its defaults; the readers it closed as fallen behind. */
async function ours(
  env: Record<string, string>,
  readerCount = READERS,
): Promise<Run & { fellBehind: number; readers: number }> {
  const dataDir = trackDir(tempDataDir());
  const server = await startServer(dataDir, { LOG_LEVEL: 'info', ...env });
  track(server.child);
  try {
    const target = {
      name: 'ours',
      wsUrl: server.wsUrl,
      child: server.child,
      output: server.output,
      hasContent: true,
      dataDir,
      // The example is stored under a random id; the reference keeps any.
      ids: new Map([[ROOM, exampleId(server, ROOM)]]),
    };
    const figures = await load(target, Infinity, readerCount);
    return {
      ...figures,
      readers: readerCount,
      fellBehind: (server.output().match(/"reason":"fellBehind"/g) ?? []).length,
    };
  } finally {
    await stopProcess(server.child);
    removeTrackedDir(dataDir);
  }
}

const growth = (run: Run) => run.peakMiB - run.startMiB;

function line(name: string, run: Run, reference: Run): void {
  const stopped = reference.stoppedEarly ? ` (stopped after ${reference.seconds.toFixed(1)} s)` : '';
  process.stdout.write(
    `${name.padEnd(44)} ours ${growth(run).toFixed(1).padStart(7)} MiB  │ reference ` +
      `${growth(reference).toFixed(1).padStart(7)} MiB${stopped}  │ ` +
      `target ≤ ${TARGET_MIB} MiB: ${growth(run) <= TARGET_MIB ? 'met' : 'MISSED'}\n`,
  );
}

const details = (run: Run & { fellBehind: number; readers: number }) =>
  `RSS ${run.startMiB.toFixed(0)} → peak ${run.peakMiB.toFixed(0)} → end ${run.endMiB.toFixed(0)} MiB, ` +
  `writer sent ${run.sentPerSecond.toFixed(1)}/s, ${run.fellBehind} of ${run.readers} readers closed as fallen behind`;

export async function run(): Promise<void> {
  process.stdout.write(
    `One writer sends ${STATE_BYTES / 1e6} MB presence updates at up to ${PER_SECOND}/s to a room where ` +
      `${READERS} connections never read, for ${SECONDS} s; RSS growth is the peak over the start.\n`,
  );
  const defaults = await ours({});
  // The same with the presence byte budget lifted: what holding back the readers does alone.
  const lifted = { AWARENESS_BYTES_PER_SECOND: String(1024 * 1024 * 1024) };
  const readersOnly = await ours(lifted);
  // And with no readers at all: what decoding and re-encoding that much presence costs by itself.
  const writerAlone = await ours(lifted, 0);
  let reference: Run;
  const server = await startReference();
  try {
    reference = await load(server, REFERENCE_STOP_MIB);
  } finally {
    await stopProcess(server.child);
  }
  line('RSS growth, defaults', defaults, reference);
  line('RSS growth, presence byte budget lifted', readersOnly, reference);
  process.stdout.write(
    `${'  the same with no readers at all'.padEnd(44)} ours ${growth(writerAlone).toFixed(1).padStart(7)} MiB  │ ` +
      `(the garbage collector's slack under this much JSON, readers or not)\n`,
  );
  process.stdout.write(
    `  (defaults: ${details(defaults)}; lifted: ${details(readersOnly)}; no readers: ${details(writerAlone)}; reference: RSS ` +
      `${reference.startMiB.toFixed(0)} → ${reference.peakMiB.toFixed(0)} MiB, writer sent ${reference.sentPerSecond.toFixed(1)}/s)\n`,
  );
}
