/**
 * The server benchmark's load generator and process plumbing: start our server or the
 * reference y-websocket server as a real process, join rooms with stock y-websocket clients
 * (the test harness's `connect`), read a process's RSS, force a full GC in it through the
 * inspector, and clean up every process and folder even when a run fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join as pathJoin } from 'node:path';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { fromJourney } from '../../src/doc/index.ts';
import type { Journey } from '../../src/model/index.ts';
import type { Role } from '../../server/auth/tokens.ts';
import { connect, removeDir, root, token, waitFor, type Client } from '../server/harness.ts';

/** A server under load: where its rooms are, its process, and how a client joins a room. */
export interface Target {
  name: string;
  wsUrl: string;
  child: ChildProcess;
  output: () => string;
  /** True when the server keeps the document itself (ours); false when the first client must bring it. */
  hasContent: boolean;
  /** Our server's data folder, where grants are recorded; the reference has none. */
  dataDir?: string;
  /**
   * Where our server keeps each document the bench stored, by the id the bench gave it: the
   * server moves stored documents to random ids when it starts. The reference keeps any id.
   */
  ids?: ReadonlyMap<string, string>;
}

/** The room a document is in on this target, by the id the bench gave it. */
export const roomOf = (target: Pick<Target, 'ids'>, docId: string): string => target.ids?.get(docId) ?? docId;

/** A token the target lets in: a grant recorded in our server's store; the reference takes anything. */
export function tokenFor(target: Pick<Target, 'dataDir'>, docId: string, role: Role = 'participant'): string {
  return target.dataDir === undefined
    ? 'the-reference-ignores-tokens'
    : token({ dataDir: target.dataDir }, docId, role);
}

// Everything started here is stopped or removed at exit, even when the run throws.
const children = new Set<ChildProcess>();
const dirs = new Set<string>();
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) removeDir(dir);
});

export function track(child: ChildProcess): void {
  children.add(child);
  child.on('exit', () => children.delete(child));
}

export function trackDir(dir: string): string {
  dirs.add(dir);
  return dir;
}

export function removeTrackedDir(dir: string): void {
  removeDir(dir);
  dirs.delete(dir);
}

/** The reference: @y/websocket-server's setupWSConnection in a tiny http + ws process, in memory. */
export function startReference(env: Record<string, string> = {}): Promise<Target> {
  const child = spawn(process.execPath, [pathJoin(root, 'test/bench/reference-server.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ...env },
  });
  track(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) {
        const url = match[1]!;
        resolve({
          name: 'reference',
          wsUrl: `${url.replace(/^http/, 'ws')}collab`,
          child,
          output: () => output,
          hasContent: false,
        });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`reference server exited with ${code} before listening:\n${output}`)));
  });
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A stock client in the room (with a token our server accepts; the reference ignores it). */
export function join(target: Target, docId: string): Client {
  const room = roomOf(target, docId);
  return connect(target, room, tokenFor(target, room));
}

export const stageCount = (client: Client): number => client.doc.getMap('stages').size;

/** Resolves when the provider has finished its first sync with the server. */
export function whenSynced(client: Client, timeoutMs = 60_000): Promise<void> {
  if (client.provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for sync')), timeoutMs);
    const onSynced = (state: boolean) => {
      if (!state) return;
      clearTimeout(timer);
      client.provider.off('sync', onSynced);
      resolve();
    };
    client.provider.on('sync', onSynced);
  });
}

/**
 * Open the room with the journey in it and keep it open with this host client. On our server
 * the journey is already stored; on the reference the host brings it. Either way a second client
 * then joins and must receive the whole journey, which shows the server holds it.
 */
export async function host(target: Target, docId: string, journey: Journey): Promise<Client> {
  const client = join(target, docId);
  if (!target.hasContent) Y.applyUpdate(client.doc, Y.encodeStateAsUpdate(fromJourney(journey)));
  await whenSynced(client);
  const probe = join(target, docId);
  try {
    await whenSynced(probe);
    await waitFor(() => stageCount(probe) === journey.stages.length, 10_000, `${docId} to hold the journey`);
  } finally {
    probe.destroy();
  }
  await waitFor(() => stageCount(client) === journey.stages.length, 10_000, `the host of ${docId} to hold the journey`);
  return client;
}

/** Awareness states the client sees, itself included: once the server is idle, one per connection. */
export const presence = (client: Client): number => client.provider.awareness.getStates().size;

/** The resident set size of a process, in bytes (Linux). */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/** Node options for a process whose heap we want to collect from outside (through the inspector). */
export const INSPECTABLE = { NODE_OPTIONS: '--inspect=127.0.0.1:0' };

/** A full garbage collection in the target process, through its inspector (started with INSPECTABLE). */
export async function collectGarbage(target: Target): Promise<void> {
  await waitFor(() => /Debugger listening on ws:\/\//.test(target.output()), 5000, 'the inspector');
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(target.output())![1]!;
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    for (let id = 1; id <= 2; id++) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the inspector did not answer')), 10_000);
        socket.on('message', (data: Buffer) => {
          if ((JSON.parse(data.toString()) as { id?: number }).id !== id) return;
          clearTimeout(timer);
          resolve();
        });
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    }
  } finally {
    socket.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The value at quantile q of ascending samples (the same rule as measure.ts). */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export function median(values: number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}
