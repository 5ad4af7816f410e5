/**
 * STORE1 ACK1, checked from outside the process: the server runs under strace, which records
 * every read, write and flush to disk (fsync or fdatasync, whichever SQLite uses) with its time. For each update a client sends,
 * the `stored` message that acknowledges it must leave only after a flush that began after the
 * update arrived has returned: no acknowledgement ever goes out ahead of its commit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_STORED, MESSAGE_SYNC, decodeStateVector, readStored } from '../../src/protocol/index.ts';
import {
  removeDir,
  startServer,
  stopServer,
  tempDataDir,
  token,
  waitFor,
  type RunningServer,
  exampleId,
} from './harness.ts';

const ROOM = 'slf-isolated-family';
const UPDATES = 40;

interface Traced {
  call: string;
  fd: number;
  /** Seconds since the epoch: when the call began and when it returned. */
  start: number;
  end: number;
  bytes: number[];
}

/** The bytes of the string literals strace printed (`-xx`: every byte as \xHH), in order. */
const bytesOf = (text: string) =>
  [...text.matchAll(/"((?:\\x[0-9a-f]{2})*)(?:"|\.\.\.)/g)].flatMap((m) =>
    [...m[1]!.matchAll(/\\x([0-9a-f]{2})/g)].map((b) => parseInt(b[1]!, 16)),
  );

/** strace -f -ttt -T lines, with calls split across threads ("unfinished", "resumed") joined. */
function parseTrace(text: string): Traced[] {
  const open = new Map<string, { call: string; fd: number; start: number; args: string }>();
  const calls: Traced[] = [];
  for (const line of text.split('\n')) {
    const whole = /^(\d+)\s+([\d.]+) (\w+)\((\d+)(.*)\)\s+= (-?\d+).*<([\d.]+)>$/.exec(line);
    if (whole) {
      const [, , ts, call, fd, args, , duration] = whole;
      calls.push({
        call: call!,
        fd: Number(fd),
        start: Number(ts),
        end: Number(ts) + Number(duration),
        bytes: bytesOf(args!),
      });
      continue;
    }
    const unfinished = /^(\d+)\s+([\d.]+) (\w+)\((\d+)(.*)<unfinished \.\.\.>$/.exec(line);
    if (unfinished) {
      const [, pid, ts, call, fd, args] = unfinished;
      open.set(`${pid}:${call}`, { call: call!, fd: Number(fd), start: Number(ts), args: args! });
      continue;
    }
    const resumed = /^(\d+)\s+([\d.]+) <\.\.\. (\w+) resumed>(.*)\)\s+= (-?\d+)/.exec(line);
    if (resumed) {
      const [, pid, ts, call, rest] = resumed;
      const begun = open.get(`${pid}:${call}`);
      if (!begun) continue;
      open.delete(`${pid}:${call}`);
      calls.push({
        call: begun.call,
        fd: begun.fd,
        start: begun.start,
        end: Number(ts),
        bytes: bytesOf(begun.args + rest!),
      });
    }
  }
  return calls.sort((a, b) => a.start - b.start);
}

/** A server-to-client WebSocket frame (binary, unmasked, short) whose message is of this type. */
const isOutgoing = (bytes: number[], type: number) => bytes[0] === 0x82 && bytes[1]! < 126 && bytes[2] === type;
/** A client-to-server frame (binary, masked). */
const isIncoming = (bytes: number[]) => bytes[0] === 0x82 && (bytes[1]! & 0x80) !== 0;

const dirs: string[] = [];
const servers: RunningServer[] = [];
afterAll(async () => {
  for (const server of servers) await stopServer(server, 'SIGKILL');
  for (const dir of dirs) removeDir(dir);
});

describe('acknowledgements and the disk', () => {
  it('STORE1 ACK1: no stored message leaves before the flush of the group holding its update has returned (strace)', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const traceFile = join(dataDir, 'strace.txt');
    const server = await startServer(
      dataDir,
      {},
      {
        under: [
          'strace',
          '-f',
          '-ttt',
          '-T',
          '-xx',
          '-s',
          '6',
          '-e',
          'trace=read,write,writev,fdatasync,fsync',
          '-o',
          traceFile,
          '--',
        ],
      },
    );
    servers.push(server);

    // A bare client: it sends exactly what the test says, one update at a time.
    const socket = new WebSocket(
      `${server.wsUrl}/${exampleId(server, ROOM)}?token=${token(server, exampleId(server, ROOM), 'participant')}&ack=1`,
    );
    const doc = new Y.Doc();
    let stored = new Map<number, number>();
    let synced = false;
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      const type = decoding.readVarUint(decoder);
      if (type === MESSAGE_STORED) stored = decodeStateVector(readStored(decoder));
      if (type !== MESSAGE_SYNC) return;
      const kind = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'server');
      if (kind === syncProtocol.messageYjsSyncStep2) synced = true;
    });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, doc);
    socket.send(encoding.toUint8Array(step1));
    await waitFor(() => synced, 5000, 'the document to arrive');

    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'server') return;
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, MESSAGE_SYNC);
      syncProtocol.writeUpdate(message, update);
      socket.send(encoding.toUint8Array(message));
    });
    for (let n = 1; n <= UPDATES; n++) {
      doc.getMap('durability-probe').set('n', n);
      const clock = Y.getState(doc.store, doc.clientID);
      await waitFor(() => (stored.get(doc.clientID) ?? 0) >= clock, 5000, `update ${n} to be acknowledged`);
    }
    socket.close();
    // strace passes no signal on: stop the server it runs, and strace ends with it.
    const traced = Number(readFileSync(`/proc/${server.child.pid}/task/${server.child.pid}/children`, 'utf8').trim());
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    process.kill(traced, 'SIGTERM');
    await exited;

    const trace = parseTrace(readFileSync(traceFile, 'utf8'));
    const acks = trace.filter(
      (c) => (c.call === 'write' || c.call === 'writev') && isOutgoing(c.bytes, MESSAGE_STORED),
    );
    const clientFd = acks[0]!.fd;
    const flushes = trace.filter((c) => c.call === 'fdatasync' || c.call === 'fsync');
    const arrivals = trace.filter((c) => c.call === 'read' && c.fd === clientFd && isIncoming(c.bytes));
    // The step 1 and then one frame per update.
    expect(arrivals.length).toBe(1 + UPDATES);
    for (const [n, arrival] of arrivals.slice(1).entries()) {
      const ack = acks.find((c) => c.fd === clientFd && c.start > arrival.end);
      expect(ack, `the acknowledgement of update ${n + 1}`).toBeDefined();
      const flush = flushes.find((f) => f.start > arrival.start && f.end < ack!.start);
      expect(flush, `a flush between update ${n + 1} arriving and its acknowledgement`).toBeDefined();
    }
    expect(flushes.length).toBeGreaterThanOrEqual(UPDATES);
  }, 60_000);
});
