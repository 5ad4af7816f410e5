/** The server as `npm start` runs it: a real process on a random port, real SQLite. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
let dataDir: string;

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function start(env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [join(root, 'server/main.ts')], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir, JOURNEYS_DIR: join(root, 'journeys'), ...env },
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1]!, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

/** A raw GET, so that paths like /../ reach the server unnormalised. */
function get(url: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path.replace(/^\//, ''), { method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/server/entry.mjs'))) throw new Error('build the site first: npm run build');
  dataDir = mkdtempSync(join(tmpdir(), 'tp-server-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the server process', () => {
  it('serves the home page with the example journeys, loaded once, and stops cleanly on SIGTERM', async () => {
    const first = await start();
    const home = await get(first.url, '/');
    expect(home.status).toBe(200);
    for (const family of ['The Doyle family', 'The Marsh family', 'The Ashby family', 'The Holt family']) {
      expect(home.body).toContain(family);
    }
    expect(home.body).not.toMatch(/<script/);
    expect(home.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(first.output()).toMatch(/"added":4/);
    expect(await stop(first)).toBe(0);

    const second = await start();
    expect(second.output()).toMatch(/"added":0,"alreadyStored":4/);
    expect((await get(second.url, '/')).body.match(/<li>/g)).toHaveLength(4);
    expect(await stop(second)).toBe(0);
  });

  it('never serves files from outside the build', async () => {
    const running = await start();
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/..%2fserver/main.ts']) {
      const response = await get(running.url, path);
      expect(response.status, path).toBe(404);
      expect(response.body).not.toContain('turning-points');
    }
    await stop(running);
  });

  it('refuses to start on a bad environment value, naming the variable', () => {
    const result = spawnSync(process.execPath, [join(root, 'server/main.ts')], {
      env: { PATH: process.env.PATH, PORT: 'eighty', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/PORT/);
  });
});
